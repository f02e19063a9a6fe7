/**
 * Product imports run as jobs when the caller asks (`POST /v1/products/import?background=true`):
 * the answer is a 202 with the job, the file is checked and written in this process, and
 * `GET /v1/imports/{id}` reports where it is (rows checked, then rows written, out of how many)
 * and how it ended (the import's report, or every error with its line). The rule of the
 * synchronous import holds: a file with errors writes nothing unless `skipErrors` is set.
 *
 * A job's state is a row of `import_jobs`, so any process sharing the database answers the poll
 * (several API processes behind one address). The process running the job writes its progress at
 * most every quarter of a second, and at least every few seconds while it runs; a job whose row
 * has not been written for a minute lost its process (killed, or the machine stopped) and reads as
 * failed. Its data is not lost with it: every write is an upsert and the file can be imported again.
 * A process that stops gracefully waits for its running imports. Finished jobs are kept an hour.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ImportJobTable } from './catalog.tables.js';
import type { ImportJob } from './catalog.schemas.js';
import { importProducts } from './product-import.js';

const KEEP_MS = 60 * 60 * 1000;
const MAX_FINISHED = 200;
/** At most one progress write per this long. */
const PROGRESS_MS = 250;
/** At least one write per this long while the job runs, progress or not. */
const HEARTBEAT_MS = 5_000;
/** A running job not written for this long has lost its process. */
const STALE_MS = 60_000;

export interface ImportJobs {
  start(ctx: Ctx, csv: string, options: { skipErrors: boolean }): Promise<ImportJob>;
  get(ctx: Ctx, id: string): Promise<ImportJob>;
  /** Resolves when every import this process runs has ended (for a graceful stop). */
  idle(): Promise<void>;
}

/** A quick count of the file's records (quoted line breaks aside) so the first poll has a total. */
export function estimateRows(csv: string): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    if (c === 10 && !quoted) {
      if (content) records += 1;
      content = false;
    } else if (c !== 13 && c !== 10) content = true;
  }
  if (content) records += 1;
  return Math.max(0, records - 1);
}

function columnsOf(job: ImportJob): Omit<ImportJobTable, 'id' | 'created_at'> {
  return {
    status: job.status,
    skip_errors: job.skipErrors ? 1 : 0,
    rows_done: job.rows.done,
    rows_total: job.rows.total,
    result: job.result === null ? null : JSON.stringify(job.result),
    errors: JSON.stringify(job.errors),
    detail: job.detail,
    updated_at: job.updatedAt,
    finished_at: job.finishedAt,
  };
}

/** The job a row describes, as seen at `now`: a running job whose process went silent reads as failed. */
function jobOf(row: ImportJobTable, now: Date): ImportJob {
  const job: ImportJob = {
    id: row.id,
    status: row.status,
    skipErrors: row.skip_errors === 1,
    rows: { done: row.rows_done, total: row.rows_total },
    result: row.result === null ? null : (JSON.parse(row.result) as ImportJob['result']),
    errors: JSON.parse(row.errors) as ImportJob['errors'],
    detail: row.detail,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
  if (row.finished_at === null && now.getTime() - Date.parse(row.updated_at) > STALE_MS) {
    return {
      ...job,
      status: 'failed',
      detail: 'The process running this import stopped before it ended; import the file again (what was written stays, and is updated in place)',
      finishedAt: row.updated_at,
    };
  }
  return job;
}

/** Finished jobs older than an hour, and past the most recent 200, go; so do jobs silent for an hour. */
async function prune(db: Kysely<DB>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - KEEP_MS).toISOString();
  await db.deleteFrom('import_jobs').where('finished_at', '<', before).execute();
  await db.deleteFrom('import_jobs').where('finished_at', 'is', null).where('updated_at', '<', before).execute();
  const kept = db.selectFrom('import_jobs').select('id').where('finished_at', 'is not', null).orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(MAX_FINISHED);
  const oldest = await db.selectFrom('import_jobs').select('id').where('finished_at', 'is not', null).where('id', 'not in', kept).execute();
  if (oldest.length > 0) await db.deleteFrom('import_jobs').where('id', 'in', oldest.map((row) => row.id)).execute();
}

