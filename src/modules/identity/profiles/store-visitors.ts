/**
 * Who is in a store now: the people whose app checked in there (`Store Entered`) within a window,
 * latest first, for the associate who greets them. Read from the events, which identity owns.
 */
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { assertStoreAccess } from '../../../platform/http/auth.plugin.js';
import { parseDuration } from '../../../platform/duration.js';
import type { Visitors, VisitorsQuery } from './profiles.schemas.js';

export async function storeVisitors(ctx: Ctx, storeId: string, query: VisitorsQuery): Promise<Visitors> {
  assertStoreAccess(ctx.principal, storeId);
  const windowMs = parseDuration(query.within ?? 'PT4H');
  if (windowMs === null || windowMs > 7 * 86_400_000)
    throw new AppError('platform.validation_failed', 'within must be an ISO 8601 duration of at most 7 days', { errors: [{ path: 'querystring/within', message: 'an ISO 8601 duration up to P7D' }] });
  const since = new Date(ctx.clock.now().getTime() - windowMs).toISOString();
  const rows = await ctx.db
    .selectFrom('events as e')
    .innerJoin('profiles as p', 'p.id', 'e.profile_id')
    .select(['p.id as profile_id', 'p.merged_into'])
    .select((eb) => eb.fn.max('e.timestamp').as('entered_at'))
    .where('e.store_id', '=', storeId)
    .where('e.name', '=', 'Store Entered')
    .where('e.timestamp', '>=', since)
    .groupBy(['p.id', 'p.merged_into'])
    .orderBy('entered_at', 'desc')
    .limit(query.limit ?? 30)
    .execute();
  // A merged-away id answers with the person it became.
  const ids = [...new Set(rows.map((r) => r.merged_into ?? r.profile_id))];
  if (ids.length === 0) return { items: [] };
  const [traits, emails] = await Promise.all([
    ctx.db.selectFrom('profile_traits').select(['profile_id', 'name', 'value']).where('profile_id', 'in', ids).where('name', 'in', ['firstName', 'lastName']).execute(),
    ctx.db.selectFrom('profile_identities').select(['profile_id', 'value']).where('profile_id', 'in', ids).where('type', '=', 'email').execute(),
  ]);
  const trait = (id: string, name: string) => {
    const row = traits.find((t) => t.profile_id === id && t.name === name);
    return row ? String(JSON.parse(row.value) as unknown) : null;
  };
  const seen = new Set<string>();
  const items: Visitors['items'] = [];
  for (const row of rows) {
    const id = row.merged_into ?? row.profile_id;
    if (seen.has(id)) continue;
    seen.add(id);
    items.push({ profileId: id, firstName: trait(id, 'firstName'), lastName: trait(id, 'lastName'), email: emails.find((e) => e.profile_id === id)?.value ?? null, enteredAt: String(row.entered_at) });
  }
  return { items };
}
