/**
 * Ingestion benchmark (standalone): `node --import tsx bench/ingest/ingest.bench.ts [--quick]`.
 *
 * 1. A temporary SQLite database with the real migrations and a population of people (200,000 by
 *    default) with identities, traits, consents, channels and history (population.ts).
 * 2. Ceilings on a copy of it, in the same run: a bare better-sqlite3 INSERT loop of comparable
 *    event rows, and the same with the least per-event writes (ceiling.ts).
 * 3. The app in its own process on that database (demo seed off, loopback, rate limit out of the
 *    way); batches of 500 realistic events posted for ~20 s by concurrent clients from a second
 *    process (traffic.ts, load.ts): events/s sustained, and its ratio to the ceilings.
 * 4. Single `/v1/track` calls at a fixed 2,000 req/s for ~10 s (autocannon `overallRate`): p50/p99,
 *    then the same load on a bare Fastify route in its own process: the ratio.
 * 5. The server's RSS sampled throughout; its CPU time per event.
 *
 * Prints one JSON object. Every phase is bounded in time; everything listens on 127.0.0.1 only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { hashSecret } from '../../src/platform/auth/passwords.js';
import { writePopulation } from './population.js';
import { measureCeiling } from './ceiling.js';
import { round, runLoadChild, type BatchLoadResult, type RateLoadResult } from './load.js';
import { nextMessage, serve, spawnChild, stopChild, usageOf } from './processes.js';

const TARGET_EVENTS_PER_SEC = 30_000;
const TARGET_TRACK_P99_MS = 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      people: { type: 'string' },
      'batch-seconds': { type: 'string' },
      'track-seconds': { type: 'string' },
      rate: { type: 'string', default: '2000' },
      clients: { type: 'string', default: '4' },
      size: { type: 'string', default: '500' },
      'keep-data': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  // --only batch|track: one load phase (to profile it alone); the ceilings and the population always run.
  const only = values.only;
  if (only !== undefined && only !== 'batch' && only !== 'track') throw new Error('--only takes batch or track');
  const quick = values.quick ?? false;
  const people = Number(values.people ?? (quick ? 20_000 : 200_000));
  const batchSeconds = Number(values['batch-seconds'] ?? (quick ? 5 : 20));
  const trackSeconds = Number(values['track-seconds'] ?? (quick ? 3 : 10));
  const rate = Number(values.rate);
  const clients = Number(values.clients);
  const size = Number(values.size);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-ingest-bench-'));
  const children: ChildProcess[] = [];
  try {
    // 1. The population.
    const file = path.join(dir, 'data', 'passerelle.db');
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database);
    const population = writePopulation(database.sqlite!, people, hashSecret);
    await database.close();

    // 2. Ceilings on a copy, so the server starts from the same database.
    const copy = path.join(dir, 'ceiling.db');
    fs.copyFileSync(file, copy);
    const ceiling = measureCeiling(copy, people, quick ? 2 : 5, size);
    fs.rmSync(copy, { force: true });

    // 3. The app, loaded with batches.
    const server = spawnChild('server', [], { PASSERELLE_DATA: path.dirname(file), PASSERELLE_SEED_DEMO: 'false', PASSERELLE_TRACKING_RATE_LIMIT: '1000000', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
    children.push(server);
    const { port } = await nextMessage(server, 'listening');
    const origin = `http://127.0.0.1:${port}`;
    const rss: number[] = [];
    const sampler = setInterval(() => void usageOf(server).then((u) => rss.push(u.rssBytes), () => {}), 500);
    const rssStart = (await usageOf(server)).rssBytes;

    const load = async <T>(kind: string, args: (string | number)[], seconds: number): Promise<T> => {
      const child = spawnChild(kind, args.map(String));
      children.push(child);
      const { result } = await nextMessage(child, 'result', (seconds + 60) * 1000);
      return result as T;
    };
    // Warm-up (JIT, caches), not counted.
    await load<BatchLoadResult>('load-batch', [origin, quick ? 1 : 3, clients, people, size], 3);
    let batch: BatchLoadResult | undefined;
    let batchCpuUs = 0;
    let rssAfterBatch = rssStart;
    if (only !== 'track') {
      const before = await usageOf(server);
      batch = await load<BatchLoadResult>('load-batch', [origin, batchSeconds, clients, people, size], batchSeconds);
      const after = await usageOf(server);
      batchCpuUs = after.cpuUs - before.cpuUs;
      rssAfterBatch = after.rssBytes;
    }

    // 4. Single calls at a fixed rate, on the app then on the bare route.
    let track: (RateLoadResult & { serverCpuUsPerRequest: number }) | undefined;
    let bareTrack: RateLoadResult | undefined;
    if (only !== 'batch') {
      const before = await usageOf(server);
      const result = await load<RateLoadResult>('load-track', [origin, trackSeconds, rate, people], trackSeconds);
      const after = await usageOf(server);
      track = { ...result, serverCpuUsPerRequest: round((after.cpuUs - before.cpuUs) / Math.max(1, result.requests)) };
    }
    clearInterval(sampler);
    const rssEnd = (await usageOf(server)).rssBytes;
    await stopChild(server);
    if (only !== 'batch') {
      const bareServer = spawnChild('bare', []);
      children.push(bareServer);
      const bare = await nextMessage(bareServer, 'listening');
      bareTrack = await load<RateLoadResult>('load-track', [`http://127.0.0.1:${bare.port}`, trackSeconds, rate, people], trackSeconds);
      await stopChild(bareServer);
    }

    const mb = (bytes: number) => round(bytes / 1024 / 1024);
    console.log(
      JSON.stringify(
        {
          machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round), node: process.version },
          population: { ...population, seconds: round(population.seconds) },
          ceiling,
          batch: batch && {
            ...batch,
            serverCpuUsPerEvent: round(batchCpuUs / Math.max(1, batch.events)),
            ratioToCeiling: { eventRows: round(batch.eventsPerSec / ceiling.eventRowsPerSec), eventWrites: round(batch.eventsPerSec / ceiling.eventWritesPerSec) },
            target: { eventsPerSec: TARGET_EVENTS_PER_SEC, met: batch.eventsPerSec >= TARGET_EVENTS_PER_SEC },
          },
          track: track &&
            bareTrack && {
              ...track,
              ceiling: bareTrack,
              ratioToCeiling: { p50: round(track.latencyMs.p50 / bareTrack.latencyMs.p50), p99: round(track.latencyMs.p99 / bareTrack.latencyMs.p99) },
              target: { p99Ms: TARGET_TRACK_P99_MS, rate, met: track.latencyMs.p99 < TARGET_TRACK_P99_MS && track.requestsPerSec >= rate * 0.95 && track.non2xx === 0 && track.errors === 0 },
            },
          memory: { rssStartMb: mb(rssStart), rssAfterBatchMb: mb(rssAfterBatch), rssEndMb: mb(rssEnd), rssMaxMb: mb(Math.max(rssStart, ...rss)) },
        },
        null,
        2,
      ),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (!values['keep-data']) fs.rmSync(dir, { recursive: true, force: true });
    else console.error(`data kept in ${dir}`);
  }
}

const mode = process.argv[2];
const run = mode === 'server' ? serve('app') : mode === 'bare' ? serve('bare') : mode === 'load-batch' || mode === 'load-track' ? runLoadChild(mode, process.argv.slice(3)) : main();
run.catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
