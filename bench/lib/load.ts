import autocannon from 'autocannon';
import { latencySummary, round, Samples, type LatencyMs } from './stats.js';

export interface LoadPlan {
  /** `http://127.0.0.1:port`: loopback only. */
  origin: string;
  /** Request paths, sent in turn (each connection takes the next one of the shared list). */
  paths: readonly string[];
  /** Index of the first path: measured runs start at 0, so they all send the same requests first. */
  startAt?: number;
  headers?: Record<string, string>;
  durationS: number;
  /** Open connections for an unthrottled run; a paced run opens one per lane. */
  connections: number;
  /** Requests per second for the whole run; undefined sends as fast as the server answers. */
  rate?: number;
  /** Paced runs only: how many staggered autocannon instances share the rate (see README). */
  lanes?: number;
}

export interface LoadFigures {
  /** Responses per second, whatever their status. */
  requestsPerSec: number;
  latencyMs: LatencyMs;
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  timeouts: number;
  durationS: number;
  /** CPU time of this (load-generating) process over the run, in % of one core: near 100 means the generator, not the server, was the limit. */
  loadGeneratorCpuPct: number;
}

const TIMEOUT_S = 10;
/** Stop a run that gets nothing but errors (a crashed server) instead of spinning for its whole duration. */
const BAILOUT_ERRORS = 1_000;
/** Hard ceiling on requests per run, whatever the duration, so memory for latency samples stays bounded. */
const MAX_REQUESTS_UNTHROTTLED = 3_000_000;

/**
 * Loads a server from this process with autocannon and returns its figures. Every run is bounded in
 * time (duration plus a watchdog) and in count (maxOverallRequests).
 *
 * Unthrottled: one autocannon instance, `connections` keep-alive connections.
 * Paced: autocannon's `overallRate` sends each connection's quota for the second as one burst at the
 * start of that second; `lanes` instances of one connection each, started 1/lanes of a second
 * apart, spread those bursts over the second so the server sees the rate, not a 1 Hz spike.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadFigures> {
  const lanes = plan.rate === undefined ? 1 : Math.max(1, Math.min(plan.lanes ?? 25, plan.rate));
  const maxRequests = plan.rate === undefined ? MAX_REQUESTS_UNTHROTTLED : Math.ceil(plan.rate * plan.durationS * 1.1) + lanes;
  const latencies = new Samples(maxRequests);
  let next = plan.startAt ?? 0;
  const nextPath = () => plan.paths[next++ % plan.paths.length] as string;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();

  const laneRuns: Promise<autocannon.Result & { elapsedS: number }>[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const laneRate = plan.rate === undefined ? undefined : Math.floor(plan.rate / lanes) + (lane < plan.rate % lanes ? 1 : 0);
    laneRuns.push(
      delay((lane * 1000) / lanes).then(() =>
        startInstance(plan, {
          connections: plan.rate === undefined ? plan.connections : 1,
          ...(laneRate === undefined ? {} : { overallRate: laneRate }),
          maxOverallRequests: laneRate === undefined ? maxRequests : Math.ceil(laneRate * plan.durationS * 1.1) + 1,
          nextPath,
          onLatency: (ms) => latencies.push(ms),
        }),
      ),
    );
  }
  const results = await Promise.all(laneRuns);
  const wallS = (performance.now() - wallBefore) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  let requestsPerSec = 0;
  let requests = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  for (const result of results) {
    const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
    // Each lane over its own time window: summing per-lane rates leaves out the stagger at the edges.
    requestsPerSec += answered / result.elapsedS;
    requests += answered;
    non2xx += result.non2xx;
    errors += result.errors;
    timeouts += result.timeouts;
  }
  return {
    requestsPerSec: round(requestsPerSec),
    latencyMs: latencySummary(latencies.values()),
    requests,
    non2xx,
    errors,
    timeouts,
    durationS: round(wallS),
    loadGeneratorCpuPct: round(((cpu.user + cpu.system) / 1000 / (wallS * 1000)) * 100),
  };
}

interface InstanceOptions {
  connections: number;
  overallRate?: number;
  maxOverallRequests: number;
  nextPath: () => string;
  onLatency: (ms: number) => void;
}

function startInstance(plan: LoadPlan, options: InstanceOptions): Promise<autocannon.Result & { elapsedS: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: `${plan.origin}${plan.paths[0] ?? '/'}`,
        connections: options.connections,
        duration: plan.durationS,
        maxOverallRequests: options.maxOverallRequests,
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        timeout: TIMEOUT_S,
        bailout: BAILOUT_ERRORS,
        headers: plan.headers ?? {},
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.nextPath() }) }],
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(watchdog);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ ...result, elapsedS: (performance.now() - started) / 1000 });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) options.onLatency(responseTime);
    });
    // Autocannon stops on its own at `duration`; this only guards against a run that never ends.
    const watchdog = setTimeout(() => instance.stop(), (plan.durationS + TIMEOUT_S + 5) * 1000);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
