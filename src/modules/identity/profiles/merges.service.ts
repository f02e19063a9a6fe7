import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { resolveNeighbourhood } from '../resolution/resolver.js';
import { rebuildDerived } from '../profile-derived.js';
import { requireLiveProfile } from './profiles.service.js';

export interface MergeRecord {
  id: string;
  survivorId: string;
  mergedId: string;
  eventId: string | null;
  via: string | null;
  reason: string;
  createdAt: string;
  revertedAt: string | null;
}

export async function listMerges(ctx: Ctx, id: string): Promise<MergeRecord[]> {
  const profileId = await requireLiveProfile(ctx, id);
  const rows = await ctx.db
    .selectFrom('identity_merges')
    .selectAll()
    .where((eb) => eb.or([eb('survivor_id', '=', profileId), eb('merged_id', '=', profileId)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, survivorId: r.survivor_id, mergedId: r.merged_id, eventId: r.event_id, via: r.via, reason: r.reason, createdAt: r.created_at, revertedAt: r.reverted_at }));
}

/**
 * Undoes a merge: the two profiles' anchors are separated for good, and the person is resolved again
 * from the events, so each event, identifier and trait goes back to the side it came from.
 */
export async function unmerge(ctx: Ctx, mergeId: string): Promise<{ survivorId: string; restoredId: string }> {
  const merge = await ctx.db.selectFrom('identity_merges').selectAll().where('id', '=', mergeId).executeTakeFirst();
  if (!merge) throw new AppError('identity.merge_not_found', `No merge ${mergeId}`);
  if (merge.reverted_at) throw new AppError('identity.merge_already_reverted', `Merge ${mergeId} was already undone on ${merge.reverted_at}`);
  if (!merge.survivor_anchor || !merge.merged_anchor) throw new AppError('identity.merge_not_reversible', 'This merge did not record the identifiers it joined');
  const now = ctx.clock.now().toISOString();
  const actor = ctx.principal.kind === 'staff' ? (ctx.principal.staffId ?? ctx.principal.tokenId ?? 'bootstrap') : 'unknown';
  const survivorId = await requireLiveProfile(ctx, merge.survivor_id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('identity_separations').values({ id: newId('sep'), a: merge.survivor_anchor, b: merge.merged_anchor, merge_id: merge.id, created_at: now }).execute();
    await trx.updateTable('identity_merges').set({ reverted_at: now, reverted_by: actor }).where('id', '=', merge.id).execute();
    const resolution = await resolveNeighbourhood(trx, null, [survivorId], now);
    for (const profileId of resolution.touched) await rebuildDerived(trx, profileId);
  });
  return { survivorId, restoredId: merge.merged_id };
}
