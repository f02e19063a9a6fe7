/**
 * The full checkout: `POST /v1/carts/{id}/checkout` by signed-in customers (each their own session
 * token and a fresh Idempotency-Key), each ordering a prepared cart of 3 lines for click & collect
 * at a store, paid online with the test card, with automatic promotions in play: the goods held at
 * the store by conditional statements, the order, its lines, payment, first transition, 2 domain
 * events and the `Order Placed` event on the customer's timeline, in one transaction with the key.
 *
 * Carts, customers, stock and promotions are prepared before anything is timed
 * (bench/checkout/data.ts), on a SQLite file of its own. Two runs on the app server as deployed
 * (its background work delivering the orders' domain events beside the requests):
 *
 * - paced at `pacedRate` orders/s: the target is p99 < `p99Ms`;
 * - unthrottled: the target is at least `targetOrdersPerSec` orders per second;
 *
 * then a diagnostic run, unthrottled on a server with its background work off
 * (`PASSERELLE_WORKER_POLL_MS=0`): the checkout alone, its events left undelivered.
 *
 * Each beside the bare Fastify `POST /` under the same load just before it, and the bare
 * better-sqlite3 loop of a checkout's statements on a copy of the same database
 * (bench/checkout/ceiling.ts). The server's CPU per checkout is given over the run and over the run
 * plus the time its background work takes to deliver the orders' domain events (outbox), which
 * it keeps doing after the last answer. After the runs the database is checked
 * (bench/checkout/check.ts): one complete order per 201, `reserved` = the active holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { RunOptions } from '../lib/options.js';
import { httpResult, ratio, type BenchResult, type Ceiling, type HttpResult } from '../lib/report.js';
import { startBenchServer, type BenchServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { measureCheckoutCeiling, type SqliteCheckoutCeiling } from '../checkout/ceiling.js';
import { checkOrders, type CheckoutCheck } from '../checkout/check.js';
import { prepareCheckoutData, type PreparedCart } from '../checkout/data.js';
import { CartQueue, checkoutBody, runCheckouts, type CheckoutFigures, type CheckoutLoad } from '../checkout/load.js';
import type { BareCeiling, Log } from './http.js';

export const CHECKOUT = {
  stores: 20,
  products: 2_000,
  pacedRate: 200,
  p99Ms: 50,
  targetOrdersPerSec: 500,
  /** Longest wait for the server's background work to deliver the runs' domain events. */
  outboxDrainS: 60,
};

export interface CheckoutDetails {
  ordersPerSec: number;
  statuses: Record<string, number>;
  /** 409 answers (a short line) in % of the requests: 0 expected, stock is plentiful. */
  conflictPct: number;
  /** Server CPU per order over the run alone. */
  serverCpuUsPerOrder: number | undefined;
  /** Server CPU per order over the run and until the outbox had delivered its events (the whole cost). */
  serverCpuUsPerOrderWithOutbox: number | undefined;
  /** Seconds the outbox took after the last answer to deliver what the run published. */
  outboxDrainS: number;
  outboxDrained: boolean;
  /** Domain events and their deliveries by status in the database once drained (every run so far). */
  outbox: { domainEvents: number; deliveries: Record<string, number> };
  sqliteCeiling: SqliteCheckoutCeiling;
  /** ordersPerSec / the bare better-sqlite3 checkout loop. */
  ratioToSqliteCheckout: number;
  target?: { ordersPerSec: number };
  met?: boolean;
  check?: CheckoutCheck;
}

type CheckoutResult = HttpResult & { details: CheckoutDetails };

