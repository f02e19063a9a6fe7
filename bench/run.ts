/**
 * `npm run bench`: measures the store locator, product search, availability, reservations and the
 * full checkout over HTTP, from this process, against the app running in a child process on
 * generated data, and reports each figure beside ceilings measured in the same run (a bare Fastify
 * route, a bare SQLite loop). See bench/README.md.
 */
import os from 'node:os';
import path from 'node:path';
import { BareCeiling, runRouteBench, type Log, type RouteBench } from './benches/http.js';
import { checkoutVerdicts, runCheckoutBench } from './benches/checkout.js';
import { journeyVerdicts, runJourneysBench } from './benches/journeys.js';
import { runReservationsBench } from './benches/reservations.js';
import { runSeedBench } from './benches/seed.js';
import { datasetCache, type Dataset } from './data/dataset.js';
import { availabilityPaths, locatorPaths, searchQueries } from './data/queries.js';
import { parseOptions, USAGE, type BenchName, type RunOptions } from './lib/options.js';
import { profileKinds } from './lib/probe.js';
import { gitInfo, machineInfo, ratio, summaryTable, writeReport, type BenchResult, type Ceiling, type HttpResult } from './lib/report.js';
import { ROOT } from './lib/server.js';
import { measureSqliteCeiling, type SqliteCeiling } from './lib/sqlite-ceiling.js';
import { round } from './lib/stats.js';

const LOCATOR_CHECK = '/v1/stores?near=45.76,4.83&limit=10';
const SEARCH_CHECK = '/v1/products?q=robe';

