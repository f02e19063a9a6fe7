import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { DB } from '../../../db-schema.js';
import { newId } from '../../../platform/ids.js';
import { createHash } from 'node:crypto';
import { identifierKey } from '../resolution/identifiers.js';
import { ownersOf, resolveEvent } from '../resolution/resolver.js';
import { refusedAnalytics, setConsents } from '../consent/consent.service.js';
import { consentFromEvent } from '../consent/purposes.js';
import { anonymisePayload } from './anonymise.js';
import { applyContribution, rebuildDerived, refreshTraitCache, traitEntries } from '../profile-derived.js';
import { normaliseSegmentEvent, type NormalisedEvent, type SourceInfo } from './segment-event.js';
import { kyselyIngestStore, messageKey, type IngestStore } from './ingest-store.js';
import { sqliteIngestStore } from './ingest-store.sqlite.js';
import { planRun, profilesToSeed, type QueuedEvent } from './ingest-plan.js';
import { IngestState } from './ingest-state.js';
import { newIngestId, newProfileId } from '../identity-ids.js';
import { profilesWithNewTraits, runWrites } from './ingest-writes.js';
import { publishIngested } from './tracked-events.js';

export interface StoredEvent {
  eventId: string;
  /** Empty when the event was kept without identity or refused. */
  profileId: string;
  duplicate: boolean;
  /** Kept without identity: the person refused analytics. */
  anonymized?: boolean;
  /** Not kept: it names an erased identity and happened before the erasure. */
  suppressed?: boolean;
}

export interface IngestItem {
  source: SourceInfo;
  event: NormalisedEvent;
}

export interface StoreOptions {
  /**
   * The raw SQLite handle behind `db`, when there is one: the batch's reads and writes then run as
   * prepared statements on it (see ingest-store.sqlite.ts). Used only while `db` is a transaction.
   */
  sqlite?: SqliteDatabase.Database | undefined;
}

/** The advisory lock ingestion transactions take on PostgreSQL: an arbitrary (namespace, key) pair. */
const INGEST_LOCK = [0x50617373, 1] as const;

export function identifierHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Stores one normalised event and resolves its person, inside the caller's transaction. A message id
 * already stored for this source is a duplicate: acknowledged again, stored once.
 */
export async function storeEvent(db: Kysely<DB>, source: SourceInfo, event: NormalisedEvent, now: string): Promise<StoredEvent> {
  return (await storeItems(db, [{ source, event }], now))[0]!;
}

/** Stores a batch of one source's events inside the caller's transaction; answers in the same order. */
export async function storeEvents(db: Kysely<DB>, source: SourceInfo, events: NormalisedEvent[], now: string, options: StoreOptions = {}): Promise<StoredEvent[]> {
  return storeItems(db, events.map((event) => ({ source, event })), now, options);
}

/**
 * Stores events (of any sources) inside the caller's transaction, with the outcome `storeEvent`
 * one event at a time, in this order, would give: the first of a repeated message id is stored, the
 * others are duplicates; events about erased identities are dropped; the rest is planned in runs
 * (ingest-plan.ts), each read and written with a few whole-batch statements. Late events, merges
 * and consent choices that change what is recorded go through `storeEventAlone`, the sequential
 * path, at their place. `test/identity/batch-ingest.test.ts` holds this against `storeEventAlone`.
 */
