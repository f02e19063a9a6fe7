export type TokenKind = 'staff_session' | 'api_token' | 'customer_session';

export interface AccessTokenTable {
  id: string;
  token_hash: string;
  kind: TokenKind;
  /** Staff sessions and API tokens made by a staff member. */
  staff_id: string | null;
  customer_account_id: string | null;
  profile_id: string | null;
  /** API tokens carry their own role (and store for associates). */
  role: string | null;
  store_id: string | null;
  name: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuthTables {
  access_tokens: AccessTokenTable;
}
