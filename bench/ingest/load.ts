import autocannon from 'autocannon';
import { Traffic } from './traffic.js';
import type { ChildMessage } from './processes.js';

export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Exact percentiles (nearest rank) of raw response times: autocannon's histogram keeps whole milliseconds. */
export function percentiles(samples: number[]): LatencyMs {
  if (samples.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

export const round = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(3)) : value);

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

export interface BatchLoadResult {
  events: number;
  batches: number;
  eventsPerSec: number;
  batchLatencyMs: LatencyMs;
  errors: number;
  firstError: string | null;
  durationS: number;
  loadGeneratorCpuPct: number;
  mix: Traffic['counts'];
}

/**
 * Batches of `size` events posted back to back by `slots` concurrent clients (fetch, keep-alive),
 * each owning its people (see traffic.ts), for `seconds`. Counts the events the server acknowledged.
 */
export async function batchLoad(origin: string, seconds: number, slots: number, people: number, size: number): Promise<BatchLoadResult> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let events = 0;
  let errors = 0;
  let firstError: string | null = null;
  const traffics = Array.from({ length: slots }, (_, slot) => new Traffic(slot, slots, people));
  await Promise.all(
    traffics.map(async (traffic) => {
      while (performance.now() < deadline && errors < 100) {
        const { key, body } = traffic.batch(size);
        const sent = performance.now();
        try {
          const response = await fetch(`${origin}/v1/batch`, { method: 'POST', headers: { authorization: basic(key), 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
          const answer = (await response.json()) as { stored?: number; duplicates?: number; detail?: string };
          if (response.status !== 200) throw new Error(`${response.status} ${answer.detail ?? ''}`);
          latencies.push(performance.now() - sent);
          events += (answer.stored ?? 0) + (answer.duplicates ?? 0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const durationS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mix = { events: 0, merges: 0, late: 0, newVisitors: 0, choices: 0 };
  for (const t of traffics) for (const k of Object.keys(mix) as (keyof typeof mix)[]) mix[k] += t.counts[k];
  return {
    events,
    batches: latencies.length,
    eventsPerSec: round(events / durationS),
    batchLatencyMs: percentiles(latencies),
    errors,
    firstError,
    durationS: round(durationS),
    loadGeneratorCpuPct: round(((cpu.user + cpu.system) / 1000 / (durationS * 1000)) * 100),
    mix,
  };
}

export interface RateLoadResult {
  requestsPerSec: number;
  latencyMs: LatencyMs;
  requests: number;
  non2xx: number;
  errors: number;
  durationS: number;
  loadGeneratorCpuPct: number;
}

/** One request of a paced load: its path, method, headers and body. */
export interface PacedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Requests at a fixed overall rate with autocannon's `overallRate`. Autocannon sends each
 * connection's quota for a second as a burst at its start, so the rate is spread over `lanes`
 * instances of one connection, started 1/lanes of a second apart: the server sees the rate, not a
 * 1 Hz spike. `next` makes each request; `onResponse` sees each answer (status, ms).
 */
export async function pacedLoad(
  origin: string,
  seconds: number,
  rate: number,
  next: () => PacedRequest,
  lanes = 25,
  onResponse?: (status: number, ms: number) => void,
): Promise<RateLoadResult & { firstNon2xx: number | null }> {
  const latencies: number[] = [];
  let firstNon2xx: number | null = null;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const runs = Array.from({ length: lanes }, (_, lane) => {
    const laneRate = Math.floor(rate / lanes) + (lane < rate % lanes ? 1 : 0);
    return new Promise<autocannon.Result>((resolve, reject) => {
      setTimeout(() => {
        const instance = autocannon(
          {
            url: origin,
            connections: 1,
            duration: seconds,
            overallRate: laneRate,
            maxOverallRequests: Math.ceil(laneRate * seconds * 1.1) + 1,
            timeout: 10,
            requests: [
              {
                method: 'GET',
                setupRequest: (request) => {
                  const r = next();
                  return { ...request, method: r.method, path: r.path, headers: { ...request.headers, ...r.headers }, ...(r.body === undefined ? {} : { body: r.body }) };
                },
              },
            ],
          },
          (error: unknown, result: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
        );
        instance.on('response', (_client, statusCode, _bytes, responseTime) => {
          if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
          else firstNon2xx ??= statusCode;
          onResponse?.(statusCode, responseTime);
        });
      }, (lane * 1000) / lanes);
    });
  });
  const results = await Promise.all(runs);
  const durationS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  let requests = 0;
  let requestsPerSec = 0;
  let non2xx = 0;
  let errors = 0;
  for (const r of results) {
    const answered = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
    requests += answered;
    // Each lane over its own window (they start staggered).
    requestsPerSec += answered / (r.duration || seconds);
    non2xx += r.non2xx;
    errors += r.errors + r.timeouts;
  }
  return {
    requestsPerSec: round(requestsPerSec),
    latencyMs: percentiles(latencies),
    requests,
    non2xx,
    errors,
    durationS: round(durationS),
    loadGeneratorCpuPct: round(((cpu.user + cpu.system) / 1000 / (durationS * 1000)) * 100),
    firstNon2xx,
  };
}

/** Single `/v1/track` calls at a fixed overall rate; every request carries a new event (its own messageId and person). */
export async function rateLoad(origin: string, seconds: number, rate: number, people: number, lanes = 25): Promise<RateLoadResult> {
  const traffic = new Traffic(0, 1, people);
  const { firstNon2xx: _, ...result } = await pacedLoad(
    origin,
    seconds,
    rate,
    () => {
      const { key, body } = traffic.single();
      return { method: 'POST', path: '/v1/track', headers: { authorization: basic(key), 'content-type': 'application/json' }, body };
    },
    lanes,
  );
  return result;
}

/** Child side: runs one load and reports it to the parent. */
export async function runLoadChild(kind: string, args: string[]): Promise<void> {
  const [origin = '', seconds = '10', a = '4', people = '200000', size = '500'] = args;
  const result = kind === 'load-batch' ? await batchLoad(origin, Number(seconds), Number(a), Number(people), Number(size)) : await rateLoad(origin, Number(seconds), Number(a), Number(people));
  process.send?.({ type: 'result', result } satisfies ChildMessage);
  process.disconnect?.();
}
