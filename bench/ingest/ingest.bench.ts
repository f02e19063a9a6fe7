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
 * 6. `profile`: a second population of 1,000,000 people and 20,000,000 events (profile-data.ts),
 *    the app on it with an admin token, `GET /v1/profiles/{id}` then `GET /v1/profiles/{id}/timeline`
 *    for random people at a fixed rate (default 500 req/s, each read audited as deployed), then the
 *    same paths on the bare Fastify process: p50/p99 and the ratio.
 * 7. `soak`: a fresh app on that population, 10 minutes of mixed traffic (batches, single tracks,
 *    profile and timeline reads at fixed rates, profile-load.ts), the server's RSS and heap sampled
 *    every second and summarised per 10 s window; flat or not by memory.ts's criterion.
 *
 * `--only batch,track,profile,soak` picks phases (default all). Prints one JSON object and writes it
 * to bench/results/ingest/<start>.json and latest.json. Every phase is bounded in time; everything
 * listens on 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
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
import { nextMessage, serve, spawnChild, stopChild, usageOf, type Usage } from './processes.js';
import { prepareLargePopulation, type LargePopulation } from './profile-data.js';
import { readLoad, soakLoad, type ReadRoute, type SoakLoadResult } from './profile-load.js';
import { summariseMemory, type MemorySummary } from './memory.js';

