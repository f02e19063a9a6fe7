import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { hashSecret } from '../../src/platform/auth/passwords.js';
import { person, SOURCES, writePopulation } from '../ingest/population.js';
import { startBenchServer, type BenchServer } from '../lib/server.js';
import { latencySummary, round, type LatencyMs } from '../lib/stats.js';
import type { HttpResult } from '../lib/report.js';
import { forkChild } from './child.js';
import { sendPaced, type PacedFigures } from './send.js';
import { watchRows, type Seen } from './watch.js';

export const EVENT_TARGET_P99_MS = 50;
const EVENT = 'Bench Signup';

/** A journey as simple as they come: this tracked event, then one email (to the outbox: no SMTP). */
const JOURNEY = {
  name: 'Bench: bienvenue',
  trigger: { event: EVENT },
  reentry: 'always',
  steps: [
    {
      id: 'bienvenue',
      type: 'send',
      channel: 'email',
      template: {
        subject: { fr: 'Bienvenue {{ profile.firstName }}', en: 'Welcome {{ profile.firstName }}' },
        body: { fr: 'Bonjour {{ profile.firstName }}, merci de votre visite ({{ event.properties.seq }}).', en: 'Hello {{ profile.firstName }}, thanks for visiting ({{ event.properties.seq }}).' },
      },
    },
  ],
};

// The messages the journey decided, with the sequence number of the tracking call that started each run.
const BARE_MESSAGES_SQL = 'SELECT rowid AS rid, seq, created_at FROM messages WHERE rowid > ? ORDER BY rowid';
const APP_MESSAGES_SQL =
  "SELECT m.rowid AS rid, json_extract(r.trigger_event, '$.properties.seq') AS seq, m.created_at FROM messages m JOIN journey_runs r ON r.id = m.run_id WHERE m.rowid > ? ORDER BY m.rowid";

export interface EventBenchOptions {
  rates: number[];
  seconds: number;
  warmupS: number;
  people: number;
  logLevel: string;
  keepData: boolean;
  log: (line: string) => void;
}

interface Measured {
  figures: PacedFigures;
  seen: Map<number, Seen>;
  cpuUs: number;
  rssBytes: number;
}

/**
 * Event → first message decided, as deployed: the app in its own process with its background work
 * polling as configured (PASSERELLE_WORKER_POLL_MS, 250 ms by default), `POST /v1/track` calls with a
 * source's write key at a steady rate, each about a different known person who agreed to marketing
 * email, and one active journey (that event → an email). The latency of a call is from the moment it
 * leaves to the moment its `messages` row is committed (read from the database file by this process
 * every 2 ms). The ceiling is the same shape with nothing around it (bare-pipeline.ts), at the same
 * rate, measured just before.
 */
