import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { liveProfileId } from '../identity/resolution/resolver.js';

/** Who carts and wishlists belong to, seen from commerce: through the identity module's reads. */
export async function requireLiveProfileId(ctx: Pick<Ctx, 'db'>, id: string): Promise<string> {
  const live = await liveProfileId(ctx.db, id);
  if (!live) throw new AppError('identity.profile_not_found', `No profile ${id}`);
  return live;
}

/** Staff may act for anyone; a customer only for themselves (merges followed). */
export async function requireCustomerOrStaffFor(ctx: Ctx, profileId: string, message: string): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind === 'staff') return;
  if (principal.kind === 'customer') {
    const [mine, theirs] = await Promise.all([liveProfileId(ctx.db, principal.profileId), liveProfileId(ctx.db, profileId)]);
    if (mine !== undefined && mine === theirs) return;
  }
  throw new AppError(principal.kind === 'anonymous' ? 'platform.unauthenticated' : 'commerce.not_your_cart', message);
}

/** The profile ids that now answer as this person (merged-away ones) and the device ids they used. */
export async function profileIdsAnswering(db: Kysely<DB>, liveId: string): Promise<{ profileIds: string[]; anonymousIds: string[] }> {
  const [merged, devices] = await Promise.all([
    db.selectFrom('profiles').select('id').where('merged_into', '=', liveId).execute(),
    db.selectFrom('profile_identities').select('value').where('profile_id', '=', liveId).where('type', '=', 'anonymousId').execute(),
  ]);
  return { profileIds: [liveId, ...merged.map((m) => m.id)], anonymousIds: devices.map((d) => d.value) };
}

/** Who did it, for "added by": a staff member, a customer, a source, or nobody known. */
export function actorOf(ctx: Ctx): string | null {
  const p = ctx.principal;
  switch (p.kind) {
    case 'staff':
      return p.staffId ? `staff:${p.staffId}` : 'staff:bootstrap';
    case 'customer':
      return `customer:${p.profileId}`;
    case 'source':
      return `source:${p.sourceId}`;
    case 'anonymous':
      return null;
  }
}

/** The channel a change comes from when the caller does not say: an associate is in a store. */
export function channelOf(ctx: Ctx, fallback: string): string {
  const p = ctx.principal;
  if (p.kind === 'staff') return p.role === 'associate' ? 'store' : p.role === 'agent' ? 'call_centre' : fallback;
  if (p.kind === 'source') return p.channel;
  return fallback;
}
