import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { hashSecret } from '../../src/platform/auth/passwords.js';
import { writePopulation } from '../ingest/population.js';
import { startBenchServer } from '../lib/server.js';
import { latencySummary, round } from '../lib/stats.js';
import type { DbResult } from '../lib/report.js';

export const TIMER_TARGET = { lagMs: 2_000, firesPerSec: 5_000 };

/** Runs wait an hour, then a day, then get an email: the seeded runs sit at the first wait. */
const JOURNEY = {
  name: 'Bench: relance',
  trigger: { event: 'Bench Timer' },
  reentry: 'always',
  steps: [
    { id: 'premier', type: 'wait', duration: 'PT1H' },
    { id: 'second', type: 'wait', duration: 'P1D' },
    { id: 'message', type: 'send', channel: 'email', template: { subject: { fr: 'Toujours là ?', en: 'Still there?' }, body: { fr: 'Votre panier vous attend.', en: 'Your cart is waiting.' } } },
  ],
};
const JOURNEY_ID = 'jrn_bench_timers';

export interface TimerBenchOptions {
  /** Waiting runs in all. */
  runs: number;
  /** Runs coming due each second during the window. */
  rate: number;
  windowS: number;
  /** Runs all due at one instant after the window: how fast a backlog drains (the capacity). */
  backlog: number;
  /** Then runs whose timer leads to the email: how fast fires that decide a message drain. */
  sendBacklog: number;
  logLevel: string;
  keepData: boolean;
  log: (line: string) => void;
}

type Kind = 'f' | 'w' | 'b' | 's';
const runId = (kind: Kind, i: number) => `run_${kind}${String(i).padStart(9, '0')}`;

function stateAt(wakeAt: string, position: number): string {
  return JSON.stringify({ status: 'waiting', position, wakeAt, waitingFor: null, group: null, vars: {}, correlation: { cartId: 'cart_bench' }, endReason: null });
}

/**
 * Prepared inserts of waiting runs, 20,000 to a transaction: ids and due times from `due(i)`. The
 * runs wait at the first wait (their next step the second wait), or with `people` at the second
 * (their next step the email, to those people).
 */
function seedRuns(sqlite: SqliteDatabase.Database, kind: Kind, count: number, due: (i: number) => number, seededAt: string, people?: string[]): number {
  const insert = sqlite.prepare(
    "INSERT INTO journey_runs (id, journey_id, version, profile_id, status, state, wake_at, waiting_for, trigger_event, split_group, entered_at, updated_at, ended_at, converted_at) VALUES (?, ?, 1, ?, 'waiting', ?, ?, NULL, ?, NULL, ?, ?, NULL, NULL)",
  );
  const started = performance.now();
  const chunk = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const wakeAt = new Date(due(i)).toISOString();
      const trigger = JSON.stringify({ name: 'Bench Timer', channel: 'web', properties: { cartId: `cart_${kind}${i}` } });
      const profileId = people ? people[i % people.length]! : `cus_timer_${kind}${i % 200_000}`;
      insert.run(runId(kind, i), JOURNEY_ID, profileId, stateAt(wakeAt, people ? 2 : 1), wakeAt, trigger, seededAt, seededAt);
    }
  });
  for (let i = 0; i < count; i += 20_000) chunk(i, Math.min(count, i + 20_000));
  return count / ((performance.now() - started) / 1000);
}

/**
 * 1,000,000 journey timers on SQLite, as deployed: the runs are written straight into the database
 * (prepared inserts), the app runs in its own process with its background work polling as
 * configured, and the runs come due at `rate` a second for `windowS` seconds; then `backlog` runs
 * come due at one instant. A run's fire time is the `updated_at` the engine writes when it advances
 * it (to its second wait); lag is fire time − due time.
 */
