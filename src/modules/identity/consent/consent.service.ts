import type { Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import type { ConsentTable } from '../identity.tables.js';
import { newId } from '../../../platform/ids.js';
import { DEFAULT_CONSENT, PURPOSES, mostRestrictive, type Purpose } from './purposes.js';

export interface ConsentState {
  granted: boolean;
  /** False when no choice is recorded and the default applies. */
  recorded: boolean;
  channel: string | null;
  source: string | null;
  wordingVersion: string | null;
  updatedAt: string | null;
}

export interface ConsentChange {
  channel: string;
  source: string;
  wordingVersion?: string | null;
  reason?: string | null;
  at: string;
}

export async function getConsents(db: Kysely<DB>, profileId: string): Promise<Record<Purpose, ConsentState>> {
  return consentsFromRows(await db.selectFrom('consents').selectAll().where('profile_id', '=', profileId).execute());
}

/** A `consents` row as the profile read selects it (the person is known). */
export type ConsentRow = Omit<ConsentTable, 'profile_id'>;

/** Every purpose's state from the person's `consents` rows (the default where none is recorded). */
export function consentsFromRows(rows: readonly ConsentRow[]): Record<Purpose, ConsentState> {
  const result = {} as Record<Purpose, ConsentState>;
  for (const purpose of PURPOSES) {
    const row = rows.find((r) => r.purpose === purpose);
    result[purpose] = row
      ? { granted: row.granted === 1, recorded: true, channel: row.channel, source: row.source, wordingVersion: row.wording_version, updatedAt: row.updated_at }
      : { granted: DEFAULT_CONSENT[purpose], recorded: false, channel: null, source: null, wordingVersion: null, updatedAt: null };
  }
  return result;
}

/** Records choices (only those that change something), each kept in the history. */
export async function setConsents(db: Kysely<DB>, profileId: string, purposes: Partial<Record<Purpose, boolean>>, change: ConsentChange): Promise<void> {
  const current = await getConsents(db, profileId);
  for (const [purpose, granted] of Object.entries(purposes) as [Purpose, boolean][]) {
    const before = current[purpose];
    if (before.recorded && before.granted === granted && before.wordingVersion === (change.wordingVersion ?? null)) continue;
    const row = {
      profile_id: profileId,
      purpose,
      granted: granted ? 1 : 0,
      channel: change.channel,
      source: change.source,
      wording_version: change.wordingVersion ?? null,
      updated_at: change.at,
    };
    await db
      .insertInto('consents')
      .values(row)
      .onConflict((oc) => oc.columns(['profile_id', 'purpose']).doUpdateSet({ granted: row.granted, channel: row.channel, source: row.source, wording_version: row.wording_version, updated_at: row.updated_at }))
      .execute();
    await db
      .insertInto('consent_history')
      .values({ id: newId('cns'), profile_id: profileId, purpose, granted: row.granted, channel: change.channel, source: change.source, wording_version: row.wording_version, reason: change.reason ?? null, at: change.at })
      .execute();
  }
}

/** The one question other modules ask: may we do this to this person now? */
export async function mayI(db: Kysely<DB>, profileId: string, purpose: Purpose): Promise<boolean> {
  const row = await db.selectFrom('consents').select('granted').where('profile_id', '=', profileId).where('purpose', '=', purpose).executeTakeFirst();
  return row ? row.granted === 1 : DEFAULT_CONSENT[purpose];
}

/** Profiles among these that refused analytics: their events are kept without identity. */
export async function refusedAnalytics(db: Kysely<DB>, profileIds: string[]): Promise<boolean> {
  if (profileIds.length === 0) return false;
  const row = await db
    .selectFrom('consents')
    .select('profile_id')
    .where('profile_id', 'in', profileIds)
    .where('purpose', '=', 'analytics')
    .where('granted', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * After a merge, each purpose takes the most restrictive recorded choice of the profiles merged:
 * a refusal if there is one, else the latest agreement, kept with its own channel, source and wording.
 */
export async function mergeConsents(db: Kysely<DB>, survivorId: string, mergedIds: string[], at: string): Promise<void> {
  if (mergedIds.length === 0) return;
  const rows = await db.selectFrom('consents').selectAll().where('profile_id', 'in', [survivorId, ...mergedIds]).execute();
  for (const purpose of PURPOSES) {
    const candidates = rows.filter((r) => r.purpose === purpose);
    const merged = mostRestrictive(candidates.map((r) => r.granted === 1));
    if (merged === undefined) continue;
    const winner = candidates.filter((r) => (r.granted === 1) === merged).sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1))[0]!;
    const current = candidates.find((r) => r.profile_id === survivorId);
    if (current && current.granted === winner.granted && current.wording_version === winner.wording_version) continue;
    const row = { ...winner, profile_id: survivorId };
    await db
      .insertInto('consents')
      .values(row)
      .onConflict((oc) => oc.columns(['profile_id', 'purpose']).doUpdateSet({ granted: row.granted, channel: row.channel, source: row.source, wording_version: row.wording_version, updated_at: row.updated_at }))
      .execute();
    await db
      .insertInto('consent_history')
      .values({ id: newId('cns'), profile_id: survivorId, purpose, granted: row.granted, channel: row.channel, source: row.source, wording_version: row.wording_version, reason: `merge of ${mergedIds.join(', ')}`, at })
      .execute();
  }
}
