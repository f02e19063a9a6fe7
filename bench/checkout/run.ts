/**
 * The checkout benchmark on its own, with its ceilings (bare SQLite loops, the bare Fastify server at
 * the start and end of the run for the drift, and before each run at its load shape):
 *
 *   node --import tsx bench/checkout/run.ts [--quick] [--duration S] [--log-level L] …
 *
 * Takes the options of `npm run bench` (bench/lib/options.ts; `--only` is ignored). Writes
 * `<out>/checkout/<start time>.json` and prints the table. `npm run bench -- --only checkout` runs
 * the same benchmark inside the whole harness.
 */
import os from 'node:os';
import path from 'node:path';
import { BareCeiling, type Log } from '../benches/http.js';
import { checkoutVerdicts, runCheckoutBench } from '../benches/checkout.js';
import { parseOptions, USAGE } from '../lib/options.js';
import { gitInfo, machineInfo, ratio, summaryTable, writeReport, type BenchResult } from '../lib/report.js';
import { ROOT } from '../lib/server.js';
import { measureSqliteCeiling } from '../lib/sqlite-ceiling.js';
import { round } from '../lib/stats.js';

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((arg, i) => arg !== '--only' && argv[i - 1] !== '--only' && !arg.startsWith('--only='));
  const parsed = parseOptions(args);
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const machine = machineInfo();
  const log: Log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(`checkout benchmark on ${os.cpus().length} CPUs, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  log('ceiling: bare SQLite insert and select-by-key loops');
  const sqlite = measureSqliteCeiling({ rows: options.quick ? 100_000 : 300_000, maxSeconds: options.quick ? 2 : 4 });
  const edgeS = Math.min(5, options.durationS);
  const bare = await BareCeiling.start(options);
  const results: BenchResult[] = [];
  let drift: number;
  let httpAtStart;
  let httpAtEnd;
  try {
    const start = await bare.measure(undefined, edgeS, 'ceiling: bare Fastify GET / unthrottled (start)');
    results.push(start.result);
    results.push(...(await runCheckoutBench(options, { bare, log })));
    const end = await bare.measure(undefined, edgeS, 'ceiling: bare Fastify GET / unthrottled (end)');
    results.push(end.result);
    drift = ratio(end.ceiling.requestsPerSec, start.ceiling.requestsPerSec);
    httpAtStart = start.ceiling;
    httpAtEnd = end.ceiling;
  } finally {
    await bare.stop();
  }
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    seconds: round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map(round) },
    git: gitInfo(ROOT),
    options: { ...options, only: ['checkout'] },
    ceilings: { httpAtStart, httpAtEnd, httpDrift: drift, sqlite },
    results,
  };
  const file = writeReport(path.resolve(ROOT, options.outDir, 'checkout'), report);
  console.log(
    [
      '',
      `Ceilings: bare Fastify ${httpAtStart.requestsPerSec.toLocaleString('en-US')} req/s at start, end/start drift ×${drift}; ` +
        `bare SQLite ${sqlite.insertOpsPerSec.toLocaleString('en-US')} inserts/s, ${sqlite.selectByPkOpsPerSec.toLocaleString('en-US')} selects by key/s`,
      `Load average: ${machine.loadAverageAtStart.join(' ')} at start, ${report.machine.loadAverageAtEnd.join(' ')} at end`,
      '',
      summaryTable(results),
      ...checkoutVerdicts(results, { p99Verdicts: true }),
      `\nJSON: ${path.relative(process.cwd(), file)}`,
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
