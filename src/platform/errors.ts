import type { ErrorCode } from '../error-codes.js';

export interface FieldError {
  /** JSON pointer into the input (`/variants/0/price`) or a CSV location (`line 12, price`). */
  path: string;
  message: string;
}

/**
 * The one error type business code throws. The code is namespaced per module
 * (`catalog.product_not_found`) and maps to an HTTP status in `error-codes.ts`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
