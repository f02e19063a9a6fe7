/**
 * Journey engine benchmarks, standalone: `node --import tsx bench/journeys/run.ts [--quick] [--only journeys,timers]`.
 *
 *   journeys  event → first message decided (events.ts), at each of `--rates`, against a bare
 *             pipeline of the same shape measured just before at the same rate
 *   timers    1,000,000 waiting runs, `--timer-rate` of them coming due each second: lag from due
 *             time to fire and fires per second (timers.ts), against a bare SQLite loop of the same
 *             claim-and-update shape
 *
 * Writes `bench/results/journeys-<start>.json` and prints a table. See bench/README.md.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gitInfo, machineInfo, summaryTable, writeReport, type BenchResult } from '../lib/report.js';
import { ROOT } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { runEventBench } from './events.js';
import { runTimerBench } from './timers.js';

export const JOURNEY_BENCHES = ['journeys', 'timers'] as const;
export type JourneyBenchName = (typeof JOURNEY_BENCHES)[number];

export interface JourneyBenchOptions {
  only: ReadonlySet<JourneyBenchName>;
  quick: boolean;
  rates: number[];
  seconds: number;
  warmupS: number;
  people: number;
  timers: number;
  timerRate: number;
  timerWindowS: number;
  timerBacklog: number;
  timerSendBacklog: number;
  logLevel: string;
  keepData: boolean;
}

export function journeyBenchOptions(values: { quick?: boolean; only?: string[]; rates?: string; seconds?: string; timers?: string; 'timer-rate'?: string; 'log-level'?: string; 'keep-data'?: boolean }): JourneyBenchOptions {
  const quick = values.quick ?? false;
  const only = values.only ?? [...JOURNEY_BENCHES];
  for (const name of only) if (!(JOURNEY_BENCHES as readonly string[]).includes(name)) throw new Error(`unknown journey benchmark "${name}" (known: ${JOURNEY_BENCHES.join(', ')})`);
  const positive = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
  return {
    only: new Set(only as JourneyBenchName[]),
    quick,
    rates: (values.rates ?? (quick ? '200' : '100,200,500')).split(',').map((r) => positive(r.trim(), 0, '--rates')),
    seconds: positive(values.seconds, quick ? 5 : 20, '--seconds'),
    warmupS: quick ? 3 : 5,
    people: quick ? 20_000 : 100_000,
    timers: positive(values.timers, quick ? 200_000 : 1_000_000, '--timers'),
    timerRate: positive(values['timer-rate'], 5_000, '--timer-rate'),
    timerWindowS: quick ? 10 : 30,
    timerBacklog: quick ? 30_000 : 100_000,
    timerSendBacklog: quick ? 5_000 : 20_000,
    logLevel: values['log-level'] ?? 'info',
    keepData: values['keep-data'] ?? false,
  };
}

/** Runs the journey benchmarks asked for; each result carries its own ceiling. */
export async function runJourneyBenches(options: JourneyBenchOptions, log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (options.only.has('journeys')) results.push(...(await runEventBench({ ...options, log })));
  if (options.only.has('timers'))
    results.push(...(await runTimerBench({ runs: options.timers, rate: options.timerRate, windowS: options.timerWindowS, backlog: options.timerBacklog, sendBacklog: options.timerSendBacklog, logLevel: options.logLevel, keepData: options.keepData, log })));
  return results;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      timers: { type: 'string' },
      'timer-rate': { type: 'string' },
      'log-level': { type: 'string' },
      'keep-data': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  const options = journeyBenchOptions({ ...values, ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}) } as Parameters<typeof journeyBenchOptions>[0]);
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const machine = machineInfo();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(`journey benchmarks on ${os.cpus().length} CPUs, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const results = await runJourneyBenches(options, log);
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    seconds: round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map(round) },
    git: gitInfo(ROOT),
    options: { ...options, only: [...options.only] },
    results,
  };
  const file = writeReport(path.resolve(ROOT, values.out ?? 'bench/results/journeys'), report);
  console.log(`\n${summaryTable(results)}`);
  for (const result of results) if ('met' in result && result.met !== undefined) console.log(`${result.met ? 'MET   ' : 'MISSED'} ${result.name}`);
  console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'bench/journeys/run.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