export async function runEventBench(options: EventBenchOptions): Promise<HttpResult[]> {
  const { log } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-journeys-bench-'));
  const results: HttpResult[] = [];
  try {
    const dataDir = path.join(dir, 'data');
    const file = path.join(dataDir, 'passerelle.db');
    log(`event → decision: ${options.people.toLocaleString('en-US')} people into a fresh SQLite file`);
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database);
    const sqlite = database.sqlite!;
    writePopulation(sqlite, options.people, hashSecret);
    // The people with a user id and an email (6 in 10) also agreed to marketing email.
    const consent = sqlite.prepare("INSERT INTO consents (profile_id, purpose, granted, channel, source, wording_version, updated_at) SELECT profile_id, 'marketing_email', 1, 'web', 'event:bench', 'v1', ? FROM profile_identities WHERE type = 'userId'");
    consent.run(new Date().toISOString());
    await database.close();
    // 1 in 100 refused analytics (population.ts): their events are kept anonymised, about nobody a journey can reach.
    const reachable = Array.from({ length: options.people }, (_, i) => i).filter((i) => person(i).userId !== null && person(i).email !== null && i % 100 !== 1);

    const server = await startBenchServer({ mode: 'app', dataDir, logLevel: options.logLevel });
    try {
      const admin = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
      const created = await fetch(`${server.origin}/v1/journeys`, { method: 'POST', headers: admin, body: JSON.stringify({ definition: JOURNEY }) });
      if (!created.ok) throw new Error(`creating the journey: ${created.status} ${await created.text()}`);
      const journey = (await created.json()) as { id: string };
      const activated = await fetch(`${server.origin}/v1/journeys/${journey.id}/activate`, { method: 'POST', headers: admin, body: '{}' });
      if (!activated.ok) throw new Error(`activating the journey: ${activated.status} ${await activated.text()}`);

      let nextPerson = 0;
      const take = () => {
        const i = reachable[nextPerson++ % reachable.length]!;
        return person(i).userId!;
      };
      const key = SOURCES[0].key;
      const headers = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
      let seq = 0;
      const body = () => {
        const s = ++seq;
        return { seq: s, json: { userId: take(), event: EVENT, messageId: `bench-${s}`, properties: { seq: s } } };
      };
      const bareBody = () => {
        const s = ++seq;
        return { seq: s, json: { userId: `user-${s}`, event: EVENT, messageId: `bench-${s}`, properties: { seq: s } } };
      };
      for (const rate of options.rates) {
        const needed = Math.round(rate * (options.seconds + options.warmupS));
        if (nextPerson + needed > reachable.length) log(`event → decision: only ${reachable.length} people for ${needed} events: some get a second message (decided all the same)`);
        const bare = await measureBare(dir, rate, options, bareBody);
        log(`event → decision @${rate}/s: app (warm-up ${options.warmupS} s, then ${options.seconds} s)`);
        if (options.warmupS > 0) await measure(server, file, APP_MESSAGES_SQL, { ...options, seconds: options.warmupS }, rate, headers, body);
        const app = await measure(server, file, APP_MESSAGES_SQL, options, rate, headers, body);
        results.push(toResult(`event → decision @${rate}/s`, rate, options, app, bare));
        log(`event → decision @${rate}/s: p99 ${results.at(-1)!.latencyMs.p99} ms (bare ${bare.latency.p99} ms), ${results.at(-1)!.details && (results.at(-1)!.details as { missing: number }).missing} missing`);
      }
    } finally {
      await server.stop();
    }
    return results;
  } finally {
    if (!options.keepData) fs.rmSync(dir, { recursive: true, force: true });
    else log(`event → decision: data kept in ${dir}`);
  }
}

async function measure(
  server: Pick<BenchServer, 'origin' | 'usage'>,
  file: string,
  sql: string,
  options: Pick<EventBenchOptions, 'seconds'>,
  rate: number,
  headers: Record<string, string>,
  body: () => { seq: number; json: unknown },
): Promise<Measured> {
  const watcher = watchRows(file, sql);
  const before = await server.usage();
  const figures = await sendPaced({ origin: server.origin, path: '/v1/track', headers, rate, seconds: options.seconds, body });
  // The last calls' messages: give them time to be decided (a missing one counts as a miss).
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && [...figures.sent.keys()].some((seq) => !watcher.seen.has(seq))) await new Promise((resolve) => setTimeout(resolve, 20));
  const after = await server.usage();
  watcher.stop();
  return { figures, seen: watcher.seen, cpuUs: after.cpuUs - before.cpuUs, rssBytes: after.rssBytes };
}

async function measureBare(dir: string, rate: number, options: EventBenchOptions, body: () => { seq: number; json: unknown }) {
  const bareDir = fs.mkdtempSync(path.join(dir, 'bare-'));
  const bare = await forkChild('./bare-pipeline.ts', [bareDir]);
  try {
    options.log(`event → decision @${rate}/s: ceiling, the bare pipeline (${options.seconds} s)`);
    if (options.warmupS > 0) await measure(bare, path.join(bareDir, 'bare.db'), BARE_MESSAGES_SQL, { seconds: Math.min(2, options.warmupS) }, rate, {}, body);
    const measured = await measure(bare, path.join(bareDir, 'bare.db'), BARE_MESSAGES_SQL, options, rate, {}, body);
    const { latency } = latencies(measured);
    return { measured, latency };
  } finally {
    await bare.stop();
  }
}

