/**
 * Reservations under contention: `POST /v1/inventory/holds` (one unit each, admin bearer token) from
 * `connections` clients, each request naming the next of a few hot items, on the app in its own
 * process over SQLite. Three runs on a database of its own (bench/reservations/data.ts):
 *
 * - `plenty`: stock far beyond what a run can hold, so every request should succeed: holds made
 *   per second, the target;
 * - `until sold out`: `limitedUnits` an item and `exhaustionFactor` times as many requests as
 *   units: every unit held exactly once, the rest refused with 409;
 * - `Idempotency-Key`: as `plenty`, each request with a fresh key (the claim row in the same
 *   transaction), as a till or a checkout sends them.
 *
 * After the runs the database itself is checked, item by item (bench/reservations/check.ts): holds
 * made ≤ units there were (`oversold` counts the items where not), `reserved` = the sum of the
 * active holds, and one hold row per 201 answer. Ceilings: the bare Fastify `POST /` under the same
 * load just before each run, and bare better-sqlite3 loops of the same conditional UPDATE (and
 * UPDATE + hold INSERT) on a copy of the same database (bench/reservations/ceiling.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions } from '../lib/options.js';
import { ratio, type BenchResult, type Ceiling, type ReservationResult } from '../lib/report.js';
import { startBenchServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { measureSqliteCeiling, type SqliteReservationCeiling } from '../reservations/ceiling.js';
import { checkStock } from '../reservations/check.js';
import { prepareData, type HotItem } from '../reservations/data.js';
import { runReservations, type ReservationFigures, type ReservationLoad } from '../reservations/load.js';
import type { BareCeiling, Log } from './http.js';

const PATH = '/v1/inventory/holds';

interface Run {
  name: string;
  items: readonly HotItem[];
  why: string;
  maxRequests?: number;
  idempotencyKeys?: boolean;
  target?: boolean;
}

export async function runReservationsBench(options: RunOptions, context: { bare: BareCeiling; log: Log }): Promise<BenchResult[]> {
  const { bare, log } = context;
  const settings = options.reservations;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-reservations-'));
  const parameters = {
    route: `POST ${PATH} {sku, locationId, quantity: 1, ownerType: 'cart', ttl: 'PT1H'}`,
    auth: 'admin bearer token (PASSERELLE_ADMIN_TOKEN)',
    database: 'SQLite, a fresh file of its own',
    hotItems: settings.hotSkus * settings.stores,
    connections: options.connections,
    logLevel: options.logLevel,
  };
  try {
    const file = path.join(dir, 'passerelle.db');
    log(`reservations: data, ${settings.hotSkus} hot skus at ${settings.stores} stores per run`);
    const data = await prepareData(file, { hotSkus: settings.hotSkus, stores: settings.stores, limitedUnits: settings.limitedUnits });
    const ceilingSeconds = options.quick ? 1 : 2;
    log(`reservations: ceiling, bare SQLite conditional UPDATE (then UPDATE + INSERT) loops, ${ceilingSeconds} s each, on a copy of the data`);
    const sqlite = measureOnCopy(file, data.plenty, ceilingSeconds);

    const server = await startBenchServer({ mode: 'app', dataDir: dir, logLevel: options.logLevel });
    const runs: Run[] = [
      { name: 'reservations, plenty of stock', items: data.plenty, why: 'every request should succeed: holds made per second', target: true },
      {
        name: 'reservations until sold out',
        items: data.limited,
        why: `${settings.limitedUnits} units an item, ${settings.exhaustionFactor} times as many requests as units: each unit held once, the rest refused (409)`,
        maxRequests: data.limited.length * settings.limitedUnits * settings.exhaustionFactor,
      },
      { name: 'reservations with Idempotency-Key', items: data.keyed, why: 'a fresh key per request: the key is claimed in the same transaction', idempotencyKeys: true },
    ];
    const measured: Measured[] = [];
    try {
      const headers = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
      const first = data.warm[0]!;
      const check = await probePost(server.origin, { sku: first.sku, locationId: first.locationId, quantity: 1, ownerType: 'cart', ttl: 'PT1H' }, headers);
      if (check.status !== 201) {
        const reason = `POST ${PATH} answered ${check.status}: ${check.text.slice(0, 200)}`;
        log(`reservations: skipped, ${reason}`);
        return runs.map((run) => ({ name: run.name, kind: 'skipped' as const, parameters, skipped: reason }));
      }
      // 201 answers per list of items, to match against the hold rows.
      const answered = new Map<readonly HotItem[], number>();
      const shapeOf = (items: readonly HotItem[], durationS: number): Omit<ReservationLoad, 'origin' | 'path'> => ({ items, token: server.adminToken, connections: options.connections, durationS });
      // Measured runs stop after a number of requests, not at a time: a run cut at a time leaves
      // requests in flight whose holds no client saw, and the check below wants exactly one hold
      // per 201. The number is the previous run's rate × the duration, so a run lasts about `durationS`.
      // The warm-up (and the probe) use items of their own, which are not checked.
      let lastRate = 1_000;
      if (options.warmupS > 0) {
        const warm = await runReservations({ origin: server.origin, path: PATH, ...shapeOf(data.warm, options.warmupS) });
        lastRate = Math.max(100, warm.requestsPerSec);
      }
      const adjacentS = Math.min(5, options.durationS);
      for (const run of runs) {
        // A keyed reservation also writes its key row: half the requests keep that run within about `durationS`.
        const maxRequests = run.maxRequests ?? Math.round(lastRate * options.durationS * (run.idempotencyKeys ? 0.5 : 1));
        log(`${run.name}: ${maxRequests.toLocaleString('en-US')} requests${run.maxRequests ? '' : ` (about ${options.durationS} s)`}, after ${adjacentS} s of the bare POST at the same load`);
        const shape = { ...shapeOf(run.items, options.durationS), ...(run.idempotencyKeys ? { idempotencyKeys: true } : {}) };
        const ceiling = await bareCeiling(bare, { ...shape, durationS: adjacentS });
        const before = await server.usage();
        const figures = await runReservations({ origin: server.origin, path: PATH, ...shape, maxRequests });
        const after = await server.usage();
        if (!run.maxRequests) lastRate = Math.max(100, figures.requestsPerSec);
        answered.set(run.items, (answered.get(run.items) ?? 0) + figures.created);
        measured.push({ run, figures, cpuUs: after.cpuUs - before.cpuUs, rssBytes: after.rssBytes, ceiling });
      }
      // The check reads the file once the server has stopped: every write it acknowledged is in it.
      await server.stop();
      return measured.map((m) => {
        const stock = checkStock(file, m.run.items);
        return resultOf(m, { ...stock, holdsMatchAnswers: stock.holds === (answered.get(m.run.items) ?? 0) }, sqlite, parameters, options);
      });
    } catch (error) {
      throw new Error(`reservations: ${error instanceof Error ? error.message : String(error)}\n${server.stderr()}`);
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Measured {
  run: Run;
  figures: ReservationFigures;
  cpuUs: number;
  rssBytes: number;
  ceiling: Ceiling;
}

/** The SQLite ceiling on a copy, so the benchmark's own items start untouched. */
function measureOnCopy(file: string, items: readonly HotItem[], seconds: number): SqliteReservationCeiling {
  const copy = path.join(path.dirname(file), 'ceiling.db');
  fs.copyFileSync(file, copy);
  try {
    return measureSqliteCeiling(copy, items, seconds);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  }
}

