import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from './database.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const autocheckpoint = (database: Database) => database.sqlite!.pragma('wal_autocheckpoint', { simple: true });

/** Frames in the log not yet copied into the database file. */
function pending(database: Database): number {
  const [row] = database.sqlite!.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
  return row!.log - row!.checkpointed;
}

async function until(condition: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

function withDatabase(fn: (database: Database) => Promise<void>) {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-checkpointer-'));
    const database = openDatabase({ sqliteFile: path.join(dir, 'db.sqlite') });
    try {
      await fn(database);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'once nudged, a worker checkpoints what the app commits, then leaves when idle and gives the setting back',
  withDatabase(async (database) => {
    const sqlite = database.sqlite!;
    sqlite.exec('create table t (id integer primary key, body text)');
    const checkpointer = startWalCheckpointer(database)!;
    assert.equal(autocheckpoint(database), 1000, 'nothing runs before a writer commits');
    const insert = sqlite.prepare('insert into t (body) values (?)');
    // 2,000 rows of 500 bytes: far below the backstop, so only the worker can checkpoint them.
    for (let i = 0; i < 20; i++) sqlite.transaction(() => { for (let k = 0; k < 100; k++) insert.run('x'.repeat(500)); })();
    checkpointer.nudge();
    assert.equal(autocheckpoint(database), 10_000, 'the app connection only checkpoints as a backstop while the worker runs');
    assert.ok(pending(database) > 0);
    assert.ok(await until(() => pending(database) === 0), 'every committed frame reaches the database file');
    assert.ok(await until(() => autocheckpoint(database) === 1000), 'idle, it left and gave the setting back');
    // Its connection is closed: the app's is the only one, so the journal mode can change again.
    assert.equal(sqlite.pragma('journal_mode = DELETE', { simple: true }), 'delete');
    sqlite.pragma('journal_mode = WAL');
    await checkpointer.stop();
  }),
);

test(
  'writers share one worker, which stops with the last; nothing runs without a WAL file',
  withDatabase(async (database) => {
    const a = startWalCheckpointer(database)!;
    const b = startWalCheckpointer(database)!;
    a.nudge();
    b.nudge();
    await a.stop();
    assert.equal(autocheckpoint(database), 10_000, 'still running for the other writer');
    await b.stop();
    await b.stop();
    assert.equal(autocheckpoint(database), 1000);
    const memory = openDatabase({ sqliteFile: ':memory:' });
    assert.equal(startWalCheckpointer(memory), null);
    await memory.close();
  }),
);

test(
  'under steady commits the worker stays: idle means nothing new committed, not merely all checkpointed',
  withDatabase(async (database) => {
    const sqlite = database.sqlite!;
    sqlite.exec('create table t (id integer primary key, body text)');
    const checkpointer = startWalCheckpointer(database)!;
    const insert = sqlite.prepare('insert into t (body) values (?)');
    checkpointer.nudge();
    // 2.5 s of small commits every 10 ms, each checkpointed in full by the next tick: longer than the
    // worker's 1 s of idleness, so it would have left (and given the setting back) were it idle.
    const started = Date.now();
    while (Date.now() - started < 2_500) {
      insert.run('x'.repeat(100));
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(autocheckpoint(database), 10_000, `the worker left after ${Date.now() - started} ms of steady commits`);
      checkpointer.nudge();
    }
    assert.ok(await until(() => autocheckpoint(database) === 1000), 'once the commits stop it leaves');
    await checkpointer.stop();
  }),
);

test(
  'the worker flushes the pages it copied through the descriptor the Database keeps, which lives exactly as long as the connection',
  withDatabase(async (database) => {
    const fd = database.fileDescriptor!;
    assert.equal(fs.fstatSync(fd).ino, fs.statSync(database.file!).ino, 'a descriptor of the database file itself');
    const sqlite = database.sqlite!;
    sqlite.exec('create table t (id integer primary key, body text)');
    const checkpointer = startWalCheckpointer(database)!;
    const insert = sqlite.prepare('insert into t (body) values (?)');
    sqlite.transaction(() => {
      for (let k = 0; k < 500; k++) insert.run('x'.repeat(500));
    })();
    checkpointer.nudge();
    assert.ok(await until(() => pending(database) === 0));
    assert.ok(await until(() => checkpointer.stats().flushes > 0), 'the copied pages were flushed by the worker');
    assert.ok(await until(() => autocheckpoint(database) === 1000), 'idle, it left');
    // Leaving, the worker did not close it: closing a descriptor of the file would drop the
    // process's POSIX locks on it, SQLite's included.
    assert.equal(fs.fstatSync(fd).ino, fs.statSync(database.file!).ino);
    await checkpointer.stop();
    // Closing twice is harmless: withDatabase closes it again.
    await database.close();
    assert.throws(() => fs.fstatSync(fd), { code: 'EBADF' }, 'closed with the connection');
    const memory = openDatabase({ sqliteFile: ':memory:' });
    assert.equal(memory.fileDescriptor, undefined);
    await memory.close();
  }),
);
