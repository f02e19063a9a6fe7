import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../clock.js';
import { newId, newSecret } from '../ids.js';
import { hashSecret } from './passwords.js';
import type { TokenKind } from './auth.tables.js';
import { isStaffRole, type Principal, type StaffRole } from './principal.js';

export interface IssuedToken {
  id: string;
  /** The secret itself: returned once, stored only as a hash. */
  token: string;
  expiresAt: string | null;
}

const PREFIX: Record<TokenKind, string> = {
  staff_session: 'pst',
  api_token: 'pat',
  customer_session: 'pcs',
};

export interface IssueTokenInput {
  kind: TokenKind;
  staffId?: string | null;
  customerAccountId?: string | null;
  profileId?: string | null;
  role?: string | null;
  storeId?: string | null;
  name?: string | null;
  /** Lifetime in milliseconds; omitted means it lasts until revoked. */
  ttlMs?: number;
}

export async function issueToken(db: Kysely<DB>, clock: Clock, input: IssueTokenInput): Promise<IssuedToken> {
  const now = clock.now();
  const token = newSecret(PREFIX[input.kind]);
  const id = newId('tok', now.getTime());
  const expiresAt = input.ttlMs ? new Date(now.getTime() + input.ttlMs).toISOString() : null;
  await db
    .insertInto('access_tokens')
    .values({
      id,
      token_hash: hashSecret(token),
      kind: input.kind,
      staff_id: input.staffId ?? null,
      customer_account_id: input.customerAccountId ?? null,
      profile_id: input.profileId ?? null,
      role: input.role ?? null,
      store_id: input.storeId ?? null,
      name: input.name ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { id, token, expiresAt };
}

export async function revokeToken(db: Kysely<DB>, clock: Clock, where: { id?: string; token?: string }): Promise<boolean> {
  let query = db.updateTable('access_tokens').set({ revoked_at: clock.now().toISOString() }).where('revoked_at', 'is', null);
  if (where.id) query = query.where('id', '=', where.id);
  else if (where.token) query = query.where('token_hash', '=', hashSecret(where.token));
  else return false;
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface StaffStanding {
  role: StaffRole;
  storeId: string | null;
  active: boolean;
}

/**
 * A bearer token to the principal it stands for. Staff sessions take the staff member's current role,
 * so a role change or a disabled account takes effect on the next request.
 */
export async function resolveBearerToken(
  db: Kysely<DB>,
  clock: Clock,
  token: string,
  loadStaff: (staffId: string) => Promise<StaffStanding | undefined>,
): Promise<Principal | null> {
  if (token.length < 10 || token.length > 200) return null;
  const row = await db
    .selectFrom('access_tokens')
    .select(['id', 'kind', 'staff_id', 'customer_account_id', 'profile_id', 'role', 'store_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  if (row.expires_at && row.expires_at <= clock.now().toISOString()) return null;
  switch (row.kind) {
    case 'staff_session': {
      const staff = row.staff_id ? await loadStaff(row.staff_id) : undefined;
      if (!staff?.active) return null;
      return { kind: 'staff', role: staff.role, staffId: row.staff_id, storeId: staff.storeId, tokenId: row.id };
    }
    case 'api_token': {
      if (!row.role || !isStaffRole(row.role)) return null;
      return { kind: 'staff', role: row.role, staffId: row.staff_id, storeId: row.store_id, tokenId: row.id };
    }
    case 'customer_session': {
      if (!row.profile_id || !row.customer_account_id) return null;
      return { kind: 'customer', profileId: row.profile_id, accountId: row.customer_account_id, tokenId: row.id };
    }
  }
}