/**
 * Writes a job's row from its current state: writes asked for while one is on its way are folded
 * into the next, which reads the state when it runs. Never awaited by the import itself, whose own
 * transactions may hold the connection (SQLite) meanwhile.
 */
function rowWriter(ctx: Ctx, job: ImportJob) {
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  let timer: NodeJS.Timeout | null = null;
  let lastAt = 0;
  const save = (): Promise<void> => {
    if (queued) return chain;
    queued = true;
    chain = chain.then(async () => {
      queued = false;
      lastAt = Date.now();
      try {
        await ctx.db.updateTable('import_jobs').set(columnsOf(job)).where('id', '=', job.id).execute();
      } catch (error) {
        ctx.log.error({ err: error, job: job.id }, 'could not write the state of a product import job');
      }
    });
    return chain;
  };
  return {
    /** Soon, at most one write every PROGRESS_MS. */
    soon() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void save();
      }, Math.max(0, PROGRESS_MS - (Date.now() - lastAt)));
    },
    /** Now, and resolves once written. */
    now() {
      if (timer) clearTimeout(timer);
      timer = null;
      return save();
    },
  };
}

export function createImportJobs(): ImportJobs {
  const running = new Set<Promise<void>>();

  return {
    async start(ctx, csv, options) {
      const now = ctx.clock.now();
      await prune(ctx.db, now);
      const job: ImportJob = {
        id: newId('imp'),
        status: 'checking',
        skipErrors: options.skipErrors,
        rows: { done: 0, total: estimateRows(csv) },
        result: null,
        errors: [],
        detail: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        finishedAt: null,
      };
      await ctx.db.insertInto('import_jobs').values({ id: job.id, created_at: job.createdAt, ...columnsOf(job) }).execute();
      const row = rowWriter(ctx, job);
      const touch = () => (job.updatedAt = ctx.clock.now().toISOString());
      const heartbeat = setInterval(() => {
        touch();
        row.soon();
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const work = (async () => {
        // Let the 202 go out before the file is read.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const outcome = await importProducts(ctx, csv, {
            skipErrors: options.skipErrors,
            onProgress: (p) => {
              if (p.phase === 'validating') job.rows = { done: p.rows, total: Math.max(p.rows, job.rows.total) };
              else job.rows = { done: p.rowsWritten ?? 0, total: p.rowsToWrite ?? p.rows };
              if (p.phase === 'writing') job.status = 'writing';
              touch();
              row.soon();
            },
          });
          if (outcome.ok) {
            job.status = 'succeeded';
            job.result = outcome.result;
            job.errors = outcome.result.errors;
            job.rows = { done: outcome.result.imported.variants, total: outcome.result.imported.variants };
            job.detail = `${outcome.result.imported.products} products (${outcome.result.imported.variants} rows) imported`;
          } else {
            job.status = 'failed';
            job.errors = outcome.errors;
            job.rows = { done: 0, total: outcome.rows };
            job.detail = `The file has ${outcome.errors.length} error(s); nothing was imported`;
          }
        } catch (error) {
          job.status = 'failed';
          job.detail = error instanceof AppError ? error.message : 'The import stopped on an unexpected error; import the file again';
          if (!(error instanceof AppError)) ctx.log.error({ err: error, job: job.id }, 'product import job failed');
        }
        clearInterval(heartbeat);
        job.finishedAt = touch();
        await row.now();
      })();
      running.add(work);
      void work.finally(() => running.delete(work));
      return { ...job };
    },
    async get(ctx, id) {
      const row = await ctx.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('catalog.import_not_found', `No import ${id} (jobs are kept an hour after they end)`);
      return jobOf(row, ctx.clock.now());
    },
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
