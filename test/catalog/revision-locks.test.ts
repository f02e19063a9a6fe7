import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/harness.js';

const url = process.env.TEST_DATABASE_URL;

// A category edit raises the 'commerce' then the 'products' revision (two triggers, run in name
// order); a transaction writing a product and then a promotion raises them the other way round.
describe('[postgres] catalog and commerce writers queue on the revisions instead of deadlocking', { skip: !url }, () => {
  let database: TestDatabase;
  const clients: pg.Client[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${database.database.schema}` });
      await client.connect();
      // Far above the wait below: a deadlock is reported by PostgreSQL's detector, not by a timeout.
      await client.query(`set lock_timeout = '20s'`);
      clients.push(client);
    }
  });

  after(async () => {
    for (const client of clients) await client.end();
    await database.destroy();
  });

  test('a product-then-promotion transaction beside a category edit: both commit', async () => {
    const [productFirst, categoryEdit] = clients as [pg.Client, pg.Client];
    await productFirst.query('begin');
    await productFirst.query(`update products set updated_at = updated_at where false`);
    await categoryEdit.query('begin');
    const edit = categoryEdit.query(`update categories set position = position where false`).then(
      () => null,
      (error: { code?: string }) => error,
    );
    // Let the category edit take what it can and wait for the rest.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const promotion = await productFirst.query(`update promotions set name = name where false`).then(
      () => null,
      (error: { code?: string }) => error,
    );
    await productFirst.query(promotion ? 'rollback' : 'commit');
    const edited = await edit;
    await categoryEdit.query(edited ? 'rollback' : 'commit');
    assert.equal(promotion?.code ?? null, null, 'the product-then-promotion transaction went through');
    assert.equal(edited?.code ?? null, null, 'the category edit went through');
    const { rows } = await productFirst.query<{ revision: string }>(`select revision from catalog_revisions where name = 'products'`);
    assert.ok(Number(rows[0]?.revision) >= 2, 'both raised the products revision');
  });
});
