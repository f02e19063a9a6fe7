import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/harness.js';

const url = process.env.TEST_DATABASE_URL;

// Test files migrate their own schemas side by side in one PostgreSQL database; CI once failed when
// Kysely's look over every schema's columns met a column another file's migration had just dropped.
describe('[postgres] migrations look at their own schema only', { skip: !url }, () => {
  let own: TestDatabase;
  const other = `t_other_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let admin: pg.Client;

  before(async () => {
    own = await createTestDatabase('postgres');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${other}`);
    await admin.query(`create table ${other}.categories (id serial primary key, elsewhere_only text)`);
    await own.database.kysely.schema.createTable('numbered').addColumn('id', 'serial', (c) => c.primaryKey()).addColumn('label', 'text').execute();
    await own.database.kysely.schema.createView('labels').as(own.database.kysely.selectFrom('numbered' as never).select('label' as never)).execute();
  });

  after(async () => {
    await admin.query(`drop schema if exists ${other} cascade`);
    await admin.end();
    await own.destroy();
  });

  test("introspection lists the schema's tables, views and columns, and nothing from other schemas", async () => {
    const tables = await own.database.kysely.introspection.getTables({ withInternalKyselyTables: true });
    assert.ok(tables.length > 10);
    assert.ok(tables.every((table) => table.schema === own.database.schema));
    const names = tables.map((table) => table.name);
    assert.ok(names.includes('schema_migrations') && names.includes('events'));
    const numbered = tables.find((table) => table.name === 'numbered');
    assert.deepEqual(
      numbered?.columns.map((column) => [column.name, column.dataType, column.isNullable, column.isAutoIncrementing, column.hasDefaultValue]),
      [
        ['id', 'int4', false, true, true],
        ['label', 'text', true, false, false],
      ],
    );
    assert.equal(tables.find((table) => table.name === 'labels')?.isView, true);
    const categories = tables.filter((table) => table.name === 'categories');
    assert.equal(categories.length, 1, 'our categories table, not the other schema’s');
    assert.ok(!categories[0]!.columns.some((column) => column.name === 'elsewhere_only'));
  });

  test('a schema migrates while another schema’s columns are dropped and added again', async () => {
    let churning = true;
    const churn = (async () => {
      while (churning) {
        await admin.query(`alter table ${other}.categories drop column elsewhere_only`);
        await admin.query(`alter table ${other}.categories add column elsewhere_only text`);
      }
    })();
    try {
      for (let round = 0; round < 3; round++) {
        const schema = `t_mig_${process.pid}_${round}_${Math.random().toString(36).slice(2, 8)}`;
        await admin.query(`create schema ${schema}`);
        const database = openDatabase({ url: url!, pgSchema: schema, pgPoolSize: 2 });
        try {
          assert.ok((await migrateToLatest(database)).length > 10);
        } finally {
          await database.close();
          await admin.query(`drop schema ${schema} cascade`).catch(() => undefined);
        }
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});