async function main(argv: string[]): Promise<number> {
  let options: RunOptions;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const machine = machineInfo();
  const log: Log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const results: BenchResult[] = [];
  let datasetSummary: Record<string, unknown> | undefined;
  // Stock levels only when availability runs: 200,000 skus' worth take about a minute to write.
  const stockSkus = options.only.has('availability') ? options.stockSkus : 0;
  const datasets = datasetCache({ stores: options.stores, products: options.products, stockSkus, seed: options.dataSeed }, (dataset) => {
    datasetSummary = describeDataset(dataset);
  });
  // Ctrl-C: leave no temporary folder behind (child servers are killed by their own exit hooks).
  process.once('SIGINT', () => process.exit(130));
  process.once('exit', () => datasets.dispose(options.keepData));

  log(`Passerelle benchmarks on ${os.cpus().length} CPUs, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  log('ceiling: bare SQLite insert and select-by-key loops');
  const sqlite = measureSqliteCeiling({ rows: options.quick ? 100_000 : 300_000, maxSeconds: options.quick ? 2 : 4 });

  log(`ceiling: bare Fastify GET / unthrottled for ${options.durationS} s`);
  const bare = await BareCeiling.start(options);
  let start: { ceiling: Ceiling; result: HttpResult };
  let end: { ceiling: Ceiling; result: HttpResult };
  try {
    start = await bare.measure(undefined, options.durationS, 'ceiling: bare Fastify GET / unthrottled (start)');
    results.push(start.result);
    const needsData = options.only.has('locator') || options.only.has('search') || options.only.has('availability');
    if (needsData) {
      const stock = stockSkus > 0 ? `, stock for ${stockSkus.toLocaleString('en-US')} skus` : '';
      log(`data: ${options.stores.toLocaleString('en-US')} stores and ${options.products.toLocaleString('en-US')} products${stock} into a fresh SQLite file`);
    }
    // /health alone needs no rows: an empty folder, which the app migrates on start.
    const dataset = needsData ? await datasets.get() : undefined;
    const dataDir = dataset?.dir ?? datasets.emptyDir();
    if (needsData) log(`data: ready in ${String(datasetSummary?.seconds)} s`);
    for (const bench of routeBenches(options, dataset)) {
      try {
        results.push(...(await runRouteBench(bench.spec, { options, dataDir, bare, log })));
      } catch (error) {
        const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`${bench.spec.title}: ${reason}`);
        results.push({ name: bench.spec.title, kind: 'skipped', parameters: bench.spec.parameters, skipped: reason });
      }
    }
    if (options.only.has('reservations')) {
      try {
        results.push(...(await runReservationsBench(options, { bare, log })));
      } catch (error) {
        const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`reservations: ${reason}`);
        results.push({ name: 'reservations', kind: 'skipped', parameters: { route: 'POST /v1/inventory/holds' }, skipped: reason });
      }
    }
    if (options.only.has('checkout')) {
      try {
        results.push(...(await runCheckoutBench(options, { bare, log })));
      } catch (error) {
        const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`checkout: ${reason}`);
        results.push({ name: 'checkout', kind: 'skipped', parameters: { route: 'POST /v1/carts/{id}/checkout' }, skipped: reason });
      }
    }
    results.push(...(await runJourneysBench(options, log)));
    // The ceiling again at the end: how much the machine itself drifted while the benchmarks ran.
    const endS = Math.min(5, options.durationS);
    log(`ceiling: bare Fastify GET / unthrottled for ${endS} s (end)`);
    end = await bare.measure(undefined, endS, 'ceiling: bare Fastify GET / unthrottled (end)');
    results.push(end.result);
  } finally {
    await bare.stop();
  }

  if (options.seed1m) results.push(await runSeedBench(options, sqlite, log));

  const kept = datasets.dispose(options.keepData);
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    seconds: round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map(round) },
    git: gitInfo(ROOT),
    options: { ...options, only: [...options.only] },
    ceilings: {
      // Each HTTP result also carries the bare run taken just before it, in its own `ceiling`.
      httpAtStart: start.ceiling,
      httpAtEnd: end.ceiling,
      /** End-of-run bare throughput over start-of-run: far from 1 means the machine was busy with something else. */
      httpDrift: ratio(end.ceiling.requestsPerSec, start.ceiling.requestsPerSec),
      sqlite,
    },
    dataset: datasetSummary ? { ...datasetSummary, ...(kept ? { keptAt: kept } : {}) } : undefined,
    results,
  };
  const file = writeReport(path.resolve(ROOT, options.outDir), report);
  console.log(summary(report.ceilings.httpDrift, sqlite, start.ceiling, results, datasetSummary));
  console.log(`\nJSON: ${path.relative(process.cwd(), file)} (and latest.json beside it)${kept ? `\nData kept in ${kept}` : ''}`);
  return 0;
}

function routeBenches(options: RunOptions, dataset: Dataset | undefined): { name: BenchName; spec: RouteBench }[] {
  const dataParameters = { stores: options.stores, products: options.products, dataSeed: options.dataSeed };
  const locator = locatorPaths(10_000, options.dataSeed + 10);
  const queries = searchQueries(5_000, options.dataSeed + 20);
  // Skus drawn from the stocked ones by how widely each is stocked (bench/data/stock.ts).
  const availability = dataset?.stock ? availabilityPaths(10_000, options.dataSeed + 30, dataset.stock.sample) : [];
  const all: { name: BenchName; spec: RouteBench }[] = [
    {
      name: 'health',
      spec: {
        title: 'app GET /health',
        checkPath: '/health',
        paths: ['/health'],
        runs: [{}],
        parameters: { route: 'GET /health', why: 'the platform floor: auth, metrics, request-id hooks and logging, no database' },
      },
    },
    {
      name: 'locator',
      spec: {
        title: 'store locator',
        checkPath: LOCATOR_CHECK,
        paths: locator,
        runs: [{ rate: options.locatorRate, target: { p99Ms: 5, rate: options.locatorRate } }, {}],
        parameters: { route: 'GET /v1/stores?near={lat},{lng}&limit=10', distinctPaths: locator.length, ...dataParameters },
        inspect: async (server, headers) => ({
          sequential: await profileKinds(server.origin, locator.map((p) => ({ kind: 'near', path: p })), { perKind: 50, headers, maxSeconds: 10 }),
        }),
      },
    },
    {
      name: 'search',
      spec: {
        title: 'product search',
        checkPath: SEARCH_CHECK,
        paths: queries.map((query) => query.path),
        runs: [{ rate: options.searchRate, target: { p99Ms: 20, rate: options.searchRate } }, {}],
        parameters: {
          route: 'GET /v1/products?q=…[&size=…][&color=…]',
          distinctPaths: new Set(queries.map((query) => query.path)).size,
          queryMix: { 'one word': 0.4, 'two words': 0.3, prefix: 0.15, 'with filter': 0.15 },
          ...dataParameters,
        },
        inspect: async (server, headers) => ({ sequentialByKind: await profileKinds(server.origin, queries, { perKind: 40, headers, maxSeconds: 20 }) }),
      },
    },
    {
      name: 'availability',
      spec: {
        title: 'availability near a point',
        checkPath: availability[0] ?? '/v1/availability',
        paths: availability,
        runs: [{ rate: options.availabilityRate, target: { p99Ms: 5, rate: options.availabilityRate } }, {}],
        parameters: {
          route: 'GET /v1/availability?sku={sku}&near={lat},{lng}&limit=20',
          distinctPaths: new Set(availability).size,
          distinctSkus: new Set(dataset?.stock?.sample).size,
          skusWithStock: dataset?.stock?.skus,
          stockRows: dataset?.stock?.rows,
          storesPerSku: dataset?.stock?.storesPerSku,
          ...dataParameters,
        },
        inspect: async (server, headers) => ({
          sequential: await profileKinds(server.origin, availability.map((p) => ({ kind: 'one sku, 20 nearest stores', path: p })), { perKind: 50, headers, maxSeconds: 10 }),
        }),
      },
    },
  ];
  return all.filter((bench) => options.only.has(bench.name));
}

function describeDataset(dataset: Dataset): Record<string, unknown> {
  const { stock } = dataset;
  const rows =
    dataset.stores.stores + dataset.stores.warehouses + dataset.products.products + dataset.products.variants + dataset.products.searchTerms + dataset.products.categories + (stock?.rows ?? 0);
  return {
    ...dataset.options,
    warehouses: dataset.stores.warehouses,
    categories: dataset.products.categories,
    variants: dataset.products.variants,
    searchTerms: dataset.products.searchTerms,
    ...(stock ? { stock: { skus: stock.skus, rows: stock.rows, storesPerSku: stock.storesPerSku, seconds: round(stock.ms / 1000) } } : {}),
    migrations: dataset.migrations.length,
    databaseMb: round(dataset.fileBytes / 1024 / 1024),
    seconds: round(dataset.ms / 1000),
    rowsPerSec: round(rows / (dataset.ms / 1000)),
  };
}

function summary(drift: number, sqlite: SqliteCeiling, bare: Ceiling, results: BenchResult[], dataset: Record<string, unknown> | undefined): string {
  const lines = [
    '',
    `Ceilings: bare Fastify ${bare.requestsPerSec.toLocaleString('en-US')} req/s (p99 ${bare.p99Ms} ms) at start, end/start drift ×${drift}; ` +
      `bare SQLite ${sqlite.insertOpsPerSec.toLocaleString('en-US')} inserts/s, ${sqlite.selectByPkOpsPerSec.toLocaleString('en-US')} selects by key/s`,
  ];
  if (dataset) lines.push(`Data: ${JSON.stringify(dataset)}`);
  lines.push('', summaryTable(results));
  const targets = results.filter((result): result is HttpResult => result.kind === 'http' && result.target !== undefined);
  for (const result of targets) {
    lines.push(`${result.met ? 'MET   ' : 'MISSED'} ${result.name}: p99 ${result.latencyMs.p99} ms (target < ${result.target?.p99Ms} ms) at ${result.requestsPerSec} req/s`);
  }
  for (const result of results) {
    if (result.kind !== 'reservations') continue;
    const verdict = result.target ? (result.met ? 'MET   ' : 'MISSED') : '      ';
    const target = result.target ? ` (target ≥ ${result.target.reservationsPerSec.toLocaleString('en-US')})` : '';
    const { check } = result;
    lines.push(
      `${verdict} ${result.name}: ${result.reservationsPerSec.toLocaleString('en-US')} held/s${target}, ${result.created.toLocaleString('en-US')} held, ${result.refused.toLocaleString('en-US')} refused; ` +
        `oversold ${result.oversold}, reserved ≠ active holds on ${check.reservedMismatches} items, ${check.holdsMatchAnswers ? 'one hold per 201' : 'holds ≠ 201 answers'}; ` +
        `× bare SQLite UPDATE ${result.ratioToCeiling.sqliteConditionalUpdate}, × UPDATE + INSERT ${result.ratioToCeiling.sqliteReservation}`,
    );
  }
  for (const result of results) {
    if (result.kind !== 'db') continue;
    const seed = result.details as { processSeconds?: number; targetSeconds?: number; met?: boolean } | undefined;
    if (!seed?.targetSeconds) continue;
    lines.push(`${seed.met ? 'MET   ' : 'MISSED'} ${result.name}: the command took ${seed.processSeconds} s (target < ${seed.targetSeconds} s), ${result.seconds} s of it seeding`);
  }
  lines.push(...checkoutVerdicts(results));
  lines.push(...journeyVerdicts(results));
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
