import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../clock.js';
import type { Ctx, Deps } from '../context.js';
import { newId } from '../ids.js';
import type { BackgroundTask } from '../work/background-work.js';

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  subjectId: string | null;
  payload: P;
  occurredAt: string;
}

export interface NewDomainEvent<P = Record<string, unknown>> {
  type: string;
  subjectId?: string | null;
  payload: P;
}

/**
 * The outbox tasks of this process that want to hear of an event as soon as it is published (to fan
 * it out at once rather than at the next poll). Told the event's id; they see it once it commits.
 */
const publishListeners = new Set<(eventId: string) => void>();

/**
 * Records a domain event. Call it with the transaction that makes the change, so both commit or
 * neither does; subscribers see it once it is committed. The outbox of this process is woken at
 * once; other processes find it at their next poll.
 */
export async function publishDomainEvent<P extends Record<string, unknown>>(
  db: Kysely<DB>,
  clock: Clock,
  event: NewDomainEvent<P>,
): Promise<DomainEvent<P>> {
  const now = clock.now();
  const row = {
    id: newId('dev', now.getTime()),
    type: event.type,
    subject_id: event.subjectId ?? null,
    payload: JSON.stringify(event.payload),
    occurred_at: now.toISOString(),
    dispatched: 0,
  };
  await db.insertInto('domain_events').values(row).execute();
  for (const listener of publishListeners) listener(row.id);
  return { id: row.id, type: row.type, subjectId: row.subject_id, payload: event.payload, occurredAt: row.occurred_at };
}

/**
 * Reacts to domain events. `handle` runs inside the transaction that marks the delivery done: what it
 * writes through `ctx.db` commits exactly once with it, or rolls back and is retried with backoff.
 * Effects outside the database (a message sent) may repeat after a crash, so they must be
 * idempotent on `event.id`. Order between events is not guaranteed across processes.
 */
export interface Subscriber {
  /** Stable: it keys the deliveries. Renaming it re-delivers nothing and orphans pending ones. */
  name: string;
  /** Event types it reacts to; `*` for every one (the journey engine, whose triggers are data). */
  types: readonly string[];
  /**
   * Optional, for a subscriber whose interest is data (webhook endpoints): which types among `types`
   * it wants now, asked once per fan-out batch; an event it does not want gets no delivery.
   */
  interestedIn?(db: Kysely<DB>): Promise<(type: string) => boolean>;
  handle(event: DomainEvent, ctx: DeliveryCtx): Promise<void>;
}

/**
 * What a subscriber runs with: `db` is the delivery's transaction; on SQLite, `sqlite` is the raw
 * handle it runs on, for the paths that take prepared statements (ingestion's, for timeline events).
 */
