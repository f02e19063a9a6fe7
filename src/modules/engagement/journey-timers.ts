import type { Database } from '../../platform/db/database.js';
import { startWalCheckpointer } from '../../platform/db/wal-checkpointer.js';
import type { BackgroundTask } from '../../platform/work/background-work.js';
import { definitionOf, runWakeListeners, step, type Env } from './journey-engine.js';
import type { RunState } from './journey-machine.js';

/** Runs claimed per transaction by the timer task. */
const WAKE_BATCH = 200;
/**
 * How long one batch may hold its transaction (on SQLite, the process's one connection and the
 * database's write lock): claimed runs not reached by then are left as they were for the next batch.
 */
const WAKE_BUDGET_MS = 50;

type WakeEnv = Env & { postgres: boolean; log: { error(obj: unknown, msg: string): void } };

/**
 * Wakes runs whose time has come: one batch per call, claimed by one statement in one transaction
 * that also advances them and writes where they stand. The claim is an UPDATE: on SQLite its write
 * lock, taken first, keeps every other process off these runs until the batch commits; on PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets several workers share the due runs. Each run is advanced exactly as
 * on its own (the person read only when a step needs them). When a run fails, the batch is rolled
 * back and its runs are woken one transaction each, so only the failing one is retried a minute later.
 */
export async function wakeDueRuns(env: WakeEnv, limit = WAKE_BATCH): Promise<number> {
  const now = env.clock.now().toISOString();
  // A look first, without a lock: most polls find nothing due and take no write lock.
  const any = await env.db.selectFrom('journey_runs').select('id').where('status', '=', 'waiting').where('wake_at', '<=', now).limit(1).executeTakeFirst();
  if (!any) return 0;
  let claimed: string[] = [];
  try {
    return await env.db.transaction().execute(async (trx) => {
      let due = trx.selectFrom('journey_runs').select('id').where('status', '=', 'waiting').where('wake_at', '<=', now).orderBy('wake_at').limit(limit);
      if (env.postgres) due = due.forUpdate().skipLocked();
      // A write that changes nothing (and no index): it claims (locks) the rows and returns them.
      // The due runs are chosen by the subquery alone, under that lock: conditions repeated outside
      // it would make SQLite walk every due run for each one claimed.
      const runs = await trx
        .updateTable('journey_runs')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      runs.sort((a, b) => (a.wake_at! < b.wake_at! ? -1 : a.wake_at! > b.wake_at! ? 1 : 0));
      claimed = runs.map((r) => r.id);
      // On SQLite the batch's transaction is on the one connection: its raw handle may serve it.
      const env1 = { db: trx, clock: env.clock, weather: env.weather, sqlite: env.sqlite, config: env.config };
      const started = performance.now();
      let done = 0;
      for (const run of runs) {
        if (done > 0 && performance.now() - started > WAKE_BUDGET_MS) break;
        const def = await definitionOf(trx, run.journey_id, run.version);
        await step(env1, run, def, JSON.parse(run.state) as RunState, { by: 'timer' });
        done += 1;
      }
      return done;
    });
  } catch (error) {
    if (claimed.length === 0) throw error;
    let done = 0;
    for (const id of claimed) done += await wakeOne(env, id, now);
    return done;
  }
}

/** One run in a transaction of its own; a run that fails is retried a minute later. */
async function wakeOne(env: WakeEnv, id: string, now: string): Promise<number> {
  try {
    return await env.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('journey_runs').selectAll().where('id', '=', id).where('status', '=', 'waiting').where('wake_at', '<=', now);
      if (env.postgres) query = query.forUpdate().skipLocked();
      const run = await query.executeTakeFirst();
      if (!run) return 0;
      const def = await definitionOf(trx, run.journey_id, run.version);
      await step({ db: trx, clock: env.clock, weather: env.weather, config: env.config }, run, def, JSON.parse(run.state) as RunState, { by: 'timer' });
      return 1;
    });
  } catch (error) {
    env.log.error({ err: error, runId: id }, 'journey run failed; retried in a minute');
    await env.db.updateTable('journey_runs').set({ wake_at: new Date(env.clock.now().getTime() + 60_000).toISOString() }).where('id', '=', id).execute();
    return 0;
  }
}

/** Closer than this, wakes are grouped: a batch every 20 ms rather than one run per wake. */
const MIN_WAKE_SPACING_MS = 20;

/**
 * The timer task: wakes due runs (wakeDueRuns) at each poll and, in between, at the time the next
 * run is due when that comes before the next poll — the earliest waiting run after a run that found
 * none due, or a run this process just wrote — so a timer fires within a few milliseconds of its
 * time rather than within a poll. On SQLite, its commits leave checkpoints to the WAL checkpointer's
 * worker (as ingestion's do): a commit that had to checkpoint would hold everything for 40–150 ms.
 */
export function journeyTimersTask(env: WakeEnv, options: { database: Database; pollMs: number }): BackgroundTask & { close(): Promise<void> } {
  const checkpointer = startWalCheckpointer(options.database);
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  const wakeAt = (at: number) => {
    const now = Date.now();
    const when = Math.max(at, now + MIN_WAKE_SPACING_MS);
    if (!wake || when - now >= options.pollMs || when >= timerAt) return;
    if (timer) clearTimeout(timer);
    timerAt = when;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      wake?.();
    }, when - now);
    timer.unref();
  };
  return {
    name: 'journey-timers',
    async runOnce() {
      const done = await wakeDueRuns(env);
      if (done > 0) checkpointer?.nudge();
      else if (wake) {
        const next = await env.db.selectFrom('journey_runs').select('wake_at').where('status', '=', 'waiting').where('wake_at', 'is not', null).orderBy('wake_at').limit(1).executeTakeFirst();
        // Its due time on this process's clock (tests' clocks may run ahead of the wall clock).
        if (next?.wake_at) wakeAt(Date.now() + (Date.parse(next.wake_at) - env.clock.now().getTime()));
      }
      return done;
    },
    listen(wakeUp) {
      wake = wakeUp;
      const listener = (at: number) => wakeAt(Date.now() + (at - env.clock.now().getTime()));
      runWakeListeners.add(listener);
      return () => {
        runWakeListeners.delete(listener);
        wake = undefined;
        if (timer) clearTimeout(timer);
        timer = undefined;
        timerAt = Infinity;
      };
    },
    async close() {
      await checkpointer?.stop();
    },
  };
}
