import { platformErrorStatus } from './platform/http/platform.errors.js';
import { idempotencyErrorStatus } from './platform/http/idempotency.errors.js';
import { staffErrorStatus } from './modules/staff/staff.errors.js';
import { identityErrorStatus } from './modules/identity/identity.errors.js';
import { catalogErrorStatus } from './modules/catalog/catalog.errors.js';
import { storesErrorStatus } from './modules/catalog/stores.errors.js';
import { engagementErrorStatus } from './modules/engagement/engagement.errors.js';
import { cartsErrorStatus } from './modules/commerce/carts.errors.js';
import { ordersErrorStatus } from './modules/commerce/orders.errors.js';
import { inventoryErrorStatus } from './modules/inventory/inventory.errors.js';
import { availabilityErrorStatus } from './modules/inventory/availability.errors.js';
import { insightsErrorStatus } from './modules/insights/insights.errors.js';
import { personalizationErrorStatus } from './modules/personalization/personalization.errors.js';

/**
 * Every error code of every module and its HTTP status, in one table. A code missing here does not
 * type-check where it is thrown.
 */
export const errorStatus = {
  ...platformErrorStatus,
  ...idempotencyErrorStatus,
  ...staffErrorStatus,
  ...identityErrorStatus,
  ...catalogErrorStatus,
  ...storesErrorStatus,
  ...inventoryErrorStatus,
  ...cartsErrorStatus,
  ...ordersErrorStatus,
  ...engagementErrorStatus,
  ...availabilityErrorStatus,
  ...insightsErrorStatus,
  ...personalizationErrorStatus,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export function statusFor(code: ErrorCode): number {
  return errorStatus[code];
}
