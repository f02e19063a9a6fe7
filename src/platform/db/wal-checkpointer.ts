import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Database } from './database.js';

/**
 * Checkpoints SQLite's write-ahead log from a worker thread while a writer is busy.
 *
 * Why: SQLite runs a checkpoint inside the COMMIT that takes the log past `wal_autocheckpoint`
 * pages (1,000 by default). better-sqlite3 is synchronous, so that commit, and the whole event loop
 * with it, waits for thousands of page writes and two fsyncs: 40 to 150 ms measured under tracking
 * load, every few dozen commits, and every request in flight waits too. Here a connection of its
 * own, in a worker thread, runs PASSIVE checkpoints every few milliseconds (PASSIVE never blocks
 * writers or readers), so commits only append to the log. While it runs, the app's connection keeps
 * a higher `wal_autocheckpoint` as a backstop, should the worker fall behind. Durability is
 * unchanged: the worker's connection syncs as the app's does (`synchronous = NORMAL`).
 *
 * After each pass that copied pages, the worker also flushes the database file (`fdatasync` on the
 * descriptor `Database` keeps open). SQLite syncs the file only at the end of a checkpoint that
 * copied the whole log, and under steady commits the worker's passes never do (there is always a
 * newer commit). The first complete checkpoint was then the backstop inside a commit, and its sync
 * wrote every page copied since the last one: 35 to 65 ms on the event loop, about twice a second
 * at 2,000 tracking calls a second. Flushed a pass at a time, off the event loop, that sync has
 * little left to write (5 to 14 ms measured).
 *
 * The worker starts when a writer says it committed (`nudge`) and leaves, closing its connection,
 * after a second with nothing to checkpoint: an idle database keeps a single connection, which is
 * what switching its journal mode (the demo's bulk load) needs. One worker per database, however
 * many writers; it stops with the last of them.
 */
export interface WalCheckpointer {
  /** Something was committed: make sure the worker is running. */
  nudge(): void;
  /** What the worker did for this database so far (for tests and diagnostics). */
  stats(): { flushes: number };
  stop(): Promise<void>;
}

const BACKSTOP_PAGES = 10_000;
const INTERVAL_MS = 20;
const IDLE_MS = 1_000;

// Plain JavaScript evaluated in the worker: it must run however the app was started (tsx registered
// in-process by bin/passerelle.js is not inherited by worker threads).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { fdatasyncSync } = require('node:fs');
const Sqlite = require(workerData.module);
const db = new Sqlite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let timer;
let idle = 0;
let last = '';
let copied = 0;
const leave = () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
};
const tick = () => {
  try {
    const { log, checkpointed } = checkpoint.get();
    // Idle: all checkpointed AND nothing committed since the last tick. A log checkpointed to its
    // end on every tick under steady commits is busy, not idle (else the worker left and was
    // started again every second under load).
    const now = log + ':' + checkpointed;
    idle = log === checkpointed && now === last ? idle + workerData.intervalMs : 0;
    // Pages were copied: flush them now, a pass at a time, rather than all at once in the complete
    // checkpoint's sync. The descriptor belongs to the app's Database; it is never closed here.
    if (checkpointed > 0 && checkpointed !== copied && workerData.fd !== undefined) {
      fdatasyncSync(workerData.fd);
      parentPort.postMessage('flushed');
    }
    copied = checkpointed;
    last = now;
  } catch {
    // Busy (another checkpoint, or the app truncating the log after an erasure): next tick.
  }
  if (idle >= workerData.idleMs) leave();
  else timer = setTimeout(tick, workerData.intervalMs);
};
tick();
parentPort.once('message', leave);
`;

interface Shared {
  users: number;
  worker: Worker | null;
  backstopBefore: number;
  /** Times the worker flushed the database file after copying pages into it. */
  flushes: number;
}

const shared = new WeakMap<Database, Shared>();

export function startWalCheckpointer(database: Database): WalCheckpointer | null {
  const sqlite = database.sqlite;
  const file = database.file;
  if (database.dialect !== 'sqlite' || !sqlite || !file || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  let state = shared.get(database);
  if (state) state.users += 1;
  else {
    state = { users: 1, worker: null, backstopBefore: Number(sqlite.pragma('wal_autocheckpoint', { simple: true })), flushes: 0 };
    shared.set(database, state);
  }
  const entry = state;
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  let stopped = false;

  const spawn = () => {
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, fd: database.fileDescriptor, module, intervalMs: INTERVAL_MS, idleMs: IDLE_MS } });
    // A failed worker only means commits checkpoint themselves again, as before.
    worker.on('error', () => {});
    worker.on('message', (message) => {
      if (message === 'flushed') entry.flushes += 1;
    });
    worker.once('exit', () => {
      if (entry.worker !== worker) return;
      entry.worker = null;
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${entry.backstopBefore}`);
    });
    // It must not keep a process alive on its own.
    worker.unref();
    entry.worker = worker;
  };

  return {
    nudge() {
      if (!stopped && entry.worker === null && sqlite.open && sqlite.pragma('journal_mode', { simple: true }) === 'wal') spawn();
    },
    stats: () => ({ flushes: entry.flushes }),
    async stop() {
      if (stopped) return;
      stopped = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      shared.delete(database);
      const worker = entry.worker;
      if (!worker) return;
      const exited = once(worker, 'exit');
      // Waited for while it stops: the database closes after.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
