/**
 * One batch at a time, each taken from whatever is queued when the previous one has finished: what
 * a group commit needs underneath. When nothing is running, a batch starts on the next turn of the
 * event loop (no timer: an idle process adds no latency). Used by ingestion's group commit and by
 * the platform's (platform/db/group-commit.ts).
 */
export interface BatchQueue<T> {
  push(entry: T): void;
  /** Entries a batch took but did not start: first in line for the next batch, in their order. */
  putBack(entries: readonly T[]): void;
  /** Resolves once everything queued so far has been run. */
  drain(): Promise<void>;
}

export function batchQueue<T>(options: {
  /** How many of the queued entries (at least one) the next batch takes. */
  take(waiting: readonly T[]): number;
  /** Runs one batch; must not throw (each entry answers its own caller). */
  run(batch: T[]): Promise<void>;
}): BatchQueue<T> {
  let waiting: T[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;
  const idle: (() => void)[] = [];

  const flush = () => {
    scheduled = false;
    if (running || waiting.length === 0) return;
    const taken = Math.max(1, options.take(waiting));
    const batch = waiting.slice(0, taken);
    waiting = waiting.slice(taken);
    running = options.run(batch).finally(() => {
      running = null;
      if (waiting.length > 0) schedule();
      else for (const done of idle.splice(0)) done();
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    push(entry) {
      waiting.push(entry);
      if (!running) schedule();
    },
    putBack(entries) {
      waiting = [...entries, ...waiting];
    },
    drain() {
      if (!running && waiting.length === 0 && !scheduled) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
