import type { Kysely, Transaction } from 'kysely';
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
 * Records a domain event. Call it with the transaction that makes the change, so both commit or
 * neither does; subscribers see it once it is committed.
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
  handle(event: DomainEvent, ctx: Ctx): Promise<void>;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
const FAN_OUT_BATCH = 200;
const DELIVERIES_PER_RUN = 100;

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

  const fanOut = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('domain_events').select(['id', 'type']).where('dispatched', '=', 0).orderBy('id').limit(FAN_OUT_BATCH);
      if (postgres) query = query.forUpdate().skipLocked();
      const events = await query.execute();
      if (events.length === 0) return 0;
      const now = deps.clock.now().toISOString();
      const deliveries = events.flatMap((event) =>
        subscribers
          .filter((s) => s.types.includes(event.type) || s.types.includes('*'))
          .map((s) => ({ event_id: event.id, subscriber: s.name, status: 'pending' as const, attempts: 0, available_at: now, last_error: null, updated_at: now })),
      );
      for (let i = 0; i < deliveries.length; i += 100) {
        await trx
          .insertInto('event_deliveries')
          .values(deliveries.slice(i, i + 100))
          .onConflict((c) => c.columns(['subscriber', 'event_id']).doNothing())
          .execute();
      }
      await trx.updateTable('domain_events').set({ dispatched: 1 }).where('id', 'in', events.map((e) => e.id)).execute();
      return events.length;
    });

  /** Claims and runs one due delivery; false when none is due. */
  const deliverOne = async (): Promise<boolean> => {
    const now = deps.clock.now().toISOString();
    let claimed: { event_id: string; subscriber: string; attempts: number } | undefined;
    try {
      return await db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom('event_deliveries')
          .select(['event_id', 'subscriber', 'attempts'])
          .where('status', '=', 'pending')
          .where('available_at', '<=', now)
          .orderBy('available_at')
          .orderBy('event_id')
          .limit(1);
        if (postgres) query = query.forUpdate().skipLocked();
        claimed = await query.executeTakeFirst();
        if (!claimed) return false;
        const subscriber = byName.get(claimed.subscriber);
        if (!subscriber) {
          // A subscriber removed from the code: its leftovers are parked, not retried forever.
          await markDead(trx, claimed, 'no such subscriber', now);
          return true;
        }
        const row = await trx.selectFrom('domain_events').selectAll().where('id', '=', claimed.event_id).executeTakeFirstOrThrow();
        const event: DomainEvent = {
          id: row.id,
          type: row.type,
          subjectId: row.subject_id,
          payload: JSON.parse(row.payload) as Record<string, unknown>,
          occurredAt: row.occurred_at,
        };
        await subscriber.handle(event, { db: trx, clock: deps.clock, principal: { kind: 'anonymous' }, log: deps.log });
        await trx
          .updateTable('event_deliveries')
          .set({ status: 'done', attempts: claimed.attempts + 1, updated_at: now, last_error: null })
          .where('subscriber', '=', claimed.subscriber)
          .where('event_id', '=', claimed.event_id)
          .execute();
        return true;
      });
    } catch (error) {
      if (!claimed) throw error;
      const attempts = claimed.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn({ err: error, subscriber: claimed.subscriber, eventId: claimed.event_id, attempts }, 'event delivery failed');
      if (attempts >= MAX_DELIVERY_ATTEMPTS) await markDead(db, { ...claimed, attempts: claimed.attempts }, message, now);
      else
        await db
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
      return true;
    }
  };

  return {
    name: 'outbox',
    async runOnce() {
      let done = await fanOut();
      for (let i = 0; i < DELIVERIES_PER_RUN; i++) {
        if (!(await deliverOne())) break;
        done += 1;
      }
      return done;
    },
  };
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

