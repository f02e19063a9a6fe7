import type { Deps, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { UNKNOWN_ACCOUNT_HASH, hashPassword, normaliseEmail, verifyPassword } from '../../platform/auth/passwords.js';
import { issueToken, resolveBearerToken, revokeToken } from '../../platform/auth/tokens.js';
import type { Principal, StaffRole } from '../../platform/auth/principal.js';
import { isStaffRole } from '../../platform/auth/principal.js';
import { storeExists } from '../catalog/stores.service.js';
import { findStaffByEmail, findStaffById, listStaff as listStaffRows, type StaffRow } from './staff.repo.js';
import type { ApiToken, CreateApiTokenBody, CreateStaffBody, StaffMember, StaffSession, UpdateStaffBody } from './staff.schemas.js';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as StaffRole,
    storeId: row.store_id,
    locale: row.locale,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
  };
}

export function resolveBearer(deps: Deps, token: string): Promise<Principal | null> {
  return resolveBearerToken(deps.database.kysely, deps.clock, token, async (staffId) => {
    const row = await findStaffById(deps.database.kysely, staffId);
    if (!row || !isStaffRole(row.role)) return undefined;
    return { role: row.role, storeId: row.store_id, active: row.disabled_at === null };
  });
}

export async function loginStaff(ctx: Ctx, input: { email: string; password: string }): Promise<StaffSession> {
  const row = await findStaffByEmail(ctx.db, normaliseEmail(input.email));
  const valid = await verifyPassword(input.password, row?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!row || !valid || row.disabled_at) throw new AppError('staff.invalid_credentials', 'Email or password is wrong');
  const issued = await issueToken(ctx.db, ctx.clock, { kind: 'staff_session', staffId: row.id, ttlMs: SESSION_TTL_MS });
  return { token: issued.token, expiresAt: issued.expiresAt, staff: toStaffMember(row) };
}

export async function logout(ctx: Ctx): Promise<void> {
  const tokenId = ctx.principal.kind === 'staff' || ctx.principal.kind === 'customer' ? ctx.principal.tokenId : null;
  if (tokenId) await revokeToken(ctx.db, ctx.clock, { id: tokenId });
}

export async function currentStaff(ctx: Ctx): Promise<StaffMember> {
  const principal = ctx.principal;
  if (principal.kind !== 'staff') throw new AppError('platform.forbidden', 'Not a staff session');
  if (principal.staffId) {
    const row = await findStaffById(ctx.db, principal.staffId);
    if (row) return toStaffMember(row);
  }
  // The bootstrap admin token and API tokens without an owner have no account behind them.
  return {
    id: principal.tokenId ?? 'bootstrap',
    email: '',
    name: principal.tokenId ? 'API token' : 'Bootstrap administrator',
    role: principal.role,
    storeId: principal.storeId,
    locale: 'fr',
    createdAt: new Date(0).toISOString(),
    disabled: false,
  };
}

async function checkStoreBinding(ctx: Ctx, role: StaffRole, storeId: string | null | undefined): Promise<string | null> {
  if (role === 'associate' && !storeId) throw new AppError('staff.store_required', 'An associate works for one store: give storeId');
  if (!storeId) return null;
  if (!(await storeExists(ctx, storeId))) {
    throw new AppError('platform.validation_failed', `No store ${storeId}`, { errors: [{ path: 'body/storeId', message: 'is not a known store' }] });
  }
  return storeId;
}

export async function createStaff(ctx: Ctx, input: CreateStaffBody): Promise<StaffMember> {
  const email = normaliseEmail(input.email);
  const storeId = await checkStoreBinding(ctx, input.role, input.storeId);
  if (await findStaffByEmail(ctx.db, email)) throw new AppError('staff.email_taken', `A staff account already uses ${email}`);
  const now = ctx.clock.now().toISOString();
  const row: StaffRow = {
    id: newId('stf'),
    email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    store_id: storeId,
    locale: input.locale ?? 'fr',
    created_at: now,
    updated_at: now,
    disabled_at: null,
  };
  try {
    await ctx.db.insertInto('staff_accounts').values(row).execute();
  } catch (error) {
    // Two creations racing for one email: the unique index decides.
    if (await findStaffByEmail(ctx.db, email)) throw new AppError('staff.email_taken', `A staff account already uses ${email}`);
    throw error;
  }
  return toStaffMember(row);
}

export async function updateStaff(ctx: Ctx, id: string, input: UpdateStaffBody): Promise<StaffMember> {
  const row = await findStaffById(ctx.db, id);
  if (!row) throw new AppError('staff.not_found', `No staff account ${id}`);
  const role = input.role ?? (row.role as StaffRole);
  const storeId = await checkStoreBinding(ctx, role, input.storeId === undefined ? row.store_id : input.storeId);
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .updateTable('staff_accounts')
    .set({
      name: input.name ?? row.name,
      role,
      store_id: storeId,
      locale: input.locale ?? row.locale,
      password_hash: input.password ? await hashPassword(input.password) : row.password_hash,
      disabled_at: input.disabled === undefined ? row.disabled_at : input.disabled ? (row.disabled_at ?? now) : null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  return toStaffMember((await findStaffById(ctx.db, id))!);
}

export async function listStaff(ctx: Ctx, query: { cursor?: string | undefined; limit: number; role?: string | undefined; q?: string | undefined }) {
  const rows = await listStaffRows(ctx.db, { after: query.cursor, limit: query.limit, role: query.role, q: query.q });
  const items = rows.slice(0, query.limit).map(toStaffMember);
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

export async function createApiToken(ctx: Ctx, input: CreateApiTokenBody): Promise<ApiToken & { token: string }> {
  const storeId = await checkStoreBinding(ctx, input.role, input.storeId);
  const staffId = ctx.principal.kind === 'staff' ? ctx.principal.staffId : null;
  const issued = await issueToken(ctx.db, ctx.clock, {
    kind: 'api_token',
    staffId,
    role: input.role,
    storeId,
    name: input.name,
    ...(input.expiresInDays ? { ttlMs: input.expiresInDays * 86_400_000 } : {}),
  });
  return {
    id: issued.id,
    token: issued.token,
    name: input.name,
    role: input.role,
    storeId,
    createdAt: ctx.clock.now().toISOString(),
    expiresAt: issued.expiresAt,
    revoked: false,
  };
}

export async function listApiTokens(ctx: Ctx): Promise<ApiToken[]> {
  const rows = await ctx.db
    .selectFrom('access_tokens')
    .select(['id', 'name', 'role', 'store_id', 'created_at', 'expires_at', 'revoked_at'])
    .where('kind', '=', 'api_token')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name ?? '',
    role: row.role as StaffRole,
    storeId: row.store_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revoked: row.revoked_at !== null,
  }));
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('access_tokens').select(['id']).where('id', '=', id).where('kind', '=', 'api_token').executeTakeFirst();
  if (!row) throw new AppError('staff.token_not_found', `No API token ${id}`);
  await revokeToken(ctx.db, ctx.clock, { id });
}