export async function runTimerBench(options: TimerBenchOptions): Promise<DbResult[]> {
  const { log } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-timers-bench-'));
  try {
    const ceiling = measureTimerCeiling(dir, options);
    log(`timers: ceiling, a bare SQLite claim-and-update loop: ${ceiling.firesPerSec.toLocaleString('en-US')} fires/s`);

    const dataDir = path.join(dir, 'data');
    const file = path.join(dataDir, 'passerelle.db');
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database);
    await database.close();
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    const seededAt = new Date().toISOString();
    const definition = JSON.stringify(JOURNEY);
    sqlite.prepare("INSERT INTO journeys (id, name, template, params, status, version, definition, created_at, updated_at) VALUES (?, ?, NULL, '{}', 'active', 1, ?, ?, ?)").run(JOURNEY_ID, JOURNEY.name, definition, seededAt, seededAt);
    sqlite.prepare('INSERT INTO journey_versions (journey_id, version, definition, created_at) VALUES (?, 1, ?, ?)').run(JOURNEY_ID, definition, seededAt);

    // People for the runs whose timer leads to the email: known, with an email, who agreed to it.
    writePopulation(sqlite, Math.ceil(options.sendBacklog / 0.6) + 1_000, hashSecret);
    sqlite.prepare("INSERT INTO consents (profile_id, purpose, granted, channel, source, wording_version, updated_at) SELECT profile_id, 'marketing_email', 1, 'web', 'event:bench', 'v1', ? FROM profile_identities WHERE type = 'userId'").run(seededAt);
    const people = sqlite.prepare<[], { profile_id: string }>("SELECT profile_id FROM profile_identities WHERE type = 'userId' ORDER BY profile_id").all().map((r) => r.profile_id);

    const windowRuns = options.rate * options.windowS;
    const farRuns = Math.max(0, options.runs - windowRuns - options.backlog);
    log(`timers: ${farRuns.toLocaleString('en-US')} runs due over the next 30 days`);
    const farStart = Date.now() + 2 * 3_600_000;
    const insertRate = seedRuns(sqlite, 'f', farRuns, (i) => farStart + Math.floor((i * 30 * 86_400_000) / Math.max(1, farRuns)), seededAt);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');

    const server = await startBenchServer({ mode: 'app', dataDir, logLevel: options.logLevel });
    try {
      // The runs due soon, written while the app runs (one transaction, invisible until it commits).
      const lead = ((windowRuns + options.backlog) / insertRate) * 1.5 * 1000 + 3_000;
      const base = Date.now() + lead;
      const backlogDue = base + options.windowS * 1000 + 5_000;
      const dueOf = (i: number) => base + Math.floor((i * 1000) / options.rate);
      log(`timers: ${windowRuns.toLocaleString('en-US')} runs due at ${options.rate}/s for ${options.windowS} s, then ${options.backlog.toLocaleString('en-US')} due at once (${(options.runs).toLocaleString('en-US')} waiting in all)`);
      sqlite.transaction(() => {
        seedRuns(sqlite, 'w', windowRuns, dueOf, seededAt);
        seedRuns(sqlite, 'b', options.backlog, () => backlogDue, seededAt);
      })();
      const seededLateMs = Date.now() - base;
      if (seededLateMs > 0) log(`timers: the runs were written ${seededLateMs} ms after the first came due: the first lags include that`);
      await sleepUntil(base);
      const before = await server.usage();
      await sleepUntil(base + options.windowS * 1000);
      const after = await server.usage();
      log('timers: window over, draining the backlog');
      const count = sqlite.prepare<[string, string, string], { n: number }>("SELECT count(*) AS n FROM journey_runs WHERE id >= ? AND id < ? AND wake_at > ?");
      const drainDeadline = backlogDue + 120_000;
      await sleepUntil(backlogDue);
      while (Date.now() < drainDeadline && count.get('run_b', 'run_c', new Date(backlogDue).toISOString())!.n < options.backlog) await new Promise((resolve) => setTimeout(resolve, 200));
      const finished = Date.now();

      // Fires that decide a message: the person read, the contact policy, the message and its timeline event.
      const sendDue = Date.now() + 2_000;
      log(`timers: ${options.sendBacklog.toLocaleString('en-US')} runs whose timer leads to the email, due at once`);
      seedRuns(sqlite, 's', options.sendBacklog, () => sendDue, seededAt, people);
      const completed = sqlite.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM journey_runs WHERE id >= ? AND id < ? AND status = 'completed'");
      await sleepUntil(sendDue);
      const sendDeadline = sendDue + 120_000;
      while (Date.now() < sendDeadline && completed.get('run_s', 'run_t')!.n < options.sendBacklog) await new Promise((resolve) => setTimeout(resolve, 200));
      const sendLags: number[] = [];
      let lastSend = sendDue;
      for (const row of sqlite.prepare<[string, string], { updated_at: string }>("SELECT updated_at FROM journey_runs WHERE id >= ? AND id < ? AND status = 'completed'").iterate('run_s', 'run_t')) {
        const fired = Date.parse(row.updated_at);
        lastSend = Math.max(lastSend, fired);
        sendLags.push(fired - sendDue);
      }
      const decided = sqlite.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM messages WHERE run_id >= ? AND run_id < ?').get('run_s', 'run_t')!.n;
      const sendSeconds = (lastSend - sendDue) / 1000;
      const sendBacklog = {
        runs: options.sendBacklog,
        messagesDecided: decided,
        drainedInS: round(sendSeconds),
        firesPerSec: round(sendLags.length / Math.max(0.001, sendSeconds)),
        lagMs: latencySummary(Float64Array.from(sendLags)),
        missed: options.sendBacklog - sendLags.length,
      };

      const rows = sqlite.prepare<[string, string], { id: string; wake_at: string; updated_at: string }>('SELECT id, wake_at, updated_at FROM journey_runs WHERE id >= ? AND id < ?');
      const windowLags: number[] = [];
      let windowMissed = 0;
      const perSecond = new Map<number, number>();
      let lastWindowFire = base;
      for (const row of rows.iterate('run_w', 'run_x')) {
        const due = dueOf(Number(row.id.slice(5)));
        if (Date.parse(row.wake_at) <= due) {
          windowMissed += 1;
          windowLags.push(finished - due);
          continue;
        }
        const fired = Date.parse(row.updated_at);
        lastWindowFire = Math.max(lastWindowFire, fired);
        windowLags.push(fired - due);
        const second = Math.floor((fired - base) / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      const backlogLags: number[] = [];
      let backlogMissed = 0;
      let lastFire = backlogDue;
      for (const row of rows.iterate('run_b', 'run_c')) {
        if (Date.parse(row.wake_at) <= backlogDue) {
          backlogMissed += 1;
          continue;
        }
        const fired = Date.parse(row.updated_at);
        lastFire = Math.max(lastFire, fired);
        backlogLags.push(fired - backlogDue);
      }
      const waiting = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM journey_runs WHERE status = 'waiting' AND id NOT LIKE 'run_s%'").get()!.n;
      const lag = latencySummary(Float64Array.from(windowLags));
      // The rate the window's runs were fired at: the due rate when the engine keeps up, less when it lags.
      const windowFiresPerSec = round((windowRuns - windowMissed) / Math.max(options.windowS, (lastWindowFire - base) / 1000));
      const backlogSeconds = (lastFire - backlogDue) / 1000;
      const capacity = round(backlogLags.length / Math.max(0.001, backlogSeconds));
      const cpuUsPerFire = round((after.cpuUs - before.cpuUs) / Math.max(1, windowRuns - windowMissed));
      const met = lag.max <= TIMER_TARGET.lagMs && windowMissed === 0 && windowFiresPerSec >= TIMER_TARGET.firesPerSec * 0.99;
      const seconds = [...perSecond.entries()].filter(([s]) => s >= 0 && s < options.windowS).map(([, n]) => n);
      const result: DbResult & { target: typeof TIMER_TARGET; met: boolean } = {
        name: `timers: ${options.runs.toLocaleString('en-US')} waiting, ${options.rate}/s due`,
        kind: 'db',
        parameters: {
          engine: 'sqlite',
          waitingRuns: options.runs,
          dueRatePerSec: options.rate,
          windowS: options.windowS,
          backlog: options.backlog,
          journey: 'wait PT1H (the seeded runs) → wait P1D → send email: a fire advances a run to its next wait (details.sendBacklog: runs at the second wait, whose fire sends)',
          workerPollMs: Number(process.env.PASSERELLE_WORKER_POLL_MS ?? 250),
          fireTime: 'the updated_at the engine writes when it advances the run',
        },
        seconds: round(backlogSeconds),
        rowsPerSec: capacity,
        errors: windowMissed + backlogMissed,
        ceiling: { name: 'bare SQLite claim-and-update loop', opsPerSec: ceiling.firesPerSec },
        ratioToCeiling: { throughput: round(capacity / ceiling.firesPerSec) },
        target: TIMER_TARGET,
        met,
        details: {
          window: {
            lagMs: lag,
            firesPerSec: windowFiresPerSec,
            firesPerSecond: { min: seconds.length ? Math.min(...seconds) : 0, max: seconds.length ? Math.max(...seconds) : 0 },
            missed: windowMissed,
            serverCpuUsPerFire: cpuUsPerFire,
            serverCpuPct: round(((after.cpuUs - before.cpuUs) / 1000 / (options.windowS * 1000)) * 100),
          },
          backlog: { runs: options.backlog, drainedInS: round(backlogSeconds), firesPerSec: capacity, lagMs: latencySummary(Float64Array.from(backlogLags)), missed: backlogMissed },
          sendBacklog,
          stillWaitingAtEnd: waiting,
          seedInsertsPerSec: round(insertRate),
          ceiling,
        },
      };
      sqlite.close();
      log(`timers: lag p50 ${lag.p50} / p99 ${lag.p99} / max ${lag.max} ms at ${windowFiresPerSec}/s; backlog drained at ${capacity}/s; fires that send at ${sendBacklog.firesPerSec}/s`);
      return [result];
    } finally {
      await server.stop();
    }
  } finally {
    if (!options.keepData) fs.rmSync(dir, { recursive: true, force: true });
    else log(`timers: data kept in ${dir}`);
  }
}

async function sleepUntil(at: number): Promise<void> {
  const ms = at - Date.now();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The ceiling: what better-sqlite3 alone does with runs of the same table (same columns, same
 * indexes): a batch of due runs claimed by one `UPDATE … RETURNING`, each state parsed, advanced and
 * written back by key, one transaction per batch of 200.
 */
function measureTimerCeiling(dir: string, options: Pick<TimerBenchOptions, 'runs'>): { firesPerSec: number; runs: number; batch: number } {
  const file = path.join(dir, 'ceiling.db');
  const sqlite = new SqliteDatabase(file);
  try {
    for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'secure_delete = ON', 'cache_size = -65536', 'temp_store = MEMORY']) sqlite.pragma(pragma);
    sqlite.exec(`
      CREATE TABLE journey_runs (id text primary key, journey_id text not null, version integer not null, profile_id text not null, status text not null, state text not null,
        wake_at text, waiting_for text, trigger_event text not null, split_group text, entered_at text not null, updated_at text not null, ended_at text, converted_at text);
      CREATE INDEX journey_runs_due_idx ON journey_runs (status, wake_at);
      CREATE INDEX journey_runs_profile_idx ON journey_runs (profile_id, status);
      CREATE INDEX journey_runs_journey_idx ON journey_runs (journey_id, status);`);
    const now = Date.now();
    const seededAt = new Date(now).toISOString();
    const due = Math.min(200_000, Math.floor(options.runs / 5));
    seedRuns(sqlite, 'f', due * 2, (i) => (i < due ? now - 60_000 + i : now + 3_600_000 + i), seededAt);
    const batch = 200;
    const claim = sqlite.prepare<[string, number], { id: string; state: string }>(
      "UPDATE journey_runs SET wake_at = wake_at WHERE id IN (SELECT id FROM journey_runs WHERE status = 'waiting' AND wake_at <= ? ORDER BY wake_at LIMIT ?) RETURNING id, state",
    );
    const save = sqlite.prepare('UPDATE journey_runs SET status = ?, state = ?, wake_at = ?, waiting_for = ?, split_group = ?, updated_at = ? WHERE id = ?');
    const fireBatch = sqlite.transaction((at: string) => {
      const claimed = claim.all(at, batch);
      for (const run of claimed) {
        const state = JSON.parse(run.state) as { status: string; position: number; wakeAt: string | null; waitingFor: null; group: string | null };
        const next = { ...state, status: 'waiting', position: 2, wakeAt: new Date(Date.now() + 86_400_000).toISOString() };
        save.run(next.status, JSON.stringify(next), next.wakeAt, null, next.group, new Date().toISOString(), run.id);
      }
      return claimed.length;
    });
    const at = new Date(now).toISOString();
    let fired = 0;
    const started = performance.now();
    for (;;) {
      const n = fireBatch(at);
      fired += n;
      if (n === 0 || performance.now() - started > 10_000) break;
    }
    return { firesPerSec: round(fired / ((performance.now() - started) / 1000)), runs: due * 2, batch };
  } finally {
    sqlite.close();
    fs.rmSync(file, { force: true });
  }
}
