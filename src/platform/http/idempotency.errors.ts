export const idempotencyErrorStatus = {
  /** The same Idempotency-Key was sent with a different request (RFC draft "Idempotency-Key", §2.7). */
  'platform.idempotency_key_reused': 422,
} as const satisfies Record<string, number>;
