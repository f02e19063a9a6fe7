import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Database } from './database.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { batchQueue } from '../work/batch-queue.js';

/**
 * Group commit for request-sized units of work (a hold, an idempotent request), so that several
 * requests share one commit on SQLite.
 *
 * Why: SQLite has one writer and a commit has a fixed cost (the log's header and pages, every page a
 * write touched written again, the checkpoint when the log grows): one transaction per hold tops
 * out at a few thousand a second however cheap the hold itself is. Here units queue on the
 * database; a batch takes whatever is queued (up to `maxUnits`, and those that fit in `budgetMs` of
 * work) and runs it in ONE transaction, each unit inside a savepoint of its own, in the order they
 * were queued. The next batch starts when the previous one has committed; when nothing is being
 * written a unit starts on the next turn of the event loop (no timer: a lone request waits for
 * nobody).
 *
 * - A unit that throws (a 409, a 4xx) rolls back to its savepoint: its writes are gone, the others'
 *   stay, and it gets its own error.
 * - No unit is answered before the batch's commit: a resolved unit is durable, a rejected one
 *   changed nothing. If the commit (or the transaction) fails, every unit of the batch fails.
 * - A unit must do all its reads and writes through the `trx` it is given (the database's own
 *   Kysely would wait for the connection the batch holds: a deadlock), and must not wait for
 *   another request (units run one after another on that one connection).
 *
 * Correctness never rests on this: every unit is as safe alone as in a batch (stock moves by
 * conditional statements), the batch only shares the commit. The batch takes SQLite's write lock
 * when it begins (BEGIN IMMEDIATE), so a unit that reads first cannot meet another process's commit
 * when it comes to write. Commits leave checkpoints of the log to the worker checkpointer
 * (wal-checkpointer.ts).
 *
 * On PostgreSQL each unit is a transaction of its own: concurrency comes from the pool, and one
 * slow unit must not hold the others. Callers have one code path either way.
 *
 * One queue per database, shared by every user in the process (SQLite has one writer anyway); the
 * first user's options make it.
 */
export interface GroupCommit {
  /** Runs `work` in the next batch; resolves or rejects once that batch has committed (or failed). */
  run<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /** Resolves once everything queued so far has committed or failed. */
  drain(): Promise<void>;
  /** This user is done; the last one drains the queue and stops the checkpointer. */
  stop(): Promise<void>;
}

export interface GroupCommitOptions {
  /** Units per transaction (default 64): enough to share a commit, few enough not to hold the writer long. */
  maxUnits?: number;
  /**
   * Once a batch's units have run this long (default 25 ms), those not started yet wait for the next
   * batch: a unit's answer never waits long for its neighbours' work (checkouts take milliseconds).
   */
  budgetMs?: number;
}

const MAX_UNITS = 64;
const BUDGET_MS = 25;

interface Unit {
  work(trx: Kysely<DB>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Queue {
  users: number;
  run(unit: Unit): void;
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const queues = new WeakMap<Database, Queue>();

export function startGroupCommit(database: Database, options: GroupCommitOptions = {}): GroupCommit {
  let queue = queues.get(database);
  if (queue) queue.users += 1;
  else {
    queue = database.dialect === 'sqlite' ? sqliteQueue(database, options.maxUnits ?? MAX_UNITS, options.budgetMs ?? BUDGET_MS) : transactionEach(database);
    queues.set(database, queue);
  }
  const shared = queue;
  let stopped = false;
  return {
    run<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => shared.run({ work, resolve: resolve as (value: unknown) => void, reject }));
    },
    drain: () => shared.drain(),
    async stop() {
      if (stopped) return;
      stopped = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      if (queues.get(database) === shared) queues.delete(database);
      await shared.stop();
    },
  };
}

function transactionEach(database: Database): Queue {
  const running = new Set<Promise<unknown>>();
  return {
    users: 1,
    run(unit) {
      const done = database.kysely
        .transaction()
        .execute((trx) => unit.work(trx))
        .then(unit.resolve, unit.reject);
      running.add(done);
      void done.finally(() => running.delete(done));
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      await this.drain();
    },
  };
}

function sqliteQueue(database: Database, maxUnits: number, budgetMs: number): Queue {
  const checkpointer: WalCheckpointer | null = startWalCheckpointer(database);
  // Straight on the handle behind Kysely's one connection, which the batch's transaction holds:
  // four statements a unit, and Kysely's building of each would cost more than running it.
  const sqlite = database.sqlite!;
  const statement = (text: string) => {
    const prepared = sqlite.prepare(text);
    return () => void prepared.run();
  };
  const savepoint = statement('savepoint group_unit');
  const release = statement('release savepoint group_unit');
  const rollbackTo = statement('rollback to savepoint group_unit');

  const runBatch = async (taken: Unit[]) => {
    const outcomes: Outcome[] = [];
    let batch = taken;
    try {
      await database.kysely.transaction().execute(async (trx) => {
        // Kysely begins SQLite transactions DEFERRED: a unit that reads first would take the write
        // lock only at its first write, and fail at once (SQLITE_BUSY_SNAPSHOT, no waiting) had
        // another process committed meanwhile. The empty deferred transaction ends at no cost and
        // this one takes the lock now (waiting up to busy_timeout); Kysely's COMMIT ends it.
        await sql`commit`.execute(trx);
        await sql`begin immediate`.execute(trx);
        const started = performance.now();
        for (const [i, unit] of taken.entries()) {
          if (i > 0 && performance.now() - started >= budgetMs) {
            // Not started: first in line for the next batch, in their order.
            queue.putBack(taken.slice(i));
            batch = taken.slice(0, i);
            break;
          }
          savepoint();
          try {
            outcomes.push({ ok: true, value: await unit.work(trx) });
            release();
          } catch (error) {
            outcomes.push({ ok: false, error });
            // Should these fail, the transaction itself is broken: the whole batch fails.
            rollbackTo();
            release();
          }
        }
      });
    } catch (error) {
      // Nothing was committed: each unit fails, with its own error if it had one.
      batch.forEach((unit, i) => {
        const outcome = outcomes[i];
        unit.reject(outcome && !outcome.ok ? outcome.error : error);
      });
      return;
    }
    checkpointer?.nudge();
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  };

  const queue = batchQueue<Unit>({ take: (waiting) => Math.min(waiting.length, maxUnits), run: runBatch });

  return {
    users: 1,
    run: (unit) => queue.push(unit),
    drain: () => queue.drain(),
    async stop() {
      await queue.drain();
      await checkpointer?.stop();
    },
  };
}
