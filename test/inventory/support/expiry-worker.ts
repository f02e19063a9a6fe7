/**
 * One hold-expiry worker in its own process, for the "several processes" tests:
 *   node --import tsx test/inventory/support/expiry-worker.ts <sqlite file | postgres url> <pg schema | -> <now ISO> [start at, epoch ms]
 * Opens the database, runs the real hold-expiry task until it finds nothing due, prints
 * `{"expired": n}` and exits. The clock stands still at <now>.
 */
import { openDatabase } from '../../../src/platform/db/database.js';
import { ManualClock } from '../../../src/platform/clock.js';
import { createLogger } from '../../../src/platform/logging.js';
import { loadConfig } from '../../../src/platform/config.js';
import { holdExpiryTask } from '../../../src/modules/inventory/hold-expiry.js';

const [target, schema, now, startAt] = process.argv.slice(2);
if (!target || !schema || !now) throw new Error('usage: expiry-worker.ts <sqlite file | postgres url> <pg schema | -> <now ISO>');
const database = target.startsWith('postgres') ? openDatabase({ url: target, pgSchema: schema, pgPoolSize: 2 }) : openDatabase({ sqliteFile: target });
const task = holdExpiryTask({ database, clock: new ManualClock(now), config: { ...loadConfig({}), workerPollMs: 0 }, log: createLogger('silent') });
let expired = 0;
// Both workers start at the same moment, whatever their start-up took.
if (startAt) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
try {
  for (;;) {
    const done = await task.runOnce();
    expired += done;
    if (done === 0) break;
  }
} finally {
  await database.close();
}
process.stdout.write(`${JSON.stringify({ expired })}\n`);
