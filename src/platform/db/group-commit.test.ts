import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { openDatabase, type Database } from './database.js';
import { startGroupCommit } from './group-commit.js';

/** A unit's own table, on a real SQLite file, with a second connection that sees only what is committed. */
function withDatabase(fn: (database: Database, committed: () => number[]) => Promise<void>) {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-group-commit-'));
    const file = path.join(dir, 'db.sqlite');
    const database = openDatabase({ sqliteFile: file });
    database.sqlite!.exec(`
      create table things (id integer primary key);
      create table parents (id integer primary key);
      create table children (id integer primary key, parent_id integer references parents (id) deferrable initially deferred);
    `);
    const reader = new SqliteDatabase(file, { readonly: true });
    const committed = () => (reader.prepare('select id from things order by id').all() as { id: number }[]).map((row) => row.id);
    try {
      await fn(database, committed);
    } finally {
      reader.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const insert = (trx: Kysely<DB>, id: number) => sql`insert into things (id) values (${id})`.execute(trx);
const countIn = async (trx: Kysely<DB>) => Number((await sql<{ n: number }>`select count(*) as n from things`.execute(trx)).rows[0]!.n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(
  'units queued together share one transaction, run in the order queued, and each gets its own answer',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database);
    try {
      const seen: [number, number, boolean][] = [];
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map((id) =>
          commits.run(async (trx) => {
            // What this unit sees of the others: those before it, uncommitted, in the same transaction.
            seen.push([id, await countIn(trx), database.sqlite!.inTransaction]);
            await insert(trx, id);
            return `unit ${id}`;
          }),
        ),
      );
      assert.deepEqual(answers, ['unit 1', 'unit 2', 'unit 3', 'unit 4', 'unit 5']);
      assert.deepEqual(seen, [
        [1, 0, true],
        [2, 1, true],
        [3, 2, true],
        [4, 3, true],
        [5, 4, true],
      ]);
      assert.deepEqual(committed(), [1, 2, 3, 4, 5]);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  'a unit that throws rolls back to its savepoint: its writes are gone, the others commit',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database);
    try {
      const refused = new Error('409: not enough');
      const outcomes = await Promise.allSettled([
        commits.run(async (trx) => insert(trx, 1).then(() => 'one')),
        commits.run(async (trx) => {
          await insert(trx, 2);
          await insert(trx, 20);
          throw refused;
        }),
        commits.run(async (trx) => {
          // The failed unit's rows are gone before the next unit starts.
          assert.equal(await countIn(trx), 1);
          await insert(trx, 3);
          return 'three';
        }),
        // The same id as the failed unit's: free again.
        commits.run(async (trx) => insert(trx, 2).then(() => 'two, again')),
      ]);
      assert.deepEqual(outcomes, [
        { status: 'fulfilled', value: 'one' },
        { status: 'rejected', reason: refused },
        { status: 'fulfilled', value: 'three' },
        { status: 'fulfilled', value: 'two, again' },
      ]);
      assert.deepEqual(committed(), [1, 2, 3]);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  'when the commit fails every unit of the batch fails and nothing is kept',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database);
    try {
      const outcomes = await Promise.allSettled([
        commits.run(async (trx) => insert(trx, 1)),
        // A deferred foreign key: the statement passes, the COMMIT fails.
        commits.run(async (trx) => sql`insert into children (id, parent_id) values (1, 999)`.execute(trx)),
        commits.run(async (trx) => insert(trx, 3)),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['rejected', 'rejected', 'rejected'],
      );
      for (const outcome of outcomes) assert.match(String((outcome as PromiseRejectedResult).reason), /FOREIGN KEY/);
      assert.deepEqual(committed(), []);
      assert.equal(database.sqlite!.inTransaction, false);
      // The queue carries on with the next batch.
      await commits.run(async (trx) => insert(trx, 4));
      assert.deepEqual(committed(), [4]);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  'no unit is answered before the commit of its batch: answered means committed',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database);
    try {
      const events: string[] = [];
      const first = commits.run(async (trx) => {
        await insert(trx, 1);
        events.push('first done');
      });
      const answered = first.then(() => events.push(`first answered, committed: ${committed().join(',')}`));
      const second = commits.run(async (trx) => {
        // The first unit's work is over, but its batch is still open.
        await sleep(30);
        events.push(`second done, committed: ${committed().join(',')}`);
        await insert(trx, 2);
      });
      await Promise.all([answered, second]);
      assert.deepEqual(events, ['first done', 'second done, committed: ', 'first answered, committed: 1,2']);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  'a batch takes what is queued up to the cap; the next starts once it has committed; a lone unit runs at once',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database, { maxUnits: 2 });
    try {
      // What each unit sees committed by others tells which batch it ran in.
      const before = await Promise.all([1, 2, 3, 4, 5].map((id) => commits.run(async (trx) => committed().length + 0 * (await insert(trx, id), 0))));
      assert.deepEqual(before, [0, 0, 2, 2, 4]);
      const started = performance.now();
      await commits.run(async (trx) => insert(trx, 6));
      assert.ok(performance.now() - started < 1_000, 'a lone unit waits for no timer');
      assert.deepEqual(committed(), [1, 2, 3, 4, 5, 6]);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  'units not started when a batch has used its time budget wait for the next batch, in their order',
  withDatabase(async (database, committed) => {
    const commits = startGroupCommit(database, { budgetMs: 20 });
    try {
      const seen = await Promise.all(
        [1, 2, 3, 4].map((id) =>
          commits.run(async (trx) => {
            const before = committed().length;
            await insert(trx, id);
            // Units 1 and 3 use up their batch's budget: 2 and 4 then start the next batch.
            if (id % 2 === 1) await sleep(30);
            return before;
          }),
        ),
      );
      assert.deepEqual(seen, [0, 1, 1, 3]);
      assert.deepEqual(committed(), [1, 2, 3, 4]);
    } finally {
      await commits.stop();
    }
  }),
);

test(
  "users share one queue per database; stop waits for what is queued; a batch takes SQLite's write lock as it begins",
  withDatabase(async (database, committed) => {
    const one = startGroupCommit(database);
    const two = startGroupCommit(database);
    const other = new SqliteDatabase(database.file!);
    other.pragma('busy_timeout = 0');
    try {
      let lockedOut = false;
      const queued = [
        one.run(async (trx) => {
          // Nothing written yet by this unit: the lock was taken when the batch began.
          try {
            other.exec('begin immediate');
            other.exec('rollback');
          } catch {
            lockedOut = true;
          }
          await insert(trx, 1);
        }),
        two.run(async (trx) => {
          assert.equal(await countIn(trx), 1, 'the second user runs in the same batch');
          await insert(trx, 2);
        }),
      ];
      await one.stop();
      await two.stop();
      await Promise.all(queued);
      assert.ok(lockedOut);
      assert.deepEqual(committed(), [1, 2]);
    } finally {
      other.close();
    }
  }),
);
