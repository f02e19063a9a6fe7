import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/platform/db/database.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { ROOT } from '../support/process.js';
import { problemOf } from '../catalog/catalog-fixtures.js';
import { assertLedgerBalanced, createLocation, createSkus, inventorySnapshot, tag, type Place } from './inventory-fixtures.js';
import type { PasserelleClient } from '../../sdk/index.js';

for (const dialect of DIALECTS) {
  describe(`stock import from CSV (${dialect})`, () => {
    let server: TestServer;
    let admin: PasserelleClient;
    let store: Place;
    let warehouse: Place;

    before(async () => {
      server = await startTestServer(dialect);
      admin = server.admin;
      store = await createLocation(admin, 'store', { zones: [{ code: 'A1', name: 'Robes' }] });
      warehouse = await createLocation(admin, 'warehouse');
    });
    after(() => server?.close());

    test('each row is a count: on hand set, the difference in the ledger; running the file again changes nothing', async () => {
      const [a, b] = [`IMP-A-${tag()}`, `IMP-B-${tag()}`];
      await createSkus(admin, a, b);
      await admin.inventory.set(a, store.id, { onHand: 2 });
      const csv = `sku,locationId,onHand,safetyStock,zone\n${a},${store.id},7,1,A1\n${b},${store.id},3,,\n${a},${warehouse.id},40,,\n`;
      const report = await admin.inventory.importCsv(csv);
      assert.deepEqual(report, { imported: 3, changed: 3, skipped: [], errors: [] });
      const level = await admin.inventory.get(a, store.id);
      assert.deepEqual([level.onHand, level.safetyStock, level.zone, level.available], [7, 1, 'A1', 6]);
      assert.deepEqual((await admin.inventory.movements(a, store.id)).items.map((m) => [m.kind, m.delta, m.note]), [['count', 5, 'import line 2'], ['count', 2, null]]);
      assert.equal((await admin.inventory.get(a, warehouse.id)).onHand, 40);
      assert.deepEqual(await admin.inventory.importCsv(csv), { imported: 3, changed: 0, skipped: [], errors: [] });
      await assertLedgerBalanced(server);
    });

    test('a file with errors imports nothing and lists every error with its line; skipErrors imports the good rows', async () => {
      const [a, b] = [`ERR-A-${tag()}`, `ERR-B-${tag()}`];
      await createSkus(admin, a, b);
      await admin.inventory.set(b, store.id, { onHand: 3 });
      await admin.holds.create({ sku: b, locationId: store.id, quantity: 3, ownerType: 'manual' });
      const csv = [
        'SKU;Location_Id;On Hand',
        `${a};${store.id};4`,
        `${a};${warehouse.id};-2`,
        `${b};${warehouse.id};1.5`,
        `NO-SUCH-SKU;${store.id};1`,
        `${a};whs_nowhere;1`,
        `${a};${store.id};5`,
        `${b};${store.id};1`,
        `;${store.id};1`,
      ].join('\n');
      const before = await inventorySnapshot(server);
      const problem = await problemOf(admin.inventory.importCsv(csv), 422, 'inventory.import_invalid');
      assert.deepEqual(
        (problem.errors as unknown as { line: number; field: string }[]).map((e) => [e.line, e.field]),
        [[3, 'onHand'], [4, 'onHand'], [5, 'sku'], [6, 'locationId'], [7, 'sku'], [8, 'onHand'], [9, 'sku']],
      );
      assert.match(JSON.stringify(problem.errors), /-2 is negative/);
      assert.match(JSON.stringify(problem.errors), /1\.5 is not a whole number/);
      assert.match(JSON.stringify(problem.errors), /already on line 2/);
      assert.match(JSON.stringify(problem.errors), /3 unit\(s\) are reserved/);
      assert.equal(await inventorySnapshot(server), before, 'nothing imported');

      const report = await admin.inventory.importCsv(csv, { skipErrors: true });
      assert.equal(report.imported, 1);
      assert.deepEqual(report.skipped.map((s) => s.line), [3, 4, 5, 6, 7, 8, 9]);
      assert.equal((await admin.inventory.get(a, store.id)).onHand, 4);
    });

    test('a broken header or a wrong content type is refused as a whole', async () => {
      const before = await inventorySnapshot(server);
      const header = await problemOf(admin.inventory.importCsv('sku,where,onHand\nX,Y,1\n'), 422, 'inventory.import_invalid');
      assert.deepEqual((header.errors as unknown as { line: number; field: string }[]).map((e) => [e.line, e.field]), [[1, 'where'], [1, 'locationId']]);
      await problemOf(admin.inventory.importCsv(''), 422, 'inventory.import_invalid');
      await problemOf(admin.request('POST', '/v1/inventory/import', { body: { rows: [] } }), 415, 'platform.unsupported_media_type');
      await problemOf(server.client().inventory.importCsv('sku,locationId,onHand\n'), 401);
      assert.equal(await inventorySnapshot(server), before);
    });
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function passerelle(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/passerelle.js'), ...args], {
      cwd: dataDir,
      env: { ...env, PASSERELLE_DATA: dataDir, DATABASE_URL: '', PASSERELLE_SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('passerelle import stock (CLI, sqlite)', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return full;
  };
  const onHand = async () => {
    const database = openDatabase({ sqliteFile: path.join(dir, 'passerelle.db') });
    try {
      return (await database.kysely.selectFrom('stock_levels').select(['sku', 'on_hand']).orderBy('sku').execute()).map((r) => `${r.sku}=${r.on_hand}`);
    } finally {
      await database.close();
    }
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-stock-cli-'));
    const products = await passerelle(dir, ['import', 'products', file('products.csv', 'ref,name,sku,price\nCLI-1,Robe,CLI-1-S,39.90\nCLI-1,Robe,CLI-1-M,39.90\n')]);
    assert.equal(products.code, 0, products.stderr);
    const database = openDatabase({ sqliteFile: path.join(dir, 'passerelle.db') });
    const now = new Date().toISOString();
    await database.kysely
      .insertInto('locations')
      .values({
        id: 'sto_cli', kind: 'store', code: 'CLI', name: 'CLI store', address_line1: '1 rue', address_line2: null, postal_code: '69001', city: 'Lyon', country: 'FR',
        latitude: 45.76, longitude: 4.83, timezone: 'Europe/Paris', phone: null, email: null, services: '[]', zones: '[]', opening_hours: '{}', hours_exceptions: '[]', created_at: now, updated_at: now,
      })
      .execute();
    await database.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a valid file is imported: progress on stderr, summary on stdout, exit 0', async () => {
    const run = await passerelle(dir, ['import', 'stock', file('stock.csv', 'sku,locationId,onHand\nCLI-1-S,sto_cli,4\nCLI-1-M,sto_cli,2\n')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Imported 2 stock rows: 2 changed on hand (a count movement each).\n');
    assert.match(run.stderr, /\rwritten 2 of 2 rows/);
    assert.deepEqual(await onHand(), ['CLI-1-M=2', 'CLI-1-S=4']);
  });

  test('a file with errors imports nothing unless --skip-errors: every error on stderr with its line', async () => {
    const csv = file('bad.csv', 'sku,locationId,onHand\nCLI-1-S,sto_cli,9\nCLI-1-M,sto_cli,-1\nCLI-9,sto_cli,1\n');
    const run = await passerelle(dir, ['import', 'stock', csv]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /line 3, onHand: -1 is negative/);
    assert.match(run.stderr, /line 4, sku: no product variant has sku CLI-9/);
    assert.match(run.stderr, /2 error\(s\) in 3 rows; nothing was imported/);
    assert.equal(run.stdout, '');
    assert.deepEqual(await onHand(), ['CLI-1-M=2', 'CLI-1-S=4']);

    const skipping = await passerelle(dir, ['import', 'stock', csv, '--skip-errors']);
    assert.equal(skipping.code, 0, skipping.stderr);
    assert.match(skipping.stdout, /Imported 1 stock rows: 1 changed on hand .*\nSkipped 2 rows with 2 error\(s\)/);
    assert.match(skipping.stderr, /skipped line 3 \(CLI-1-M at sto_cli\): onHand: -1 is negative/);
    assert.deepEqual(await onHand(), ['CLI-1-M=2', 'CLI-1-S=9']);
  });
});
