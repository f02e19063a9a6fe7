/**
 * Product imports run as jobs when the caller asks (`POST /v1/products/import?background=true`):
 * the answer is a 202 with the job, the file is checked and written in this process, and
 * `GET /v1/imports/{id}` reports where it is (rows checked, then rows written, out of how many)
 * and how it ended (the import's report, or every error with its line). The rule of the
 * synchronous import holds: a file with errors writes nothing unless `skipErrors` is set.
 *
 * Jobs live in the memory of the process that took the file, for an hour after they end: polling
 * goes to that process (one process, or a sticky session). A process that stops waits for its
 * running imports; a killed one loses the job's status, not the data, since every write is an
 * upsert and the file can be imported again.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ImportJob } from './catalog.schemas.js';
import { importProducts } from './product-import.js';

const KEEP_MS = 60 * 60 * 1000;
const MAX_JOBS = 200;

export interface ImportJobs {
  start(ctx: Ctx, csv: string, options: { skipErrors: boolean }): ImportJob;
  get(id: string): ImportJob;
  /** Resolves when every running import has ended (for a graceful stop). */
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

export function createImportJobs(): ImportJobs {
  const jobs = new Map<string, ImportJob>();
  const running = new Set<Promise<void>>();

  function prune(now: number) {
    for (const [id, job] of jobs) {
      if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_MS) jobs.delete(id);
    }
    // Past the cap, the oldest finished ones go first.
    for (const [id, job] of jobs) {
      if (jobs.size <= MAX_JOBS) break;
      if (job.finishedAt) jobs.delete(id);
    }
  }

  return {
    start(ctx, csv, options) {
      const now = ctx.clock.now();
      prune(now.getTime());
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
      jobs.set(job.id, job);
      const touch = () => (job.updatedAt = ctx.clock.now().toISOString());
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
        job.finishedAt = touch();
      })();
      running.add(work);
      void work.finally(() => running.delete(work));
      return { ...job };
    },
    get(id) {
      const job = jobs.get(id);
      if (!job) throw new AppError('catalog.import_not_found', `No import ${id} in this process (jobs are kept an hour after they end)`);
      return { ...job };
    },
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
