import type { FastifyBaseLogger } from 'fastify';

/**
 * One unit of durable background work (outbox deliveries, hold expiry, journey timers…).
 * Its state lives in the database, so any process may run it and a restart loses nothing:
 * `runOnce` claims what is due, does it, and says how much it did.
 */
export interface BackgroundTask {
  name: string;
  runOnce(): Promise<number>;
  /**
   * Optional: hears, in a process that runs background work, that work for it just arrived (an
   * event published here), and calls `wake` to run at once rather than at the next poll. Returns
   * what stops listening. Polling still finds what other processes wrote.
   */
  listen?(wake: () => void): () => void;
}

export interface BackgroundWork {
  register(task: BackgroundTask): void;
  /** Ask for a run soon (something was just written). */
  poke(): void;
  /** Runs every task until none finds anything due: tests and CLI commands call it. */
  drain(maxRounds?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs registered tasks: every task every `pollMs`; a task that found work again at once, and a task
 * woken by `listen` at once, each alone (the others' queries keep their own pace) until it finds no
 * more. One task at a time. `pollMs` 0 runs nothing in the background (tests drive `drain()`).
 */
export function createBackgroundWork(options: { pollMs: number; log: FastifyBaseLogger }): BackgroundWork {
  const tasks: BackgroundTask[] = [];
  const unlisten: (() => void)[] = [];
  // Tasks woken since the last round that ran them.
  const woken = new Set<BackgroundTask>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let running: Promise<void> | undefined;
  // When every task runs next: a poll after the start, then at once while they find work.
  let fullAt = Date.now() + options.pollMs;
  let stopped = false;

  const run = async (which: readonly BackgroundTask[]): Promise<number> => {
    let done = 0;
    for (const task of which) {
      if (stopped) break;
      try {
        done += await task.runOnce();
      } catch (error) {
        // A failing task must not stop the others; it is retried on the next round.
        options.log.error({ err: error, task: task.name }, 'background task failed');
      }
    }
    return done;
  };

  const round = async () => {
    const full = Date.now() >= fullAt;
    const which = full ? [...tasks] : tasks.filter((t) => woken.has(t));
    for (const task of which) woken.delete(task);
    if (full) fullAt = Date.now() + options.pollMs;
    for (const task of which) {
      if (stopped) break;
      // A task that found work may have more: it goes again at once (alone: the others wait for
      // the poll or for their own wake).
      if ((await run([task])) > 0) woken.add(task);
    }
  };

  const schedule = () => {
    if (stopped || options.pollMs === 0 || running) return;
    const at = woken.size > 0 ? 0 : fullAt;
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Infinity;
        running = round().finally(() => {
          running = undefined;
          schedule();
        });
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
  };

  const work: BackgroundWork = {
    register(task) {
      tasks.push(task);
      if (task.listen && options.pollMs > 0 && !stopped)
        unlisten.push(
          task.listen(() => {
            woken.add(task);
            schedule();
          }),
        );
      schedule();
    },
    poke() {
      fullAt = 0;
      schedule();
    },
    async drain(maxRounds = 1_000) {
      let total = 0;
      if (running) await running;
      for (let round = 0; round < maxRounds; round++) {
        const done = await run(tasks);
        total += done;
        if (done === 0) return total;
      }
      throw new Error(`Background work still busy after ${maxRounds} rounds`);
    },
    async stop() {
      stopped = true;
      for (const stop of unlisten.splice(0)) stop();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (running) await running;
    },
  };
  return work;
}
