/**
 * One row per (caller, Idempotency-Key): the first successful answer to a request that moves money
 * or stock, replayed to any retry with the same key. Written in the same transaction as the change.
 */
export interface IdempotencyKeyTable {
  /** Who sent it (`staff:<id>`, `token:<id>`, `customer:<profileId>`, `source:<id>`): keys are per caller. */
  caller: string;
  key: string;
  /** SHA-256 of method, route, path parameters and body: the same key with another request is refused. */
  fingerprint: string;
  method: string;
  path: string;
  status_code: number;
  response_body: string;
  created_at: string;
  /** After this the key may be used again (and the row is swept). */
  expires_at: string;
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeyTable;
}
