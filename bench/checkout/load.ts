/**
 * Checkout traffic: `POST /v1/carts/{id}/checkout` with each customer's own session token and a fresh
 * Idempotency-Key, each request ordering the next prepared cart (a cart is ordered once).
 *
 * Unthrottled: one autocannon instance, `connections` keep-alive connections, as fast as answers
 * come. Paced: `lanes` instances of one connection each at 1/lanes of the rate, started 1/lanes of a
 * second apart (as bench/lib/load.ts does for GETs, see bench/README.md "Load shapes").
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { latencySummary, round, Samples, type LatencyMs } from '../lib/stats.js';
import type { PreparedCart } from './data.js';

/** The carts still to be ordered, shared by every connection and lane of a run. */
export class CartQueue {
  private next = 0;
  /** `cycle`: start again from the first cart at the end (the bare ceiling, which orders nothing). */
  constructor(
    private readonly carts: readonly PreparedCart[],
    private readonly cycle = false,
  ) {}
  get remaining(): number {
    return this.cycle ? Infinity : this.carts.length - this.next;
  }
  take(): PreparedCart {
    const cart = this.carts[this.cycle ? this.next % this.carts.length : this.next];
    if (!cart) throw new Error('the prepared carts ran out: prepare more (the run is bounded by their number)');
    this.next++;
    return cart;
  }
}

export interface CheckoutLoad {
  origin: string;
  /** Send every request to this path instead of the cart's checkout (the bare ceiling: `/`). */
  fixedPath?: string;
  carts: CartQueue;
  durationS: number;
  connections: number;
  rate?: number;
  lanes?: number;
}

export interface CheckoutFigures {
  requests: number;
  /** 201: ordered. */
  ordered: number;
  /** 409: a line short (none expected: stock is plentiful). */
  conflicts: number;
  /** Answers other than 201 and 409, and requests with no answer at all. */
  unexpected: number;
  errors: number;
  timeouts: number;
  /** 201 answers per second. */
  ordersPerSec: number;
  requestsPerSec: number;
  /** Response times of the 201 answers. */
  latencyMs: LatencyMs;
  durationS: number;
  loadGeneratorCpuPct: number;
  statuses: Record<string, number>;
}

const TIMEOUT_S = 10;
/** Bounds the latency samples kept, whatever the duration. */
const MAX_REQUESTS = 3_000_000;

export const checkoutBody = (cart: PreparedCart) =>
  JSON.stringify({ fulfillment: { method: 'click_and_collect', storeId: cart.storeId }, payment: { method: 'online', card: '4242424242424242' } });

export async function runCheckouts(load: CheckoutLoad): Promise<CheckoutFigures> {
  const lanes = load.rate === undefined ? 1 : Math.max(1, Math.min(load.lanes ?? 25, load.rate));
  // Autocannon builds a request per connection ahead of sending it: keep a margin of carts.
  const budget = Math.min(MAX_REQUESTS, load.carts.remaining - 2 * (load.connections + lanes));
  const total = load.rate === undefined ? budget : Math.min(budget, Math.ceil(load.rate * load.durationS * 1.1) + lanes);
  const latencies = new Samples(total + 1);
  const statuses: Record<string, number> = {};
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const runs: Promise<autocannon.Result & { elapsedS: number }>[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const laneRate = load.rate === undefined ? undefined : Math.floor(load.rate / lanes) + (lane < load.rate % lanes ? 1 : 0);
    const amount = laneRate === undefined ? total : Math.min(Math.floor(total / lanes), Math.ceil(laneRate * load.durationS * 1.1) + 1);
    runs.push(
      delay((lane * 1000) / lanes).then(() =>
        instance(load, {
          connections: load.rate === undefined ? load.connections : 1,
          amount,
          ...(laneRate === undefined ? {} : { overallRate: laneRate }),
          onResponse: (status, ms) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status === 201) latencies.push(ms);
          },
        }),
      ),
    );
  }
  const results = await Promise.all(runs);
  const durationS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  let errors = 0;
  let timeouts = 0;
  let requestsPerSec = 0;
  let ordersPerSec = 0;
  for (const result of results) {
    errors += result.errors;
    timeouts += result.timeouts;
    const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
    // Each lane over its own time window: the stagger at the edges is not idle time of the server.
    requestsPerSec += answered / result.elapsedS;
    ordersPerSec += result['2xx'] / result.elapsedS;
  }
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ordered = statuses['201'] ?? 0;
  const conflicts = statuses['409'] ?? 0;
  return {
    requests,
    ordered,
    conflicts,
    unexpected: requests - ordered - conflicts + errors + timeouts,
    errors,
    timeouts,
    ordersPerSec: round(ordersPerSec),
    requestsPerSec: round(requestsPerSec),
    latencyMs: latencySummary(latencies.values()),
    durationS: round(durationS),
    loadGeneratorCpuPct: round(((cpu.user + cpu.system) / 1000 / (durationS * 1000)) * 100),
    statuses,
  };
}

interface InstanceOptions {
  connections: number;
  amount: number;
  overallRate?: number;
  onResponse: (status: number, ms: number) => void;
}

function instance(load: CheckoutLoad, options: InstanceOptions): Promise<autocannon.Result & { elapsedS: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const run = autocannon(
      {
        url: `${load.origin}${load.fixedPath ?? '/'}`,
        connections: options.connections,
        duration: load.durationS,
        maxOverallRequests: options.amount,
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        timeout: TIMEOUT_S,
        bailout: 1_000,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            // Called as each request is built: the next cart, its owner's token, a fresh key.
            setupRequest: (request) => {
              const cart = load.carts.take();
              return {
                ...request,
                path: load.fixedPath ?? `/v1/carts/${cart.cartId}/checkout`,
                headers: { ...request.headers, authorization: `Bearer ${cart.token}`, 'idempotency-key': randomUUID() },
                body: checkoutBody(cart),
              };
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(watchdog);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ ...result, elapsedS: (performance.now() - started) / 1000 });
      },
    );
    run.on('response', (_client, statusCode, _bytes, responseTime) => options.onResponse(statusCode, responseTime));
    const watchdog = setTimeout(() => run.stop(), (load.durationS + TIMEOUT_S + 5) * 1000);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
