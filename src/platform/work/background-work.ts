import type { FastifyBaseLogger } from 'fastify';

/**
 * One unit of durable background work (outbox deliveries, hold expiry, journey timers…).
 * Its state lives in the database, so any process may run it and a restart loses nothing:
 * `runOnce` claims what is due, does it, and says how much it did.
 */
export interface BackgroundTask {
  name: string;
  runOnce(): Promise<number>;
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
 * Runs registered tasks in a loop: again at once while they find work, every `pollMs` otherwise.
 * `pollMs` 0 runs nothing in the background (tests drive `drain()` themselves).
 */
export function createBackgroundWork(options: { pollMs: number; log: FastifyBaseLogger }): BackgroundWork {
  const tasks: BackgroundTask[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runRound = async (): Promise<number> => {
    let done = 0;
    for (const task of tasks) {
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

  const schedule = (delayMs: number) => {
    if (stopped || options.pollMs === 0 || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (running) return schedule(options.pollMs);
      running = runRound()
        .then((done) => {
          running = undefined;
          schedule(done > 0 ? 0 : options.pollMs);
        });
    }, delayMs);
    timer.unref();
  };

  return {
    register(task) {
      tasks.push(task);
      schedule(options.pollMs);
    },
    poke() {
      if (timer && !running) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule(0);
    },
    async drain(maxRounds = 1_000) {
      let total = 0;
      if (running) await running;
      for (let round = 0; round < maxRounds; round++) {
        const done = await runRound();
        total += done;
        if (done === 0) return total;
      }
      throw new Error(`Background work still busy after ${maxRounds} rounds`);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (running) await running;
    },
  };
}