function latencies(m: Measured): { latency: LatencyMs; decided: LatencyMs; missing: number } {
  const visible: number[] = [];
  const decided: number[] = [];
  let missing = 0;
  for (const [seq, sent] of m.figures.sent) {
    const seen = m.seen.get(seq);
    if (!seen) {
      missing += 1;
      continue;
    }
    visible.push(seen.seenAt - sent.sentAt);
    decided.push(seen.decidedAt - sent.sentAt);
  }
  return { latency: latencySummary(Float64Array.from(visible)), decided: latencySummary(Float64Array.from(decided)), missing };
}

function toResult(name: string, rate: number, options: EventBenchOptions, app: Measured, bare: { measured: Measured; latency: LatencyMs }): HttpResult {
  if (process.env.JOURNEYS_DUMP) fs.writeFileSync(`${process.env.JOURNEYS_DUMP}-${rate}.json`, JSON.stringify([...app.figures.sent].map(([seq, s]) => [s.sentAt, (app.seen.get(seq)?.seenAt ?? NaN) - s.sentAt, s.responseMs])));
  const { latency, decided, missing } = latencies(app);
  const responses = latencySummary(Float64Array.from([...app.figures.sent.values()].filter((s) => s.responseMs >= 0).map((s) => s.responseMs)));
  const count = app.figures.sent.size;
  const cpuUsPerEvent = round(app.cpuUs / count);
  const bareCpu = round(bare.measured.cpuUs / bare.measured.figures.sent.size);
  const decidedPerSec = round((count - missing) / app.figures.durationS);
  const met = latency.p99 < EVENT_TARGET_P99_MS && missing === 0 && app.figures.errors === 0 && app.figures.non2xx === 0;
  return {
    name,
    kind: 'http',
    parameters: {
      path: 'POST /v1/track (source write key) → outbox → journey engine → messages row committed',
      journey: 'trigger → send email (outbox transport: no SMTP_URL)',
      rate,
      seconds: options.seconds,
      people: options.people,
      workerPollMs: Number(process.env.PASSERELLE_WORKER_POLL_MS ?? 250),
      logLevel: options.logLevel,
      measuredFrom: 'the call leaving this process',
      measuredTo: 'the messages row read back committed from the database file (polled every 2 ms)',
    },
    requestsPerSec: decidedPerSec,
    latencyMs: latency,
    durationS: round(app.figures.durationS),
    requests: count,
    errors: app.figures.errors,
    timeouts: 0,
    non2xx: app.figures.non2xx,
    serverCpuUsPerRequest: cpuUsPerEvent,
    serverRssMb: round(app.rssBytes / 1024 / 1024),
    loadGeneratorCpuPct: round(app.figures.cpuPct),
    ceiling: { name: 'bare pipeline: Fastify POST, SQLite insert, woken at once, read back, message row', requestsPerSec: round(bare.measured.figures.sent.size / bare.measured.figures.durationS), p50Ms: bare.latency.p50, p99Ms: bare.latency.p99, cpuUsPerRequest: bareCpu },
    ratioToCeiling: { requestsPerSec: round(decidedPerSec / (bare.measured.figures.sent.size / bare.measured.figures.durationS)), p99: round(latency.p99 / bare.latency.p99), cpuPerRequest: round(cpuUsPerEvent / bareCpu) },
    target: { p99Ms: EVENT_TARGET_P99_MS, rate },
    met,
    details: { missing, decidedLatencyMs: decided, trackResponseMs: responses, lateSends: app.figures.late },
  };
}
