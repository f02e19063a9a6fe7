import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { UNKNOWN_ACCOUNT_HASH, hashPassword, normaliseEmail, verifyPassword } from '../../platform/auth/passwords.js';
import { issueToken, revokeToken } from '../../platform/auth/tokens.js';
import { findStore } from '../catalog/stores.service.js';
import { recordSystemEvent } from './ingest/ingest.service.js';
import { liveProfileId } from './resolution/resolver.js';
import type { CustomerCredentials, CustomerSession, Me } from './identity.schemas.js';

const CUSTOMER_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;


/**
 * Opens a customer account. A profile already known by this email (from a till sale, a newsletter…)
 * gets the account, so the history that came before the signup stays with the person.
 */
export async function signup(ctx: Ctx, input: CustomerCredentials, channel = 'web'): Promise<CustomerSession> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now().toISOString();
  const accountId = newId('acc');
  const profileId = await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('customer_accounts').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppError('identity.email_taken', `An account already exists for ${email}; sign in instead`);
    // The sign-up is an identify event: the account's email joins the identity graph, so a profile
    // already known by that email (a till sale, a newsletter) becomes the account's. The account id
    // goes in as a device-like id, not a userId, so the retailer's own userId can still join it.
    const stored = await recordSystemEvent(trx, { channel, raw: { type: 'identify', anonymousId: accountId, traits: { email } } }, ctx.clock.now());
    if (!stored.profileId) throw new AppError('identity.email_taken', `The identity ${email} cannot be used for an account`);
    const owner = await trx.selectFrom('customer_accounts').select('id').where('profile_id', '=', stored.profileId).executeTakeFirst();
    if (owner) throw new AppError('identity.email_taken', `This person already has an account; sign in instead`);
    await trx.insertInto('customer_accounts').values({ id: accountId, profile_id: stored.profileId, email, password_hash: passwordHash, created_at: now }).execute();
    return stored.profileId;
  });
  const issued = await issueToken(ctx.db, ctx.clock, { kind: 'customer_session', customerAccountId: accountId, profileId, ttlMs: CUSTOMER_SESSION_TTL_MS });
  return { token: issued.token, profileId, expiresAt: issued.expiresAt };
}

export async function login(ctx: Ctx, input: { email: string; password: string }): Promise<CustomerSession> {
  const email = normaliseEmail(input.email);
  const account = await ctx.db.selectFrom('customer_accounts').selectAll().where('email', '=', email).executeTakeFirst();
  const valid = await verifyPassword(input.password, account?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!account || !valid) throw new AppError('identity.invalid_credentials', 'Email or password is wrong');
  const issued = await issueToken(ctx.db, ctx.clock, {
    kind: 'customer_session',
    customerAccountId: account.id,
    profileId: account.profile_id,
    ttlMs: CUSTOMER_SESSION_TTL_MS,
  });
  return { token: issued.token, profileId: account.profile_id, expiresAt: issued.expiresAt };
}

export async function logout(ctx: Ctx): Promise<void> {
  if (ctx.principal.kind === 'customer') await revokeToken(ctx.db, ctx.clock, { id: ctx.principal.tokenId });
}

function customerOf(ctx: Ctx): { profileId: string; accountId: string } {
  if (ctx.principal.kind !== 'customer') throw new AppError('platform.forbidden', 'Only a signed-in customer has a /v1/me');
  return ctx.principal;
}

export async function me(ctx: Ctx): Promise<Me> {
  const { accountId } = customerOf(ctx);
  const profileId = await myProfileId(ctx);
  const row = await ctx.db
    .selectFrom('profiles')
    .crossJoin('customer_accounts')
    .select(['profiles.id', 'profiles.traits', 'profiles.favourite_store_id', 'customer_accounts.email'])
    .where('profiles.id', '=', profileId)
    .where('customer_accounts.id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new AppError('identity.profile_not_found', 'This account has no profile any more');
  return { profileId: row.id, email: row.email, traits: JSON.parse(row.traits) as Record<string, unknown>, favouriteStoreId: row.favourite_store_id };
}

/** Sets (or, with null, clears) a customer's favourite store: the one the shop shows stock for first. */
export async function setFavouriteStore(ctx: Ctx, profileId: string, storeId: string | null): Promise<void> {
  if (storeId !== null) {
    const store = await findStore(ctx, storeId);
    if (!store || store.kind !== 'store') {
      throw new AppError('platform.validation_failed', `No store ${storeId}`, { errors: [{ path: 'body/storeId', message: 'is not a known store' }] });
    }
  }
  const result = await ctx.db
    .updateTable('profiles')
    .set({ favourite_store_id: storeId, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', profileId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('identity.profile_not_found', `No profile ${profileId}`);
}

/** The signed-in customer's profile now: the one their session named, or the one it was merged into. */
export async function myProfileId(ctx: Ctx): Promise<string> {
  const profileId = await liveProfileId(ctx.db, customerOf(ctx).profileId);
  if (!profileId) throw new AppError('identity.profile_not_found', 'This account has no profile any more');
  return profileId;
}

export async function setMyFavouriteStore(ctx: Ctx, storeId: string | null): Promise<Me> {
  await setFavouriteStore(ctx, await myProfileId(ctx), storeId);
  return me(ctx);
}
