import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import type { MessageTable } from './engagement.tables.js';

function view(row: Selectable<MessageTable>) {
  return {
    id: row.id,
    profileId: row.profile_id,
    journeyId: row.journey_id,
    stepId: row.step_id,
    channel: row.channel,
    transactional: row.transactional === 1,
    status: row.status as 'sent' | 'deferred' | 'suppressed' | 'failed',
    reason: row.reason,
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    recipient: row.recipient,
    deliverAt: row.deliver_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** Every message decided (sent, deferred, suppressed with its reason), newest first. */
export async function listMessages(ctx: Ctx, query: { profileId?: string | undefined; journeyId?: string | undefined; limit?: number | undefined }) {
  let q = ctx.db.selectFrom('messages').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 50);
  if (query.profileId) {
    const live = (await liveProfileId(ctx.db, query.profileId)) ?? query.profileId;
    const merged = await ctx.db.selectFrom('profiles').select('id').where('merged_into', '=', live).execute();
    q = q.where('profile_id', 'in', [live, ...merged.map((m) => m.id)]);
  }
  if (query.journeyId) q = q.where('journey_id', '=', query.journeyId);
  return { items: (await q.execute()).map(view) };
}

/** The in-app inbox: messages delivered on the inbox channel. */
export async function inboxOf(ctx: Ctx, profileId: string) {
  const rows = await ctx.db
    .selectFrom('messages')
    .selectAll()
    .where('profile_id', '=', profileId)
    .where('channel', '=', 'inbox')
    .where('status', '=', 'sent')
    .orderBy('sent_at', 'desc')
    .limit(100)
    .execute();
  return { items: rows.map(view) };
}

/** Deferred messages (quiet hours) go out when their time comes. */
export async function releaseDeferred(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const result = await ctx.db
    .updateTable('messages')
    .set({ status: 'sent', sent_at: now })
    .where('status', '=', 'deferred')
    .where('deliver_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
