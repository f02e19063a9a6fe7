import { sql } from 'kysely';
import type { Ctx, Deps } from '../../../platform/context.js';
import { identifierHash } from '../ingest/ingest.service.js';
import { audit, requireLiveProfile } from './profiles.service.js';
import { personalDataHandlers } from '../../../personal-data-handlers.js';

/** Every profile id that is this person: the live one and those merged into it. */
async function personIds(ctx: Ctx, profileId: string): Promise<string[]> {
  const merged = await ctx.db.selectFrom('profiles').select('id').where('merged_into', '=', profileId).execute();
  return [profileId, ...merged.map((m) => m.id)];
}

/** Everything held on a person, machine-readable (GDPR art. 15 and 20). */
export async function exportProfile(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const profileId = await requireLiveProfile(ctx, id);
  const ids = await personIds(ctx, profileId);
  const db = ctx.db;
  const identities = await db.selectFrom('profile_identities').selectAll().where('profile_id', 'in', ids).execute();
  const events = await db.selectFrom('events').selectAll().where('profile_id', 'in', ids).orderBy('order_key').execute();
  const person = { profileIds: ids, identifiers: identities.map((i) => ({ type: i.type, value: i.value })) };
  const modules: Record<string, unknown> = {};
  for (const handler of personalDataHandlers()) modules[handler.name] = await handler.export(db, person);
  return {
    exportedAt: ctx.clock.now().toISOString(),
    profile: await db.selectFrom('profiles').selectAll().where('id', 'in', ids).execute().then((rows) => rows.map((r) => ({ ...r, traits: JSON.parse(r.traits) as unknown }))),
    identities,
    traits: (await db.selectFrom('profile_traits').selectAll().where('profile_id', 'in', ids).execute()).map((t) => ({ ...t, value: JSON.parse(t.value) as unknown })),
    channels: await db.selectFrom('profile_channels').selectAll().where('profile_id', 'in', ids).execute(),
    consents: await db.selectFrom('consents').selectAll().where('profile_id', 'in', ids).execute(),
    consentHistory: await db.selectFrom('consent_history').selectAll().where('profile_id', 'in', ids).orderBy('at').execute(),
    account: await db.selectFrom('customer_accounts').select(['id', 'email', 'created_at']).where('profile_id', 'in', ids).execute(),
    merges: await db.selectFrom('identity_merges').selectAll().where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('merged_id', 'in', ids)])).execute(),
    events: events.map((e) => ({ ...e, payload: JSON.parse(e.payload) as unknown, identifiers: JSON.parse(e.identifiers) as unknown })),
    staffAccess: await db.selectFrom('audit_log').selectAll().where('profile_id', 'in', ids).orderBy('at').execute(),
    ...modules,
  };
}

/**
 * Erases a person from every table, raw events included. Their identifiers are kept only as
 * hashes, so events about them from before the erasure (a till's late upload) are not taken again,
 * while the same email coming back later starts a new, empty profile. On SQLite, deleted pages are
 * zeroed (secure_delete) and the write-ahead log is truncated, so the data leaves the files too.
 */
export async function eraseProfile(ctx: Ctx, deps: Deps, id: string): Promise<{ erased: string[]; events: number }> {
  const profileId = await requireLiveProfile(ctx, id);
  const now = ctx.clock.now().toISOString();
  let eventCount = 0;
  const ids = await personIds(ctx, profileId);
  await ctx.db.transaction().execute(async (trx) => {
    const identities = await trx.selectFrom('profile_identities').select(['type', 'value']).where('profile_id', 'in', ids).execute();
    const keys = identities.map((i) => `${i.type}:${i.value}`);
    // Other modules' data first, while the identities that lead to it still exist.
    for (const handler of personalDataHandlers()) await handler.erase(trx, { profileIds: ids, identifiers: identities });
    for (const key of keys) {
      await trx.insertInto('suppressed_identifiers').values({ hash: identifierHash(key), erased_at: now }).onConflict((oc) => oc.column('hash').doUpdateSet({ erased_at: now })).execute();
    }
    const eventIds = (await trx.selectFrom('events').select('id').where('profile_id', 'in', ids).execute()).map((e) => e.id);
    eventCount = eventIds.length;
    for (let i = 0; i < eventIds.length; i += 500) await trx.deleteFrom('identity_skips').where('event_id', 'in', eventIds.slice(i, i + 500)).execute();
    if (keys.length) {
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        await trx.deleteFrom('identity_skips').where('identifier', 'in', chunk).execute();
        await trx.deleteFrom('identity_separations').where((eb) => eb.or([eb('a', 'in', chunk), eb('b', 'in', chunk)])).execute();
      }
    }
    await trx.deleteFrom('events').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('profile_identities').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('profile_traits').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('profile_channels').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('consents').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('consent_history').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('identity_merges').where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('merged_id', 'in', ids)])).execute();
    const accounts = await trx.selectFrom('customer_accounts').select('id').where('profile_id', 'in', ids).execute();
    if (accounts.length) await trx.deleteFrom('access_tokens').where('customer_account_id', 'in', accounts.map((a) => a.id)).execute();
    await trx.deleteFrom('customer_accounts').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('access_tokens').where('profile_id', 'in', ids).execute();
    await trx.deleteFrom('profiles').where('id', 'in', ids).execute();
  });
  await audit(ctx, 'profile.erase', profileId);
  if (deps.database.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db);
  return { erased: ids, events: eventCount };
}