export async function storeItems(db: Kysely<DB>, items: IngestItem[], now: string, options: StoreOptions = {}): Promise<StoredEvent[]> {
  const store = options.sqlite && db.isTransaction && options.sqlite.inTransaction ? sqliteIngestStore(options.sqlite) : kyselyIngestStore(db);
  const results: StoredEvent[] = new Array<StoredEvent>(items.length);
  if (items.length === 0) return results;
  // Resolution reads the graph, then writes it: two transactions about the same new person at once
  // would each make a profile. SQLite has one writer; on PostgreSQL ingestion transactions take
  // turns on this lock (held until the caller's transaction ends; reads after it, READ COMMITTED,
  // see what the previous holder committed).
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${INGEST_LOCK[0]}, ${INGEST_LOCK[1]})`.execute(db);
  const stored = await store.existingMessages(items.map(({ source, event }) => ({ sourceId: source.id, messageId: event.messageId })));
  const fresh: QueuedEvent[] = [];
  items.forEach(({ source, event }, index) => {
    const existing = stored.get(messageKey(source.id, event.messageId));
    if (existing) results[index] = { eventId: existing.id, profileId: existing.profileId ?? '', duplicate: true };
    else fresh.push({ index, source, event, keys: event.identifiers.map(identifierKey), choices: consentFromEvent(event.context) });
  });
  const erased = await erasedKeys(store, fresh);
  // In arrival order, as one by one: a message id already kept in this batch is a duplicate (even
  // if this copy names an erased identifier); an event about an erased identifier is dropped and
  // does not claim its message id.
  const first = new Map<string, number>();
  const duplicates: [number, number][] = [];
  const queue: QueuedEvent[] = [];
  for (const item of fresh) {
    const key = messageKey(item.source.id, item.event.messageId);
    const earlier = first.get(key);
    if (earlier !== undefined) duplicates.push([item.index, earlier]);
    else if (erased && isSuppressed(item, erased)) results[item.index] = { eventId: '', profileId: '', duplicate: false, suppressed: true };
    else {
      first.set(key, item.index);
      queue.push(item);
    }
  }
  await applyQueue(db, store, queue, now, results);
  for (const [index, earlier] of duplicates) results[index] = { eventId: results[earlier]!.eventId, profileId: results[earlier]!.profileId, duplicate: true };
  await publishIngested(db, items, results, now);
  return results;
}

interface Erased {
  hashes: Map<string, string>;
  erasedAt: Map<string, string>;
}

/** Erasure times of the identifiers these events name, or null when nothing was ever erased. */
async function erasedKeys(store: IngestStore, items: QueuedEvent[]): Promise<Erased | null> {
  if (items.length === 0 || !(await store.anySuppressed())) return null;
  const hashes = new Map<string, string>();
  for (const item of items) for (const key of item.keys) if (!hashes.has(key)) hashes.set(key, identifierHash(key));
  const erasedAt = await store.suppressions([...hashes.values()]);
  return erasedAt.size === 0 ? null : { hashes, erasedAt };
}

/** Names an identifier erased after the event happened. */
function isSuppressed(item: QueuedEvent, erased: Erased): boolean {
  return item.keys.some((key) => {
    const at = erased.erasedAt.get(erased.hashes.get(key)!);
    return at !== undefined && at > item.event.timestamp;
  });
}

// Runs are planned over a window of the queue. After an event resolved again from history (or one
// that changed consent choices) what was read is forgotten; after a late one the window restarts
// small, so a backlog of late events (each resolved alone) does not re-read the rest of the batch
// each time.
const MIN_WINDOW = 32;

async function applyQueue(db: Kysely<DB>, store: IngestStore, queue: QueuedEvent[], now: string, results: StoredEvent[]): Promise<void> {
  const state = new IngestState(store);
  let at = 0;
  let window = Number.POSITIVE_INFINITY;
  const alone = async (item: QueuedEvent) => {
    results[item.index] = await storeEventAlone(db, item.source, item.event, now);
    at += 1;
  };
  while (at < queue.length) {
    const candidates = queue.slice(at, Math.min(queue.length, at + window));
    await state.load(candidates);
    const seed = profilesToSeed(candidates, state);
    await state.loadMembers(seed.profiles);
    const separations = await state.separations(seed.profiles, seed.keys);
    const plan = planRun({ candidates, state, separations, newEventId: () => newIngestId('evt'), newProfileId });
    if (plan.applied.length > 0) {
      const withTraits = profilesWithNewTraits(plan);
      await store.write(runWrites(plan, withTraits.length > 0 ? await store.traits(withTraits) : [], now));
      state.applied(plan);
      for (const { item, eventId, profileId } of plan.applied) {
        results[item.index] = profileId === null ? { eventId, profileId: '', duplicate: false, anonymized: true } : { eventId, profileId, duplicate: false };
      }
      at += plan.applied.length;
    }
    if (plan.stop === 'merge') {
      const merging = queue[at]!;
      await alone(merging);
      state.forgetMerge(merging);
    } else if (plan.stop === 'late' || plan.stop === 'consent') {
      // Still late (or still changing choices) after the run: a run moves order marks forward only, and records no choice.
      await alone(queue[at]!);
      state.forgetAll();
      if (plan.stop === 'late') window = MIN_WINDOW;
    } else window *= 2;
  }
}

/**
 * One event, one statement at a time (what `storeEvent` was before batches): the path of events
 * that arrive late, merge profiles or change consent choices. It checks again what `storeItems`
 * checked (duplicate, erased), so it stands on its own, as the reference the batch path is tested
 * against.
 */
export async function storeEventAlone(db: Kysely<DB>, source: SourceInfo, event: NormalisedEvent, now: string): Promise<StoredEvent> {
  const existing = await db
    .selectFrom('events')
    .select(['id', 'profile_id'])
    .where('source_id', '=', source.id)
    .where('message_id', '=', event.messageId)
    .executeTakeFirst();
  if (existing) return { eventId: existing.id, profileId: existing.profile_id ?? '', duplicate: true };
  const keys = event.identifiers.map(identifierKey);
  const suppressed = await db
    .selectFrom('suppressed_identifiers')
    .select('erased_at')
    .where('hash', 'in', keys.map(identifierHash))
    .where('erased_at', '>', event.timestamp)
    .executeTakeFirst();
  if (suppressed) return { eventId: '', profileId: '', duplicate: false, suppressed: true };
  const eventId = newId('evt');
  const consent = consentFromEvent(event.context);
  const owners = [...new Set((await ownersOf(db, keys)).values())];
  // Without analytics consent the event is kept, but without anything that identifies the person.
  const anonymized = consent.analytics === false || (consent.analytics !== true && (await refusedAnalytics(db, owners)));
  if (anonymized) {
    for (const profileId of owners) await setConsents(db, profileId, consent, { channel: event.channel, source: `event:${eventId}`, at: event.timestamp });
  }
  await db
    .insertInto('events')
    .values({
      id: eventId,
      source_id: source.id,
      message_id: event.messageId,
      profile_id: null,
      type: event.type,
      name: event.name,
      channel: event.channel,
      store_id: event.storeId,
      timestamp: event.timestamp,
      received_at: event.receivedAt,
      payload: JSON.stringify(anonymized ? anonymisePayload(event.payload) : event.payload),
      identifiers: anonymized ? '[]' : JSON.stringify(keys),
      order_key: event.orderKey,
      anonymized: anonymized ? 1 : 0,
    })
    .execute();
  if (anonymized) return { eventId, profileId: '', duplicate: false, anonymized: true };
  const resolution = await resolveEvent(db, { id: eventId, orderKey: event.orderKey, timestamp: event.timestamp, identifiers: event.identifiers }, now);
  if (resolution.touched.length > 0) {
    for (const profileId of resolution.touched) await rebuildDerived(db, profileId);
  } else {
    await applyContribution(db, resolution.profileId, { sourceId: source.id, channel: event.channel, timestamp: event.timestamp, orderKey: event.orderKey, traits: event.traits });
    if (traitEntries(event.traits).length > 0) await refreshTraitCache(db, resolution.profileId);
  }
  if (Object.keys(consent).length > 0) await setConsents(db, resolution.profileId, consent, { channel: event.channel, source: `event:${eventId}`, at: event.timestamp });
  return { eventId, profileId: resolution.profileId, duplicate: false };
}

/** The source of events Passerelle records itself (sign-ups, consent changes made by staff, orders). */
export const SYSTEM_SOURCE_ID = 'system';

/**
 * Records an interaction that did not come through a tracking call, so the timeline, the identity
 * graph and the traits see it like any other event.
 */
export async function recordSystemEvent(
  db: Kysely<DB>,
  input: { channel: string; storeId?: string | null; raw: Record<string, unknown> },
  at: Date,
): Promise<StoredEvent> {
  const source: SourceInfo = { id: SYSTEM_SOURCE_ID, channel: input.channel, storeId: input.storeId ?? null };
  const normalised = normaliseSegmentEvent({ messageId: newId('msg', at.getTime()), timestamp: at.toISOString(), ...input.raw }, source, at);
  if (!normalised.ok) throw new Error(`system event is invalid: ${normalised.field} ${normalised.message}`);
  // Stored like a source's event, so journeys hear it as they hear sources (tracked-events.ts).
  return storeEvent(db, source, normalised.event, at.toISOString());
}