export interface DeliveryCtx extends Ctx {
  sqlite?: SqliteDatabase.Database | undefined;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
const FAN_OUT_BATCH = 200;
const DELIVERIES_PER_RUN = 100;
/**
 * Deliveries run one after another without yielding to I/O (SQLite answers synchronously): past this
 * long a run stops, lets requests in, and goes again at once.
 */
const DELIVERY_BUDGET_MS = 20;
/** An event published here and not fanned out after this long was rolled back or taken by another process. */
const UNSEEN_FORGOTTEN_MS = 2_000;

/** Retry delay after the n-th failed attempt: 1 s, 2 s, 4 s… capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/** The background task that turns committed events into deliveries and runs them. */
export function outboxTask(deps: Deps, subscribers: readonly Subscriber[]): BackgroundTask {
  const names = new Set<string>();
  for (const subscriber of subscribers) {
    if (names.has(subscriber.name)) throw new Error(`Two outbox subscribers are named ${subscriber.name}`);
    names.add(subscriber.name);
  }
  const byName = new Map(subscribers.map((s) => [s.name, s]));
  const db = deps.database.kysely;
  const postgres = deps.database.dialect === 'postgres';

  // Events published in this process and not fanned out yet, with when. A wake may come before the
  // publishing transaction commits (PostgreSQL: the fan-out runs on another connection), so while
  // some are unseen the task wakes itself again, soon then less soon (5 ms doubling up to the poll).
  const unseen = new Map<string, number>();
  let wake: (() => void) | undefined;
  let recheck: NodeJS.Timeout | undefined;
  let recheckMs = 5;
  const lookAgainIfUnseen = () => {
    if (!wake || recheck) return;
    const now = Date.now();
    for (const [id, at] of unseen) if (now - at > UNSEEN_FORGOTTEN_MS) unseen.delete(id);
    if (unseen.size === 0) {
      recheckMs = 5;
      return;
    }
    recheck = setTimeout(() => {
      recheck = undefined;
      wake?.();
    }, recheckMs);
    recheck.unref();
    recheckMs = Math.min(recheckMs * 2, Math.max(5, deps.config.workerPollMs));
  };

  /** Turns committed events into deliveries, one per interested subscriber, in the caller's transaction. */
  const fanOut = async (trx: Transaction<DB>): Promise<number> => {
    let query = trx.selectFrom('domain_events').select(['id', 'type']).where('dispatched', '=', 0).orderBy('id').limit(FAN_OUT_BATCH);
    if (postgres) query = query.forUpdate().skipLocked();
    const events = await query.execute();
    if (events.length === 0) return 0;
    const now = deps.clock.now().toISOString();
    const wants = new Map<string, (type: string) => boolean>();
    for (const s of subscribers) if (s.interestedIn) wants.set(s.name, await s.interestedIn(trx));
    const deliveries = events.flatMap((event) =>
      subscribers
        .filter((s) => (s.types.includes(event.type) || s.types.includes('*')) && (wants.get(s.name)?.(event.type) ?? true))
        .map((s) => ({ event_id: event.id, subscriber: s.name, status: 'pending' as const, attempts: 0, available_at: now, last_error: null, updated_at: now })),
    );
    for (let i = 0; i < deliveries.length; i += 64) {
      await trx
        .insertInto('event_deliveries')
        .values(padded(deliveries.slice(i, i + 64)))
        .onConflict((c) => c.columns(['subscriber', 'event_id']).doNothing())
        .execute();
    }
    await trx.updateTable('domain_events').set({ dispatched: 1 }).where('id', 'in', padded(events.map((e) => e.id))).execute();
    for (const event of events) unseen.delete(event.id);
    return events.length;
  };

  type Claimed = { event_id: string; subscriber: string; attempts: number };

  /** The next due deliveries, oldest first, locked for this transaction. */
  const claimDue = async (trx: Transaction<DB>, now: string, limit: number): Promise<Claimed[]> => {
    let query = trx
      .selectFrom('event_deliveries')
      .select(['event_id', 'subscriber', 'attempts'])
      .where('status', '=', 'pending')
      .where('available_at', '<=', now)
      .orderBy('available_at')
      .orderBy('event_id')
      .limit(limit);
    if (postgres) query = query.forUpdate().skipLocked();
    return query.execute();
  };

  /** Runs a claimed delivery's subscriber and marks it done, in `trx`; throws what the subscriber threw. */
  const handle = async (trx: Transaction<DB>, claimed: Claimed, subscriber: Subscriber, now: string): Promise<void> => {
    const row = await trx.selectFrom('domain_events').selectAll().where('id', '=', claimed.event_id).executeTakeFirstOrThrow();
    const event: DomainEvent = {
      id: row.id,
      type: row.type,
      subjectId: row.subject_id,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      occurredAt: row.occurred_at,
    };
    await subscriber.handle(event, { db: trx, clock: deps.clock, principal: { kind: 'anonymous' }, log: deps.log, sqlite: deps.database.sqlite });
    await trx
      .updateTable('event_deliveries')
      .set({ status: 'done', attempts: claimed.attempts + 1, updated_at: now, last_error: null })
      .where('subscriber', '=', claimed.subscriber)
      .where('event_id', '=', claimed.event_id)
      .execute();
  };

  /** A failed attempt: retried after its backoff, or parked as dead after the last one. */
  const recordFailure = async (to: Kysely<DB>, claimed: Claimed, error: unknown, now: string): Promise<void> => {
    const attempts = claimed.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ err: error, subscriber: claimed.subscriber, eventId: claimed.event_id, attempts }, 'event delivery failed');
    if (attempts >= MAX_DELIVERY_ATTEMPTS) await markDead(to, claimed, message, now);
    else
      await to
        .updateTable('event_deliveries')
        .set({
          attempts,
          last_error: message.slice(0, 1_000),
          available_at: new Date(deps.clock.now().getTime() + retryDelayMs(attempts)).toISOString(),
          updated_at: now,
        })
        .where('subscriber', '=', claimed.subscriber)
        .where('event_id', '=', claimed.event_id)
        .where('status', '=', 'pending')
        .execute();
  };

  /**
   * The fan-out, then due deliveries one after another, in one transaction (one commit for all:
   * consecutive deliveries write the same pages), each inside a savepoint of its own: a delivery
   * that fails rolls back its own writes only, and its failure is recorded in their place.
   */
  const runBatch = (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      let done = await fanOut(trx);
      // Claimed together (one read, not one per delivery); those the budget leaves are released
      // untouched at commit. The budget counts from the first delivery and never stops it: a run
      // that found deliveries due always delivers one, however slow the machine, so a run that
      // delivers nothing means that nothing was due (what `drain` relies on).
      const due = await claimDue(trx, deps.clock.now().toISOString(), DELIVERIES_PER_RUN);
      const started = performance.now();
      for (const [i, claimed] of due.entries()) {
        if (i > 0 && performance.now() - started >= DELIVERY_BUDGET_MS) break;
        const now = deps.clock.now().toISOString();
        done += 1;
        const subscriber = byName.get(claimed.subscriber);
        if (!subscriber) {
          // A subscriber removed from the code: its leftovers are parked, not retried forever.
          await markDead(trx, claimed, 'no such subscriber', now);
          continue;
        }
        await sql`savepoint outbox_delivery`.execute(trx);
        try {
          await handle(trx, claimed, subscriber, now);
          await sql`release savepoint outbox_delivery`.execute(trx);
        } catch (error) {
          await sql`rollback to savepoint outbox_delivery`.execute(trx);
          await sql`release savepoint outbox_delivery`.execute(trx);
          await recordFailure(trx, claimed, error, now);
        }
      }
      return done;
    });

  /**
   * The same, a transaction each: after a batch that failed as a whole (its commit, a savepoint),
   * so that a delivery that breaks its transaction is still counted, backed off and parked.
   */
  const runOneByOne = async (): Promise<number> => {
    let done = await db.transaction().execute(fanOut);
    const started = performance.now();
    for (let i = 0; i < DELIVERIES_PER_RUN && (i === 0 || performance.now() - started < DELIVERY_BUDGET_MS); i++) {
      const now = deps.clock.now().toISOString();
      let claimed: Claimed | undefined;
      try {
        const found = await db.transaction().execute(async (trx) => {
          claimed = (await claimDue(trx, now, 1))[0];
          if (!claimed) return false;
          const subscriber = byName.get(claimed.subscriber);
          if (!subscriber) await markDead(trx, claimed, 'no such subscriber', now);
          else await handle(trx, claimed, subscriber, now);
          return true;
        });
        if (!found) break;
      } catch (error) {
        if (!claimed) throw error;
        await recordFailure(db, claimed, error, now);
      }
      done += 1;
    }
    return done;
  };

  return {
    name: 'outbox',
    async runOnce() {
      let done: number;
      try {
        done = await runBatch();
      } catch (error) {
        deps.log.warn({ err: error }, 'outbox batch failed; its deliveries run one transaction each');
        done = await runOneByOne();
      }
      lookAgainIfUnseen();
      return done;
    },
    listen(wakeUp) {
      const listener = (eventId: string) => {
        // Bounded: past this many, the task is busy anyway and finds them by itself.
        if (unseen.size < 10_000) unseen.set(eventId, Date.now());
        recheckMs = 5;
        wakeUp();
      };
      wake = wakeUp;
      publishListeners.add(listener);
      return () => {
        publishListeners.delete(listener);
        wake = undefined;
        if (recheck) clearTimeout(recheck);
        recheck = undefined;
      };
    },
  };
}

/** The list padded to a power of two with copies of its last item: a few statement texts, each prepared once. */
function padded<T>(items: T[]): T[] {
  let size = 1;
  while (size < items.length) size *= 2;
  return items.concat(Array.from({ length: size - items.length }, () => items[items.length - 1]!));
}

async function markDead(
  db: Kysely<DB> | Transaction<DB>,
  delivery: { event_id: string; subscriber: string; attempts: number },
  error: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ status: 'dead', attempts: delivery.attempts + 1, last_error: error.slice(0, 1_000), updated_at: now })
    .where('subscriber', '=', delivery.subscriber)
    .where('event_id', '=', delivery.event_id)
    .execute();
}

/** Events about one entity, oldest first: an order's or a hold's history. */
export async function domainEventsAbout(db: Kysely<DB>, subjectId: string): Promise<DomainEvent[]> {
  const rows = await db.selectFrom('domain_events').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    subjectId: row.subject_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    occurredAt: row.occurred_at,
  }));
}

