/**
 * Every store, in memory, for the locator: a thousand stores are a few megabytes, and ranking them
 * in JS costs less than one query. Each store carries its time-independent JSON, rendered once per
 * row version, so an answer is a revision check, a scan, and string concatenation.
 *
 * Freshness: before every answer the locator reads `catalog_revisions` (one primary-key lookup),
 * which triggers on `locations` bump on any insert, update or delete, from any connection or
 * process. A different number reloads the stores; so a store created, moved or re-timed shows in
 * the very next answer, on both engines and from every handle on the same database.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { commonFields, readHoursExceptions, storeStatus, upcomingOf } from './location-views.js';
import * as repo from './stores.repo.js';
import type { LocationRow } from './stores.service.js';

interface TimeState {
  openNow: boolean;
  /** `,"openNow":…` and `,"nextChange":{…}` when there is one. */
  json: string;
  /** The state holds for every instant in [from, until). */
  from: number;
  until: number;
}

export interface DirectoryStore {
  readonly row: LocationRow;
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
  /** The services column: a JSON array of names, tested by quoted substring. */
  readonly services: string;
  /** The store's JSON up to its time-dependent fields, without the closing brace. */
  readonly staticJson: string;
  /** No hours exception at all: the upcoming list is always empty. */
  readonly noExceptions: boolean;
  time: TimeState | undefined;
}

export interface Directory {
  readonly revision: number;
  readonly stores: readonly DirectoryStore[];
}

interface Slot {
  current: Directory | undefined;
  loading: Promise<Directory> | undefined;
  loadingRevision: number;
}

// One per Kysely instance (a database handle): two handles each check the revision themselves.
const slots = new WeakMap<Kysely<DB>, Slot>();

/** The stores as of now: the cached ones when the revision has not moved, else freshly read. */
export async function storeDirectory(db: Kysely<DB>): Promise<Directory> {
  let slot = slots.get(db);
  if (!slot) {
    slot = { current: undefined, loading: undefined, loadingRevision: -1 };
    slots.set(db, slot);
  }
  // Read before the rows: a change committed in between makes the rows newer than the number,
  // which only costs one extra reload.
  const revision = await repo.locationsRevision(db);
  if (slot.current?.revision === revision) return slot.current;
  if (slot.loading && slot.loadingRevision === revision) return slot.loading;
  const owner = slot;
  const loading = repo.allStores(db).then(
    (rows) => {
      const directory: Directory = { revision, stores: rows.map((row) => entryOf(row, owner.current)) };
      if (owner.loading === loading) owner.loading = undefined;
      // A slower, older load must not replace a newer one.
      if (!owner.current || owner.current.revision <= revision || revision < 0) owner.current = directory;
      return directory;
    },
    (error: unknown) => {
      if (owner.loading === loading) owner.loading = undefined;
      throw error;
    },
  );
  slot.loading = loading;
  slot.loadingRevision = revision;
  return loading;
}

// Rows that did not change keep their rendered JSON across reloads.
function entryOf(row: LocationRow, previous: Directory | undefined): DirectoryStore {
  const known = previous ? byIdOf(previous).get(row.id) : undefined;
  if (known && sameRow(known.row, row)) return known;
  return {
    row,
    id: row.id,
    latitude: row.latitude,
    longitude: row.longitude,
    services: row.services,
    staticJson: JSON.stringify(commonFields(row)).slice(0, -1),
    noExceptions: readHoursExceptions(row.hours_exceptions).length === 0,
    time: undefined,
  };
}

const byIdCache = new WeakMap<Directory, Map<string, DirectoryStore>>();
function byIdOf(directory: Directory): Map<string, DirectoryStore> {
  let map = byIdCache.get(directory);
  if (!map) {
    map = new Map(directory.stores.map((store) => [store.id, store]));
    byIdCache.set(directory, map);
  }
  return map;
}

function sameRow(a: LocationRow, b: LocationRow): boolean {
  for (const key of Object.keys(b) as (keyof LocationRow)[]) if (a[key] !== b[key]) return false;
  return true;
}

function timeState(store: DirectoryStore, now: Date, at: number): TimeState {
  const known = store.time;
  if (known && known.from <= at && at < known.until) return known;
  const status = storeStatus(store.row, now);
  const json = `,"openNow":${status.openNow}${status.nextChange ? `,"nextChange":${JSON.stringify(status.nextChange)}` : ''}`;
  // No change within the horizon moves with the clock: not kept (as storeStatus does).
  const state: TimeState = { openNow: status.openNow, json, from: at, until: status.nextChange ? Date.parse(status.nextChange.at) : at };
  store.time = state;
  return state;
}

/** Open (true) or closed (false) at `now`, in the store's own time zone. */
export function isOpenAt(store: DirectoryStore, now: Date): boolean {
  return timeState(store, now, now.getTime()).openNow;
}

/**
 * The store as the `Store` response schema has it, as JSON: what `toStore(row, now, distanceKm)`
 * gives, serialised (the locator tests compare the two).
 */
export function storeJson(store: DirectoryStore, now: Date, distanceKm?: number): string {
  const upcoming = store.noExceptions ? '[]' : JSON.stringify(upcomingOf(store.row, now));
  const distance = distanceKm === undefined ? '' : `,"distanceKm":${Math.round(distanceKm * 100) / 100}`;
  return `${store.staticJson},"openingHoursExceptions":${upcoming}${distance}${timeState(store, now, now.getTime()).json}}`;
}
