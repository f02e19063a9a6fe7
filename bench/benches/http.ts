import { runLoad, type LoadFigures, type LoadPlan } from '../lib/load.js';
import type { RunOptions } from '../lib/options.js';
import { checkRoute } from '../lib/probe.js';
import { httpResult, type BenchResult, type Ceiling, type HttpResult } from '../lib/report.js';
import { startBenchServer, type BenchServer } from '../lib/server.js';
import { round } from '../lib/stats.js';

export type Log = (line: string) => void;

export const shapeKey = (rate: number | undefined) => (rate === undefined ? 'unthrottled' : `rate:${rate}`);

/** The load-shape parameters every HTTP result records. */
export function shapeParameters(options: RunOptions, rate: number | undefined, durationS = options.durationS): Record<string, unknown> {
  return rate === undefined
    ? { load: 'unthrottled', connections: options.connections, durationS }
    : { load: 'paced', rate, lanes: Math.min(options.lanes, rate), connections: Math.min(options.lanes, rate), durationS };
}

/** One measured run: the load, plus the server's CPU time over it (asked before and after). */
export async function measure(server: BenchServer, plan: LoadPlan): Promise<{ figures: LoadFigures; cpuUs: number; rssBytes: number }> {
  const before = await server.usage();
  const figures = await runLoad(plan);
  const after = await server.usage();
  return { figures, cpuUs: after.cpuUs - before.cpuUs, rssBytes: after.rssBytes };
}

/**
 * The HTTP ceiling: a bare Fastify `GET /` in its own process, kept running for the whole run and
 * loaded exactly as the real routes are (same generator, connections and pacing). Each route
 * figure is divided by a bare run of the same load shape taken just before it, because on a shared
 * machine the ceiling of a minute earlier can be off by a factor of two.
 */
export class BareCeiling {
  private constructor(
    private readonly server: BenchServer,
    private readonly options: RunOptions,
  ) {}

  static async start(options: RunOptions): Promise<BareCeiling> {
    const server = await startBenchServer({ mode: 'bare', logLevel: 'silent' });
    const ceiling = new BareCeiling(server, options);
    if (options.warmupS > 0) await runLoad({ ...ceiling.base(), durationS: options.warmupS });
    return ceiling;
  }

  private base() {
    return { origin: this.server.origin, paths: ['/'], connections: this.options.connections, lanes: this.options.lanes };
  }

  /** Measures the bare route at one load shape; `name` labels the result row. */
  async measure(rate: number | undefined, durationS: number, name: string): Promise<{ ceiling: Ceiling; result: HttpResult }> {
    const { figures, cpuUs, rssBytes } = await measure(this.server, { ...this.base(), durationS, ...(rate === undefined ? {} : { rate }) });
    const ceiling: Ceiling = {
      name: `bare Fastify GET / (${shapeKey(rate)}, ${durationS} s)`,
      requestsPerSec: figures.requestsPerSec,
      p50Ms: figures.latencyMs.p50,
      p99Ms: figures.latencyMs.p99,
      cpuUsPerRequest: figures.requests > 0 ? round(cpuUs / figures.requests) : undefined,
    };
    const result = httpResult({
      name,
      parameters: { route: 'GET / (bare Fastify, no plugins, no logger)', ...shapeParameters(this.options, rate, durationS) },
      figures,
      ceiling,
      serverCpuUs: cpuUs,
      serverRssBytes: rssBytes,
    });
    return { ceiling, result };
  }

  /**
   * A load of another shape on the bare server (the reservations' POSTs): what `load` returns, and
   * the server's CPU time over it.
   */
  async around<T>(load: (origin: string) => Promise<T>): Promise<{ value: T; cpuUs: number }> {
    const before = await this.server.usage();
    const value = await load(this.server.origin);
    const after = await this.server.usage();
    return { value, cpuUs: after.cpuUs - before.cpuUs };
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
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
export async function runRouteBench(
  bench: RouteBench,
  context: { options: RunOptions; dataDir: string; bare: BareCeiling; log: Log },
): Promise<BenchResult[]> {
  const { options, bare, log } = context;
  const adjacentS = Math.min(5, options.durationS);
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
    // Warm-up from the middle of the list: it should not pre-load the cache for the measured requests.
    if (options.warmupS > 0) await runLoad({ ...base, durationS: options.warmupS, startAt: Math.floor(bench.paths.length / 2) });
    const results: HttpResult[] = [];
    for (const run of bench.runs) {
      log(`${nameOf(run)} for ${options.durationS} s, after ${adjacentS} s of the bare route at the same load`);
      const { ceiling } = await bare.measure(run.rate, adjacentS, `ceiling for ${nameOf(run)}`);
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