const TARGET_EVENTS_PER_SEC = 30_000;
const TARGET_TRACK_P99_MS = 10;
const TARGET_PROFILE_P99_MS = 10;
const PHASES = ['batch', 'track', 'profile', 'soak'] as const;
type Phase = (typeof PHASES)[number];
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

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
      'profile-people': { type: 'string' },
      'events-per-person': { type: 'string', default: '20' },
      'population-dir': { type: 'string' },
      'read-rate': { type: 'string', default: '500' },
      'read-seconds': { type: 'string' },
      'soak-seconds': { type: 'string' },
      'soak-track-rate': { type: 'string', default: '100' },
      'soak-read-rate': { type: 'string', default: '100' },
      'soak-batches-per-sec': { type: 'string', default: '2' },
      'soak-batch-size': { type: 'string', default: '100' },
      out: { type: 'string' },
    },
  });
  // --only batch,track,profile,soak: the phases to run (to profile one alone); default all. The small
  // population and the ceilings run with batch or track, the large population with profile or soak.
  const phases = new Set<Phase>();
  for (const name of (values.only ?? PHASES.join(',')).split(',')) {
    if (!(PHASES as readonly string[]).includes(name)) throw new Error(`--only takes ${PHASES.join(', ')} (comma-separated), not ${name}`);
    phases.add(name as Phase);
  }
  const startedAt = new Date().toISOString();
  const uptimeBefore = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
  const quick = values.quick ?? false;
  const people = Number(values.people ?? (quick ? 20_000 : 200_000));
  const batchSeconds = Number(values['batch-seconds'] ?? (quick ? 5 : 20));
  const trackSeconds = Number(values['track-seconds'] ?? (quick ? 3 : 10));
  const rate = Number(values.rate);
  const clients = Number(values.clients);
  const size = Number(values.size);
  const profilePeople = Number(values['profile-people'] ?? (quick ? 20_000 : 1_000_000));
  const eventsPerPerson = Number(values['events-per-person']);
  const readRate = Number(values['read-rate']);
  const readSeconds = Number(values['read-seconds'] ?? (quick ? 3 : 20));
  const soakSeconds = Number(values['soak-seconds'] ?? (quick ? 60 : 600));
  const soakRates = {
    tracksPerSec: Number(values['soak-track-rate']),
    readsPerSec: Number(values['soak-read-rate']),
    batchesPerSec: Number(values['soak-batches-per-sec']),
    batchSize: Number(values['soak-batch-size']),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-ingest-bench-'));
  const children: ChildProcess[] = [];
  const load = async <T>(kind: string, args: (string | number)[], seconds: number): Promise<T> => {
    const child = spawnChild(kind, args.map(String));
    children.push(child);
    const { result } = await nextMessage(child, 'result', (seconds + 60) * 1000);
    return result as T;
  };
  const report: Record<string, unknown> = { startedAt, phases: [...phases] };
  try {
    if (phases.has('batch') || phases.has('track')) Object.assign(report, await ingestPhases());
    if (phases.has('profile') || phases.has('soak')) Object.assign(report, await profilePhases());
    report.machine = { cpus: os.cpus().length, loadAverageBefore: uptimeBefore, loadAverageAfter: fs.readFileSync('/proc/loadavg', 'utf8').trim(), node: process.version };
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    const out = path.resolve(ROOT, values.out ?? 'bench/results/ingest');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${startedAt.replace(/[:.]/g, '-')}.json`), `${json}\n`);
    fs.writeFileSync(path.join(out, 'latest.json'), `${json}\n`);
    log(`written to ${path.join(out, `${startedAt.replace(/[:.]/g, '-')}.json`)}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (!values['keep-data']) fs.rmSync(dir, { recursive: true, force: true });
    else console.error(`data kept in ${dir}`);
  }

  async function ingestPhases(): Promise<Record<string, unknown>> {
    const only = phases.has('batch') && phases.has('track') ? undefined : phases.has('batch') ? 'batch' : 'track';
    // 1. The population.
    const file = path.join(dir, 'data', 'passerelle.db');
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database);
    const population = writePopulation(database.sqlite!, people, hashSecret);
    await database.close();

    // 2. Ceilings on a copy, so the server starts from the same database.
    const copy = path.join(dir, 'ceiling.db');
    fs.copyFileSync(file, copy);
    const ceiling = await measureCeiling(copy, people, quick ? 2 : 5, size);
    fs.rmSync(copy, { force: true });

    // 3. The app, loaded with batches.
    const server = spawnChild('server', [], { PASSERELLE_DATA: path.dirname(file), PASSERELLE_SEED_DEMO: 'false', PASSERELLE_TRACKING_RATE_LIMIT: '1000000', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
    children.push(server);
    const { port } = await nextMessage(server, 'listening');
    const origin = `http://127.0.0.1:${port}`;
    const rss: number[] = [];
    const sampler = setInterval(() => void usageOf(server).then((u) => rss.push(u.rssBytes), () => {}), 500);
    const rssStart = (await usageOf(server)).rssBytes;

    // Warm-up (JIT, caches), not counted.
    await load<BatchLoadResult>('load-batch', [origin, quick ? 1 : 3, clients, people, size], 3);
    let batch: BatchLoadResult | undefined;
    let batchCpuUs = 0;
    let batchWrittenBytes = 0;
    let rssAfterBatch = rssStart;
    if (only !== 'track') {
      const before = await usageOf(server);
      batch = await load<BatchLoadResult>('load-batch', [origin, batchSeconds, clients, people, size], batchSeconds);
      const after = await usageOf(server);
      batchCpuUs = after.cpuUs - before.cpuUs;
      batchWrittenBytes = after.writtenBytes - before.writtenBytes;
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
    return {
      population: { ...population, seconds: round(population.seconds) },
      ceiling,
      batch: batch && {
        ...batch,
        serverCpuUsPerEvent: round(batchCpuUs / Math.max(1, batch.events)),
        serverWrittenKBPerEvent: round(batchWrittenBytes / 1024 / Math.max(1, batch.events)),
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
    };
  }

  async function profilePhases(): Promise<Record<string, unknown>> {
    const big: LargePopulation = await prepareLargePopulation(values['population-dir'] ? path.resolve(values['population-dir']) : path.join(dir, 'profile'), profilePeople, eventsPerPerson, log);
    const token = randomBytes(24).toString('hex');
    const env = { PASSERELLE_DATA: big.dataDir, PASSERELLE_SEED_DEMO: 'false', PASSERELLE_TRACKING_RATE_LIMIT: '1000000', PASSERELLE_ADMIN_TOKEN: token, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
    const result: Record<string, unknown> = {
      largePopulation: { people: big.people, events: big.events, reused: big.reused, builtAt: big.builtAt, seconds: round(big.seconds), writeSeconds: round(big.writeSeconds), indexSeconds: round(big.indexSeconds), fileGb: round(big.fileBytes / 1024 ** 3) },
    };
    if (phases.has('profile')) {
      const server = spawnChild('server', [], env);
      children.push(server);
      const { port } = await nextMessage(server, 'listening');
      const origin = `http://127.0.0.1:${port}`;
      type ReadResult = RateLoadResult & { firstNon2xx: number | null };
      const runs: Partial<Record<ReadRoute, ReadResult & { serverCpuUsPerRequest: number; serverDiskReadKbPerRequest: number; rssMb: number }>> = {};
      for (const route of ['profile', 'timeline'] as const) {
        log(`profile: ${route} warm-up, then ${readSeconds} s at ${readRate}/s`);
        await load<ReadResult>('load-read', [origin, quick ? 1 : 5, readRate, big.people, route, token], 5);
        const before = await usageOf(server);
        const run = await load<ReadResult>('load-read', [origin, readSeconds, readRate, big.people, route, token], readSeconds);
        const after = await usageOf(server);
        runs[route] = {
          ...run,
          serverCpuUsPerRequest: round((after.cpuUs - before.cpuUs) / Math.max(1, run.requests)),
          serverDiskReadKbPerRequest: round((after.readBytes - before.readBytes) / 1024 / Math.max(1, run.requests)),
          rssMb: round(after.rssBytes / 1024 / 1024),
        };
        log(`profile: ${route} ${JSON.stringify(runs[route]).slice(0, 400)}`);
      }
      await stopChild(server);
      const bareServer = spawnChild('bare', []);
      children.push(bareServer);
      const bare = await nextMessage(bareServer, 'listening');
      const bareOrigin = `http://127.0.0.1:${bare.port}`;
      const profile: Record<string, unknown> = { rate: readRate, seconds: readSeconds };
      for (const route of ['profile', 'timeline'] as const) {
        const before = await usageOf(bareServer);
        const ceiling = await load<ReadResult>('load-read', [bareOrigin, readSeconds, readRate, big.people, route, token], readSeconds);
        const after = await usageOf(bareServer);
        const run = runs[route]!;
        const ceilingCpu = (after.cpuUs - before.cpuUs) / Math.max(1, ceiling.requests);
        profile[route] = {
          ...run,
          ceiling: { ...ceiling, serverCpuUsPerRequest: round(ceilingCpu) },
          ratioToCeiling: { requestsPerSec: round(run.requestsPerSec / ceiling.requestsPerSec), p50: round(run.latencyMs.p50 / ceiling.latencyMs.p50), p99: round(run.latencyMs.p99 / ceiling.latencyMs.p99), cpuPerRequest: round(run.serverCpuUsPerRequest / ceilingCpu) },
          target: { p99Ms: TARGET_PROFILE_P99_MS, rate: readRate, met: run.latencyMs.p99 < TARGET_PROFILE_P99_MS && run.requestsPerSec >= readRate * 0.95 && run.non2xx === 0 && run.errors === 0 },
        };
      }
      await stopChild(bareServer);
      result.profile = profile;
    }
    if (phases.has('soak')) {
      const server = spawnChild('server', [], env);
      children.push(server);
      const { port } = await nextMessage(server, 'listening');
      const origin = `http://127.0.0.1:${port}`;
      log(`soak: ${soakSeconds} s of ${JSON.stringify(soakRates)}`);
      const samples: { atS: number; usage: Usage }[] = [];
      const t0 = performance.now();
      const first = await usageOf(server);
      samples.push({ atS: 0, usage: first });
      const sampler = setInterval(() => void usageOf(server).then((usage) => samples.push({ atS: (performance.now() - t0) / 1000, usage }), () => {}), 1000);
      const soak = await load<SoakLoadResult>('load-soak', [origin, soakSeconds, big.people, token, JSON.stringify(soakRates)], soakSeconds);
      log(`soak: ${JSON.stringify({ tracks: soak.tracks.latencyMs, reads: soak.reads.latencyMs, batches: soak.batches })}`);
      clearInterval(sampler);
      const last = await usageOf(server);
      await stopChild(server);
      const memory: MemorySummary = summariseMemory(samples);
      result.soak = {
        ...soak,
        serverCpuPct: round(((last.cpuUs - first.cpuUs) / 1e6 / soak.seconds) * 100),
        memory,
        target: { criterion: memory.criterion, met: memory.flat },
      };
      log(`soak: memory ${memory.flat ? 'flat' : 'NOT flat'} (${JSON.stringify(memory.lastHalf)})`);
    }
    return result;
  }
}

const mode = process.argv[2];
const run =
  mode === 'server'
    ? serve('app')
    : mode === 'bare'
      ? serve('bare')
      : mode === 'load-batch' || mode === 'load-track'
        ? runLoadChild(mode, process.argv.slice(3))
        : mode === 'load-read' || mode === 'load-soak'
          ? runProfileLoadChild(mode, process.argv.slice(3))
          : main();
run.catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

/** Child side of the profile phases' loads. */
async function runProfileLoadChild(kind: 'load-read' | 'load-soak', args: string[]): Promise<void> {
  const result =
    kind === 'load-read'
      ? await readLoad(args[0]!, Number(args[1]), Number(args[2]), Number(args[3]), args[4] as ReadRoute, args[5]!)
      : await soakLoad(args[0]!, Number(args[1]), Number(args[2]), args[3]!, JSON.parse(args[4]!) as SoakLoadResult['rates']);
  process.send?.({ type: 'result', result });
  process.disconnect?.();
}
