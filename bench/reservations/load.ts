/**
 * Reservation traffic: `connections` keep-alive clients posting holds back to back (autocannon),
 * each request naming the next hot item in turn, so every item is fought over by all clients.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { latencySummary, round, Samples, type LatencyMs } from '../lib/stats.js';
import type { HotItem } from './data.js';

export interface ReservationLoad {
  origin: string;
  path: string;
  items: readonly HotItem[];
  token: string;
  connections: number;
  durationS: number;
  /** Stop after this many requests (the exhaustion run), whatever the duration. */
  maxRequests?: number;
  /** Send a fresh Idempotency-Key with each request. */
  idempotencyKeys?: boolean;
}

export interface ReservationFigures {
  requests: number;
  created: number;
  refused: number;
  /** Answers other than 201 and 409, and requests with no answer at all. */
  unexpected: number;
  errors: number;
  timeouts: number;
  /** 201 answers per second: reservations made. */
  reservationsPerSec: number;
  /** Every answer per second. */
  requestsPerSec: number;
  /** Response times of the 201 answers. */
  latencyMs: LatencyMs;
  durationS: number;
  loadGeneratorCpuPct: number;
  statuses: Record<string, number>;
}

export function runReservations(load: ReservationLoad): Promise<ReservationFigures> {
  const latencies = new Samples(5_000_000);
  const statuses: Record<string, number> = {};
  let next = 0;
  const body = () => {
    const item = load.items[next++ % load.items.length]!;
    return JSON.stringify({ sku: item.sku, locationId: item.locationId, quantity: 1, ownerType: 'cart', ttl: 'PT1H' });
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${load.origin}${load.path}`,
        connections: load.connections,
        duration: load.durationS,
        ...(load.maxRequests ? { amount: load.maxRequests } : {}),
        timeout: 10,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${load.token}` },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              body: body(),
              ...(load.idempotencyKeys ? { headers: { ...request.headers, 'idempotency-key': randomUUID() } } : {}),
            }),
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(watchdog);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const durationS = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const created = statuses['201'] ?? 0;
        const refused = statuses['409'] ?? 0;
        const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
        resolve({
          requests,
          created,
          refused,
          unexpected: requests - created - refused + result.errors + result.timeouts,
          errors: result.errors,
          timeouts: result.timeouts,
          reservationsPerSec: round(created / durationS),
          requestsPerSec: round(requests / durationS),
          latencyMs: latencySummary(latencies.values()),
          durationS: round(durationS),
          loadGeneratorCpuPct: round(((cpu.user + cpu.system) / 1000 / (durationS * 1000)) * 100),
          statuses,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode === 201) latencies.push(responseTime);
    });
    const watchdog = setTimeout(() => instance.stop(), (load.durationS + 30) * 1000);
  });
}