async function bareCeiling(bare: BareCeiling, shape: Omit<ReservationLoad, 'origin' | 'path'>): Promise<Ceiling> {
  const { value, cpuUs } = await bare.around((origin) => runReservations({ ...shape, origin, path: '/' }));
  return {
    name: `bare Fastify POST / (${shape.connections} connections, ${shape.durationS} s${shape.idempotencyKeys ? ', with Idempotency-Key headers' : ''})`,
    requestsPerSec: value.requestsPerSec,
    p50Ms: value.latencyMs.p50,
    p99Ms: value.latencyMs.p99,
    cpuUsPerRequest: value.requests > 0 ? round(cpuUs / value.requests) : undefined,
  };
}

function resultOf(
  { run, figures, cpuUs, rssBytes, ceiling: http }: Measured,
  check: ReservationResult['check'],
  sqlite: SqliteReservationCeiling,
  parameters: Record<string, unknown>,
  options: RunOptions,
): ReservationResult {
  const cpuUsPerRequest = figures.requests > 0 ? round(cpuUs / figures.requests) : undefined;
  const result: ReservationResult = {
    name: run.name,
    kind: 'reservations',
    parameters: {
      ...parameters,
      why: run.why,
      items: run.items.length,
      ...(run.maxRequests ? { requests: run.maxRequests, unitsPerItem: options.reservations.limitedUnits } : { durationS: options.durationS }),
      idempotencyKeys: run.idempotencyKeys ?? false,
    },
    reservationsPerSec: figures.reservationsPerSec,
    requestsPerSec: figures.requestsPerSec,
    latencyMs: figures.latencyMs,
    durationS: figures.durationS,
    requests: figures.requests,
    created: figures.created,
    refused: figures.refused,
    unexpected: figures.unexpected,
    errors: figures.errors,
    timeouts: figures.timeouts,
    statuses: figures.statuses,
    serverCpuUsPerRequest: cpuUsPerRequest,
    serverRssMb: round(rssBytes / 1024 / 1024),
    loadGeneratorCpuPct: figures.loadGeneratorCpuPct,
    oversold: check.oversold,
    check,
    ceiling: { http, sqlite: { conditionalUpdatePerSec: sqlite.conditionalUpdatePerSec, reservationPerSec: sqlite.reservationPerSec } },
    ratioToCeiling: {
      requestsPerSec: ratio(figures.requestsPerSec, http.requestsPerSec),
      p99: ratio(figures.latencyMs.p99, http.p99Ms),
      cpuPerRequest: cpuUsPerRequest === undefined || http.cpuUsPerRequest === undefined ? undefined : ratio(cpuUsPerRequest, http.cpuUsPerRequest),
      sqliteConditionalUpdate: ratio(figures.reservationsPerSec, sqlite.conditionalUpdatePerSec),
      sqliteReservation: ratio(figures.reservationsPerSec, sqlite.reservationPerSec),
    },
  };
  if (!check.holdsMatchAnswers) result.notes = [`${check.holds} holds in the database for this run's items, not one per 201 answer`];
  if (run.target) {
    result.target = { reservationsPerSec: options.reservations.targetPerSec, oversold: 0 };
    result.met = metOf(result);
  }
  return result;
}

/** Met: the rate held, nothing oversold, `reserved` consistent, one hold per 201, and no answer other than 201/409. */
function metOf(result: ReservationResult): boolean {
  return (
    result.reservationsPerSec >= (result.target?.reservationsPerSec ?? Infinity) &&
    result.oversold === 0 &&
    result.check.reservedMismatches === 0 &&
    result.check.holdsMatchAnswers &&
    result.unexpected === 0
  );
}

async function probePost(origin: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${PATH}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}
