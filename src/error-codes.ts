import { platformErrorStatus } from './platform/http/platform.errors.js';
import { staffErrorStatus } from './modules/staff/staff.errors.js';
import { identityErrorStatus } from './modules/identity/identity.errors.js';
import { catalogErrorStatus } from './modules/catalog/catalog.errors.js';
import { storesErrorStatus } from './modules/catalog/stores.errors.js';

/**
 * Every error code of every module and its HTTP status, in one table. A code missing here does not
 * type-check where it is thrown.
 */
export const errorStatus = {
  ...platformErrorStatus,
  ...staffErrorStatus,
  ...identityErrorStatus,
  ...catalogErrorStatus,
  ...storesErrorStatus,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export function statusFor(code: ErrorCode): number {
  return errorStatus[code];
}