export async function runCheckoutBench(options: RunOptions, context: { bare: BareCeiling; log: Log }): Promise<BenchResult[]> {
  const { bare, log } = context;
  const customers = options.quick ? 10_000 : 45_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-checkout-'));
  const file = path.join(dir, 'passerelle.db');
  const parameters = {
    route: 'POST /v1/carts/{id}/checkout {fulfillment: {method: click_and_collect, storeId}, payment: {method: online, card}}',
    auth: 'a customer session token per cart (its owner), a fresh Idempotency-Key per request',
    cart: '3 lines (1 or 2 units each) of a 2,000-product catalog, automatic promotions in play (20 % off a category tree, 10 € off from 150 €)',
    database: 'SQLite, a fresh file of its own',
    logLevel: options.logLevel,
  };
  try {
    log(`checkout: data, ${customers.toLocaleString('en-US')} customers with a cart of 3 lines, ${CHECKOUT.stores} stores, ${CHECKOUT.products.toLocaleString('en-US')} products`);
    const data = await prepareCheckoutData(file, { customers, stores: CHECKOUT.stores, products: CHECKOUT.products, seed: options.dataSeed + 50 });
    log(`checkout: data ready in ${round(data.seconds.catalogAndStock + data.seconds.customers + data.seconds.carts)} s`);
    const lanes = Math.min(options.lanes, CHECKOUT.pacedRate);
    const pools = split(data.carts, {
      probe: 1,
      warm: options.warmupS * 2_000,
      paced: Math.ceil(CHECKOUT.pacedRate * options.durationS * 1.1) + 4 * lanes,
    });
    const ceilingS = options.quick ? 1 : 3;
    log(`checkout: ceiling, bare SQLite checkout statements for ${ceilingS} s on a copy of the data`);
    const sqlite = await onCopy(file, (copy) => measureCheckoutCeiling(copy, pools.unthrottled, ceilingS));

    const results: CheckoutResult[] = [];
    const tally = { answered201: 0, inFlightAtEnds: 0 };
    const adjacentS = Math.min(5, options.durationS);
    const measured = async (server: BenchServer, run: Run): Promise<void> => {
      log(`${run.name} for ${options.durationS} s (${run.carts.length.toLocaleString('en-US')} carts ready), after ${adjacentS} s of the bare POST at the same load`);
      const shape = { connections: options.connections, lanes, ...(run.rate === undefined ? {} : { rate: run.rate }) };
      const ceiling = await bareCeiling(bare, { ...shape, durationS: adjacentS, carts: new CartQueue(data.carts, true) });
      const before = await server.usage();
      const figures = await runCheckouts({ origin: server.origin, ...shape, durationS: options.durationS, carts: new CartQueue(run.carts) });
      const afterRun = await server.usage();
      const drain = await drainOutbox(file, run.backgroundWork ? CHECKOUT.outboxDrainS : 0);
      const afterDrain = await server.usage();
      tally.answered201 += figures.ordered;
      tally.inFlightAtEnds += run.rate === undefined ? options.connections : lanes;
      log(
        `${run.name}: ${figures.ordersPerSec} orders/s, p99 ${figures.latencyMs.p99} ms, statuses ${JSON.stringify(figures.statuses)}, server CPU ${round((afterRun.cpuUs - before.cpuUs) / Math.max(1, figures.ordered))} µs/order; ` +
          `outbox ${run.backgroundWork ? `delivered in ${drain.seconds} s after the run` : 'off'} (${drain.domainEvents} events, deliveries ${JSON.stringify(drain.deliveries)}); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`,
      );
      results.push(resultOf({ run, figures, ceiling, sqlite, parameters, options, cpuRun: afterRun.cpuUs - before.cpuUs, cpuAll: afterDrain.cpuUs - before.cpuUs, rssBytes: afterDrain.rssBytes, drain }));
    };
    const warmUp = async (server: BenchServer, carts: PreparedCart[], backgroundWork: boolean) => {
      if (options.warmupS <= 0) return;
      const warm = await runCheckouts({ origin: server.origin, carts: new CartQueue(carts), durationS: options.warmupS, connections: options.connections });
      tally.answered201 += warm.ordered;
      tally.inFlightAtEnds += options.connections;
      if (backgroundWork) await drainOutbox(file, CHECKOUT.outboxDrainS);
    };

    // The app as deployed: its background work (the outbox delivering the orders' events) runs beside.
    const server = await startBenchServer({ mode: 'app', dataDir: dir, logLevel: options.logLevel });
    try {
      const probe = await probeCheckout(server.origin, pools.probe[0]!);
      if (probe.status !== 201) {
        const reason = `POST /v1/carts/{id}/checkout answered ${probe.status}: ${probe.text.slice(0, 300)}`;
        log(`checkout: skipped, ${reason}`);
        return [{ name: 'checkout', kind: 'skipped', parameters, skipped: reason }];
      }
      tally.answered201++;
      await warmUp(server, pools.warm, true);
      await measured(server, { name: `checkout @${CHECKOUT.pacedRate}/s`, rate: CHECKOUT.pacedRate, carts: pools.paced, backgroundWork: true, target: true });
      await measured(server, { name: 'checkout unthrottled', carts: pools.unthrottled, backgroundWork: true, target: true });
    } catch (error) {
      throw new Error(`checkout: ${error instanceof Error ? error.message : String(error)}\n${server.stderr()}`);
    } finally {
      await server.stop();
    }

    // Diagnostic: the checkout alone, on a server whose background work is off (its events wait).
    const quiet = await startWithoutBackgroundWork(() => startBenchServer({ mode: 'app', dataDir: dir, logLevel: options.logLevel }));
    try {
      await warmUp(quiet, pools.warmAlone, false);
      await measured(quiet, { name: 'checkout unthrottled, background work off', carts: pools.alone, backgroundWork: false, target: false });
    } catch (error) {
      throw new Error(`checkout: ${error instanceof Error ? error.message : String(error)}\n${quiet.stderr()}`);
    } finally {
      await quiet.stop();
    }

    const check = checkOrders(file, tally.answered201, tally.inFlightAtEnds);
    if (!check.ordersMatchAnswers || check.incompleteOrders > 0 || check.cartMismatches > 0 || check.reservedMismatches > 0) {
      for (const result of results) {
        result.notes = [...(result.notes ?? []), `database check failed: ${JSON.stringify(check)}`];
        if (result.details.target) result.details.met = false;
        if (result.met !== undefined) result.met = false;
      }
    }
    for (const result of results) result.details.check = check;
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One line per checkout result for the summary. `npm run bench` prints the verdict of p99 targets
 * for every route already: `p99Verdicts` adds it here (the standalone runner), else those lines only
 * give the CPU.
 */
export function checkoutVerdicts(results: readonly BenchResult[], options: { p99Verdicts?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.kind !== 'http' || !isCheckoutDetails(result.details)) continue;
    const d = result.details;
    const cpu = `server CPU ${d.serverCpuUsPerOrder ?? '?'} µs/order (${d.serverCpuUsPerOrderWithOutbox ?? '?'} with the outbox's deliveries)`;
    const ratios = `× bare POST ${result.ratioToCeiling.requestsPerSec}, × bare SQLite checkout ${d.ratioToSqliteCheckout}`;
    if (result.target && options.p99Verdicts)
      lines.push(`${result.met ? 'MET   ' : 'MISSED'} ${result.name}: p99 ${result.latencyMs.p99} ms (target < ${result.target.p99Ms} ms) at ${d.ordersPerSec} orders/s; ${cpu}`);
    else if (result.target) lines.push(`       ${result.name}: ${d.ordersPerSec} orders/s; ${cpu}`);
    else if (d.target) lines.push(`${d.met ? 'MET   ' : 'MISSED'} ${result.name}: ${d.ordersPerSec} orders/s (target ≥ ${d.target.ordersPerSec}), ${ratios}; ${cpu}`);
    else lines.push(`       ${result.name}: ${d.ordersPerSec} orders/s, p99 ${result.latencyMs.p99} ms, ${ratios}; server CPU ${d.serverCpuUsPerOrder ?? '?'} µs/order`);
  }
  return lines;
}

function isCheckoutDetails(details: unknown): details is CheckoutDetails {
  return typeof details === 'object' && details !== null && 'ratioToSqliteCheckout' in details;
}

/** Carts for each run, in turn; what is left is shared by the two unthrottled runs (2/3 with background work). */
function split(carts: readonly PreparedCart[], sizes: { probe: number; warm: number; paced: number }) {
  let at = 0;
  const take = (n: number) => carts.slice(at, (at += n));
  const probe = take(sizes.probe);
  const warm = take(sizes.warm);
  const paced = take(sizes.paced);
  const warmAlone = take(Math.round(sizes.warm / 2));
  const left = carts.length - at;
  if (left < 3_000) throw new Error(`checkout: only ${left} carts left for the unthrottled runs`);
  const unthrottled = take(Math.round((left * 2) / 3));
  return { probe, warm, paced, warmAlone, unthrottled, alone: carts.slice(at) };
}

interface Run {
  name: string;
  rate?: number;
  carts: PreparedCart[];
  backgroundWork: boolean;
  target: boolean;
}

/** Starts a server with `PASSERELLE_WORKER_POLL_MS=0`: no background work, so no outbox deliveries. */
async function startWithoutBackgroundWork(start: () => Promise<BenchServer>): Promise<BenchServer> {
  const before = process.env.PASSERELLE_WORKER_POLL_MS;
  process.env.PASSERELLE_WORKER_POLL_MS = '0';
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env.PASSERELLE_WORKER_POLL_MS;
    else process.env.PASSERELLE_WORKER_POLL_MS = before;
  }
}

