import { runLoad, type LoadFigures, type LoadPlan } from '../lib/load.js';
import type { RunOptions } from '../lib/options.js';
import { checkRoute } from '../lib/probe.js';
import { httpResult, type BenchResult, type Ceiling, type HttpResult } from '../lib/report.js';
import { startBenchServer, type BenchServer } from '../lib/server.js';
import { round } from '../lib/stats.js';

export type Log = (line: string) => void;

/** Bare-Fastify figures of this run, by load shape: `unthrottled` or `rate:<n>`. */
export type Ceilings = Map<string, Ceiling>;

export const shapeKey = (rate: number | undefined) => (rate === undefined ? 'unthrottled' : `rate:${rate}`);

/** The load-shape parameters every HTTP result records. */
export function shapeParameters(options: RunOptions, rate: number | undefined): Record<string, unknown> {
  return rate === undefined
    ? { load: 'unthrottled', connections: options.connections, durationS: options.durationS }
    : { load: 'paced', rate, lanes: Math.min(options.lanes, rate), connections: Math.min(options.lanes, rate), durationS: options.durationS };
}

/** One measured run: the load, plus the server's CPU time over it (asked before and after). */
export async function measure(server: BenchServer, plan: LoadPlan): Promise<{ figures: LoadFigures; cpuUs: number; rssBytes: number }> {
  const before = await server.usage();
  const figures = await runLoad(plan);
  const after = await server.usage();
  return { figures, cpuUs: after.cpuUs - before.cpuUs, rssBytes: after.rssBytes };
}

/**
 * The HTTP ceiling: a bare Fastify `GET /` in its own process, loaded exactly as the real routes are
 * (same generator, same connections, same pacing), once per load shape the benchmarks use.
 */
export async function measureBareCeilings(options: RunOptions, rates: readonly number[], log: Log, label = 'ceiling'): Promise<{ ceilings: Ceilings; results: HttpResult[] }> {
  const server = await startBenchServer({ mode: 'bare', logLevel: 'silent' });
  const ceilings: Ceilings = new Map();
  const results: HttpResult[] = [];
  try {
    const base = { origin: server.origin, paths: ['/'], connections: options.connections, lanes: options.lanes };
    if (options.warmupS > 0) await runLoad({ ...base, durationS: options.warmupS });
    for (const rate of [undefined, ...rates]) {
      log(`${label}: bare Fastify GET / ${rate === undefined ? 'unthrottled' : `at ${rate} req/s`} for ${options.durationS} s`);
      const { figures, cpuUs, rssBytes } = await measure(server, { ...base, durationS: options.durationS, ...(rate === undefined ? {} : { rate }) });
      const ceiling = {
        name: `bare Fastify GET / (${shapeKey(rate)})`,
        requestsPerSec: figures.requestsPerSec,
        p99Ms: figures.latencyMs.p99,
        cpuUsPerRequest: figures.requests > 0 ? round(cpuUs / figures.requests) : undefined,
      };
      ceilings.set(shapeKey(rate), ceiling);
      results.push(
        httpResult({
          name: `${label}: bare Fastify GET / ${rate === undefined ? 'unthrottled' : `@${rate}/s`}`,
          parameters: { route: 'GET / (bare Fastify, no plugins, no logger)', ...shapeParameters(options, rate) },
          figures,
          ceiling,
          serverCpuUs: cpuUs,
          serverRssBytes: rssBytes,
        }),
      );
    }
  } finally {
    await server.stop();
  }
  return { ceilings, results };
}

export interface RouteRun {
  rate?: number;
  target?: { p99Ms: number; rate?: number };
}

export interface RouteBench {
  /** Short label for the result names: `store locator`. */
  title: string;
  /** The request whose 200 says the route exists. */
  checkPath: string;
  paths: readonly string[];
  runs: readonly RouteRun[];
  parameters: Record<string, unknown>;
  /** Extra measurements on the warm server after the load runs (e.g. per-query-kind timings). */
  inspect?: (server: BenchServer, headers: Record<string, string>) => Promise<unknown>;
}

/**
 * Starts the app on the prepared data folder, checks that the route answers 200 (it is skipped
 * otherwise, with the reason), warms it up, then measures each run against the ceiling of the same
 * load shape.
 */
export async function runRouteBench(bench: RouteBench, context: { options: RunOptions; dataDir: string; ceilings: Ceilings; log: Log }): Promise<BenchResult[]> {
  const { options, ceilings, log } = context;
  const nameOf = (run: RouteRun) => `${bench.title} ${run.rate === undefined ? 'unthrottled' : `@${run.rate}/s`}`;
  const server = await startBenchServer({ mode: 'app', dataDir: context.dataDir, logLevel: options.logLevel });
  try {
    const availability = await checkRoute(server.origin, bench.checkPath, server.adminToken);
    if (!availability.ok) {
      log(`${bench.title}: skipped, ${availability.reason}`);
      return bench.runs.map((run) => ({ name: nameOf(run), kind: 'skipped' as const, parameters: { ...bench.parameters, ...shapeParameters(options, run.rate) }, skipped: availability.reason }));
    }
    const notes = availability.note ? [availability.note] : [];
    const base = { origin: server.origin, paths: bench.paths, headers: availability.headers, connections: options.connections, lanes: options.lanes };
    if (options.warmupS > 0) await runLoad({ ...base, durationS: options.warmupS });
    const results: HttpResult[] = [];
    for (const run of bench.runs) {
      const ceiling = ceilings.get(shapeKey(run.rate));
      if (!ceiling) throw new Error(`no ceiling measured for ${shapeKey(run.rate)}`);
      log(`${nameOf(run)} for ${options.durationS} s`);
      const { figures, cpuUs, rssBytes } = await measure(server, { ...base, durationS: options.durationS, ...(run.rate === undefined ? {} : { rate: run.rate }) });
      results.push(
        httpResult({
          name: nameOf(run),
          parameters: { ...bench.parameters, ...shapeParameters(options, run.rate), logLevel: options.logLevel },
          figures,
          ceiling,
          serverCpuUs: cpuUs,
          serverRssBytes: rssBytes,
          ...(run.target ? { target: run.target } : {}),
          notes,
        }),
      );
    }
    if (bench.inspect) {
      const details = await bench.inspect(server, availability.headers);
      for (const result of results) result.details = details;
    }
    return results;
  } catch (error) {
    throw new Error(`${bench.title}: ${error instanceof Error ? error.message : String(error)}\n${server.stderr()}`);
  } finally {
    await server.stop();
  }
}
