import { parseArgs } from 'node:util';

export const BENCHMARKS = ['health', 'locator', 'search', 'availability', 'reservations', 'checkout', 'journeys', 'timers'] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface RunOptions {
  quick: boolean;
  /** Seconds of each measured run. */
  durationS: number;
  /** Seconds of unmeasured load on a fresh server before its first measured run (JIT, SQLite page cache). */
  warmupS: number;
  /** Connections of the unthrottled runs. */
  connections: number;
  /** Staggered autocannon instances (one connection each) that share a paced run's rate. */
  lanes: number;
  only: ReadonlySet<BenchName>;
  seed1m: boolean;
  seedCustomers: number;
  seedTimeoutS: number;
  stores: number;
  products: number;
  /** Skus given stock levels for the availability benchmark (whole products, 3 to 6 skus each). */
  stockSkus: number;
  dataSeed: number;
  locatorRate: number;
  searchRate: number;
  availabilityRate: number;
  reservations: {
    /** Hot skus per kind of run, each stocked at every one of `stores` stores: skus × stores items fought over. */
    hotSkus: number;
    stores: number;
    /** Units of each item of the exhaustion run, which asks for `exhaustionFactor` times all of them. */
    limitedUnits: number;
    exhaustionFactor: number;
    /** Target of the unlimited run: reservations made per second (201 answers). */
    targetPerSec: number;
  };
  /** LOG_LEVEL of the server under test: `info` logs every request, as `passerelle start` does by default. */
  logLevel: string;
  keepData: boolean;
  outDir: string;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick               3 s runs, 1 s warm-up (a smoke run of the harness; figures are noisier)
  --duration S          seconds per measured run (default 10)
  --warmup S            seconds of warm-up per server (default 2)
  --only a,b            only these of: ${BENCHMARKS.join(', ')} (the ceilings always run)
  --seed-1m             also time \`passerelle seed --customers 1000000\` (takes minutes)
  --seed-customers N    customers for that run instead of 1,000,000
  --connections N       connections of unthrottled runs (default 10)
  --lanes N             staggered instances sharing a paced rate (default 25)
  --log-level L         LOG_LEVEL of the server under test (default info, as deployed)
  --keep-data           keep the generated data folder and print its path
  --out DIR             where results go (default bench/results)`;

export function parseOptions(argv: string[]): RunOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean' },
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      only: { type: 'string' },
      'seed-1m': { type: 'boolean' },
      'seed-customers': { type: 'string' },
      connections: { type: 'string' },
      lanes: { type: 'string' },
      'log-level': { type: 'string' },
      'keep-data': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  const only = values.only === undefined ? [...BENCHMARKS] : values.only.split(',').map((name) => name.trim());
  for (const name of only) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}" (known: ${BENCHMARKS.join(', ')})`);
  }
  const seedCustomers = values['seed-customers'] === undefined ? 1_000_000 : whole(values['seed-customers'], '--seed-customers', 1, 10_000_000);
  return {
    quick,
    durationS: values.duration === undefined ? (quick ? 3 : 10) : whole(values.duration, '--duration', 1, 120),
    warmupS: values.warmup === undefined ? (quick ? 1 : 2) : whole(values.warmup, '--warmup', 0, 60),
    connections: values.connections === undefined ? 10 : whole(values.connections, '--connections', 1, 1000),
    lanes: values.lanes === undefined ? 25 : whole(values.lanes, '--lanes', 1, 100),
    only: new Set(only as BenchName[]),
    seed1m: (values['seed-1m'] ?? false) || values['seed-customers'] !== undefined,
    seedCustomers,
    seedTimeoutS: 45 * 60,
    stores: 1_000,
    products: 100_000,
    stockSkus: 200_000,
    dataSeed: 20261122,
    locatorRate: 1_000,
    searchRate: 500,
    availabilityRate: 2_000,
    reservations: { hotSkus: 5, stores: 4, limitedUnits: 50, exhaustionFactor: 3, targetPerSec: 3_000 },
    logLevel: values['log-level'] ?? 'info',
    keepData: values['keep-data'] ?? false,
    outDir: values.out ?? 'bench/results',
  };
}

function whole(value: string, name: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return parsed;
}