async function onCopy<T>(file: string, work: (copy: string) => Promise<T>): Promise<T> {
  const copy = path.join(path.dirname(file), 'ceiling.db');
  fs.copyFileSync(file, copy);
  try {
    return await work(copy);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  }
}

/**
 * Waits until the server's background work has fanned out every domain event and run every due
 * delivery (read from the file: WAL readers do not block the server), and says what it did.
 */
async function drainOutbox(file: string, maxS: number): Promise<Drain> {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const pending = db.prepare(
      `select (select count(*) from domain_events where dispatched = 0) + (select count(*) from event_deliveries where status = 'pending' and available_at <= ?) as n`,
    );
    const started = performance.now();
    let n = (pending.get(new Date().toISOString()) as { n: number }).n;
    while (n > 0 && (performance.now() - started) / 1000 < maxS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      n = (pending.get(new Date().toISOString()) as { n: number }).n;
    }
    const deliveries = Object.fromEntries((db.prepare('select status, count(*) as n from event_deliveries group by status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    const { events } = db.prepare('select count(*) as events from domain_events').get() as { events: number };
    return { seconds: round((performance.now() - started) / 1000), drained: n === 0, pendingAtEnd: n, domainEvents: events, deliveries };
  } finally {
    db.close();
  }
}

interface Drain {
  seconds: number;
  drained: boolean;
  pendingAtEnd: number;
  /** Totals in the database so far (all runs). */
  domainEvents: number;
  deliveries: Record<string, number>;
}

async function bareCeiling(bare: BareCeiling, shape: Omit<CheckoutLoad, 'origin'>): Promise<Ceiling> {
  const { value, cpuUs } = await bare.around((origin) => runCheckouts({ ...shape, origin, fixedPath: '/' }));
  const load = shape.rate === undefined ? `${shape.connections} connections` : `@${shape.rate}/s`;
  return {
    name: `bare Fastify POST / (same bodies and headers, ${load}, ${shape.durationS} s)`,
    requestsPerSec: value.requestsPerSec,
    p50Ms: value.latencyMs.p50,
    p99Ms: value.latencyMs.p99,
    cpuUsPerRequest: value.requests > 0 ? round(cpuUs / value.requests) : undefined,
  };
}

function resultOf(input: {
  run: Run;
  figures: CheckoutFigures;
  ceiling: Ceiling;
  sqlite: SqliteCheckoutCeiling;
  parameters: Record<string, unknown>;
  options: RunOptions;
  cpuRun: number;
  cpuAll: number;
  rssBytes: number;
  drain: Drain;
}): CheckoutResult {
  const { run, figures, ceiling, sqlite, options, drain } = input;
  const paced = run.rate !== undefined;
  const shape = paced ? { load: 'paced', rate: run.rate, lanes: Math.min(options.lanes, run.rate!), durationS: options.durationS } : { load: 'unthrottled', connections: options.connections, durationS: options.durationS };
  const result = httpResult({
    name: run.name,
    parameters: { ...input.parameters, ...shape, backgroundWork: run.backgroundWork },
    figures: {
      requestsPerSec: figures.requestsPerSec,
      latencyMs: figures.latencyMs,
      requests: figures.requests,
      non2xx: figures.requests - figures.ordered,
      errors: figures.errors,
      timeouts: figures.timeouts,
      durationS: figures.durationS,
      loadGeneratorCpuPct: figures.loadGeneratorCpuPct,
    },
    ceiling,
    serverCpuUs: input.cpuRun,
    serverRssBytes: input.rssBytes,
    ...(paced && run.target ? { target: { p99Ms: CHECKOUT.p99Ms, rate: run.rate! } } : {}),
    notes: !run.backgroundWork
      ? ['diagnostic: background work off (PASSERELLE_WORKER_POLL_MS=0), so the orders\' domain events wait undelivered: the checkout alone']
      : drain.drained
        ? []
        : [`the outbox still had ${drain.pendingAtEnd} events or deliveries due ${CHECKOUT.outboxDrainS} s after the run`],
  });
  const perOrder = (cpuUs: number) => (figures.ordered > 0 ? round(cpuUs / figures.ordered) : undefined);
  const details: CheckoutDetails = {
    ordersPerSec: figures.ordersPerSec,
    statuses: figures.statuses,
    conflictPct: figures.requests > 0 ? round((100 * figures.conflicts) / figures.requests) : 0,
    serverCpuUsPerOrder: perOrder(input.cpuRun),
    serverCpuUsPerOrderWithOutbox: perOrder(input.cpuAll),
    outboxDrainS: drain.seconds,
    outboxDrained: drain.drained,
    outbox: { domainEvents: drain.domainEvents, deliveries: drain.deliveries },
    sqliteCeiling: sqlite,
    ratioToSqliteCheckout: ratio(figures.ordersPerSec, sqlite.checkoutsPerSec),
  };
  if (!paced && run.target) {
    details.target = { ordersPerSec: CHECKOUT.targetOrdersPerSec };
    details.met = figures.ordersPerSec >= CHECKOUT.targetOrdersPerSec && figures.unexpected === 0;
  }
  return { ...result, details };
}

async function probeCheckout(origin: string, cart: PreparedCart): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}/v1/carts/${cart.cartId}/checkout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cart.token}`, 'content-type': 'application/json', 'idempotency-key': `probe-${cart.cartId}` },
    body: checkoutBody(cart),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}
