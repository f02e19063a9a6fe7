/**
 * Group commit: one writer queue per process. Calls that arrive while a transaction is being
 * written wait for the next one and share it, so at 2,000 single calls a second the database sees a
 * few dozen transactions of a few dozen events instead of 2,000 of one. When nothing is being
 * written a call starts its transaction on the next turn of the event loop (no timer: an idle
 * server adds no latency), and each caller is answered only once the transaction holding its items
 * has committed.
 *
 * One transaction at a time also means one database connection at a time for ingestion: SQLite has
 * a single writer anyway, and on PostgreSQL ingestion transactions take turns on a lock
 * (ingest.service.ts), so more would only hold pool connections while they wait.
 *
 * A submission is all or nothing (a batch request's events stand or fall together), and one failing
 * submission must not fail the others: when a grouped transaction fails, each submission is tried
 * again in a transaction of its own, and only those that fail again are rejected.
 */
import { batchQueue } from '../../../platform/work/batch-queue.js';

export interface GroupCommit<Item, Result> {
  submit(items: Item[]): Promise<Result[]>;
  /** Resolves once everything submitted so far is committed or failed. */
  drain(): Promise<void>;
}

interface Waiting<Item, Result> {
  items: Item[];
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

export function groupCommit<Item, Result>(options: {
  /** Writes the items in one transaction; answers in the same order. */
  commit(items: Item[]): Promise<Result[]>;
  /** Items per transaction beyond which submissions wait for the next one (a larger one goes alone). */
  maxItems: number;
}): GroupCommit<Item, Result> {
  const settle = async (group: Waiting<Item, Result>[]) => {
    try {
      const results = await options.commit(group.flatMap((w) => w.items));
      let at = 0;
      for (const w of group) {
        w.resolve(results.slice(at, at + w.items.length));
        at += w.items.length;
      }
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const w of group) {
        try {
          w.resolve(await options.commit(w.items));
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  };

  const queue = batchQueue<Waiting<Item, Result>>({
    take(waiting) {
      let count = waiting[0]!.items.length;
      let taken = 1;
      while (taken < waiting.length && count + waiting[taken]!.items.length <= options.maxItems) count += waiting[taken++]!.items.length;
      return taken;
    },
    run: settle,
  });

  return {
    submit: (items) => new Promise<Result[]>((resolve, reject) => queue.push({ items, resolve, reject })),
    drain: () => queue.drain(),
  };
}
