import { basic, pacedLoad, percentiles, round, type LatencyMs, type RateLoadResult } from './load.js';
import { profileIdOf } from './population.js';
import { Traffic } from './traffic.js';

/**
 * Load for the profile phases, run in a process of its own: 360° profile reads at a fixed rate, and
 * the soak's mixed traffic (batches, single tracks, profile and timeline reads) for minutes.
 */
export type ReadRoute = 'profile' | 'timeline';

/** A random person of the population (xorshift, seeded: every run asks for the same people). */
function people(count: number, seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return Math.floor(((x >>> 0) / 4294967296) * count);
  };
}

const pathOf = (route: ReadRoute, i: number) => (route === 'profile' ? `/v1/profiles/${profileIdOf(i)}` : `/v1/profiles/${profileIdOf(i)}/timeline`);

/** `GET /v1/profiles/{id}` or `GET /v1/profiles/{id}/timeline` (50 entries, as the console asks) for random people, at `rate` a second. */
export async function readLoad(origin: string, seconds: number, rate: number, count: number, route: ReadRoute, token: string): Promise<RateLoadResult & { firstNon2xx: number | null }> {
  const next = people(count, route === 'profile' ? 7 : 11);
  const headers = { authorization: `Bearer ${token}` };
  return pacedLoad(origin, seconds, rate, () => ({ method: 'GET', path: pathOf(route, next()), headers }));
}

export interface SoakRates {
  tracksPerSec: number;
  readsPerSec: number;
  batchesPerSec: number;
  batchSize: number;
}

export interface SoakLoadResult {
  seconds: number;
  rates: SoakRates;
  tracks: RateLoadResult & { firstNon2xx: number | null };
  reads: RateLoadResult & { firstNon2xx: number | null };
  batches: { sent: number; skipped: number; events: number; errors: number; firstError: string | null; latencyMs: LatencyMs };
  /** p99 of each kind, minute by minute: does latency drift as memory would? */
  p99ByMinute: { minute: number; track: number; read: number; batch: number }[];
}

/**
 * The soak: for `seconds`, single tracks and profile reads (profile and timeline alternately) each
 * at a fixed rate (autocannon, paced), and batches of `batchSize` events sent open loop at
 * `batchesPerSec` (at most 4 in flight; a batch due while 4 are in flight is skipped and counted).
 * Batches and tracks each own half of the population (traffic.ts slots), so they never race on a person.
 */
export async function soakLoad(origin: string, seconds: number, count: number, token: string, rates: SoakRates): Promise<SoakLoadResult> {
  const started = performance.now();
  const minutes: { track: number[]; read: number[]; batch: number[] }[] = [];
  const bucket = () => (minutes[Math.floor((performance.now() - started) / 60_000)] ??= { track: [], read: [], batch: [] });
  const trackTraffic = new Traffic(1, 2, count);
  const tracks = pacedLoad(
    origin,
    seconds,
    rates.tracksPerSec,
    () => {
      const { key, body } = trackTraffic.single();
      return { method: 'POST', path: '/v1/track', headers: { authorization: basic(key), 'content-type': 'application/json' }, body };
    },
    10,
    (status, ms) => status < 300 && bucket().track.push(ms),
  );
  const next = people(count, 13);
  const headers = { authorization: `Bearer ${token}` };
  let k = 0;
  const reads = pacedLoad(origin, seconds, rates.readsPerSec, () => ({ method: 'GET', path: pathOf(k++ % 2 === 0 ? 'profile' : 'timeline', next()), headers }), 10, (status, ms) => status < 300 && bucket().read.push(ms));

  const batchTraffic = new Traffic(0, 2, count);
  const batchLatencies: number[] = [];
  const batch = { sent: 0, skipped: 0, events: 0, errors: 0, firstError: null as string | null };
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const send = async () => {
    const { key, body } = batchTraffic.batch(rates.batchSize);
    const sent = performance.now();
    inFlight += 1;
    batch.sent += 1;
    try {
      const response = await fetch(`${origin}/v1/batch`, { method: 'POST', headers: { authorization: basic(key), 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
      const answer = (await response.json()) as { stored?: number; duplicates?: number; detail?: string };
      if (response.status !== 200) throw new Error(`${response.status} ${answer.detail ?? ''}`);
      const ms = performance.now() - sent;
      batchLatencies.push(ms);
      bucket().batch.push(ms);
      batch.events += (answer.stored ?? 0) + (answer.duplicates ?? 0);
    } catch (error) {
      batch.errors += 1;
      batch.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      inFlight -= 1;
    }
  };
  const interval = 1000 / rates.batchesPerSec;
  const deadline = started + seconds * 1000;
  for (let due = started; due < deadline; due += interval) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= 4) {
      batch.skipped += 1;
      continue;
    }
    const p = send();
    pending.add(p);
    void p.then(() => pending.delete(p));
  }
  await Promise.all(pending);
  const [trackResult, readResult] = await Promise.all([tracks, reads]);
  const p99 = (xs: number[]) => percentiles(xs).p99;
  return {
    seconds: round((performance.now() - started) / 1000),
    rates,
    tracks: trackResult,
    reads: readResult,
    batches: { ...batch, latencyMs: percentiles(batchLatencies) },
    p99ByMinute: minutes.map((m, minute) => ({ minute, track: p99(m.track), read: p99(m.read), batch: p99(m.batch) })),
  };
}
