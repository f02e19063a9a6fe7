import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from '../../sdk/index.js';
import { DIALECTS, startTestServer } from '../support/harness.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { createLocation, createSkus, tag } from './inventory-fixtures.js';

const UNITS = 5;
const ATTEMPTS = 200;
const TOKEN = 'oversell-admin-token-0123456789';

interface Answer {
  status: number;
  contentType: string;
  code: string | undefined;
}

/** Fires every reservation at once, spread over the servers, and waits for all the answers. */
async function fire(origins: { url: string; token: string }[], body: Record<string, unknown>): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const { url, token } = origins[i % origins.length]!;
      const response = await fetch(`${url}/v1/inventory/holds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, ownerId: `cart-${i}` }),
      });
      const json = (await response.json()) as { code?: string };
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', code: json.code };
    }),
  );
}

function assertNoOversell(answers: Answer[]): void {
  const created = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status === 409);
  assert.equal(created.length, UNITS, `successes: ${JSON.stringify(answers.filter((a) => a.status !== 409).map((a) => a.status))}`);
  assert.equal(refused.length, ATTEMPTS - UNITS, `statuses: ${[...new Set(answers.map((a) => a.status))].join(', ')}`);
  for (const answer of refused) {
    assert.match(answer.contentType, /application\/problem\+json/);
    assert.equal(answer.code, 'inventory.insufficient_stock');
  }
}

for (const dialect of DIALECTS) {
  test(`[${dialect}] 200 concurrent reservations at an item with 5 units: exactly 5 × 201 and 195 clean 409s`, async () => {
    const server = await startTestServer(dialect);
    try {
      const store = await createLocation(server.admin, 'store');
      const sku = `HOT-${tag()}`;
      await createSkus(server.admin, sku);
      await server.admin.inventory.set(sku, store.id, { onHand: UNITS });
      const answers = await fire([{ url: server.url, token: 'test-admin-token-0123456789' }], { sku, locationId: store.id, quantity: 1, ownerType: 'cart' });
      assertNoOversell(answers);
      const level = await server.admin.inventory.get(sku, store.id);
      assert.deepEqual([level.onHand, level.reserved, level.available], [UNITS, UNITS, 0]);
      assert.equal((await server.admin.holds.list({ sku, limit: 200 })).items.length, UNITS);
      assert.equal((await server.admin.inventory.movements(sku, store.id)).items.length, 1, 'the ledger has only the count');
    } finally {
      await server.close();
    }
  });
}

/** Two `passerelle start` processes on one database, the load spread over both. */
const SHARED: { name: string; prepare(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    async prepare() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-oversell-'));
      return { env: { PASSERELLE_DATA: dir, DATABASE_URL: '' }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          async prepare() {
            const url = new URL(process.env.TEST_DATABASE_URL!);
            const database = `oversell_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
            const admin = new pg.Client({ connectionString: url.toString() });
            await admin.connect();
            await admin.query(`CREATE DATABASE ${database}`);
            await admin.end();
            const own = new URL(url);
            own.pathname = `/${database}`;
            return {
              env: { DATABASE_URL: own.toString() },
              async cleanup() {
                const client = new pg.Client({ connectionString: url.toString() });
                await client.connect();
                await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
                await client.end();
              },
            };
          },
        },
      ]
    : []),
];

for (const shared of SHARED) {
  test(`[${shared.name}] two server processes on one database: 200 concurrent reservations at 5 units, exactly 5 succeed`, async () => {
    const { env, cleanup } = await shared.prepare();
    const servers: ServerProcess[] = [];
    try {
      const common = { ...env, PASSERELLE_SEED_DEMO: 'false', PASSERELLE_ADMIN_TOKEN: TOKEN };
      // One after the other: the first creates the schema, the second finds it ready.
      servers.push(await startServerProcess(common));
      servers.push(await startServerProcess(common));
      const admin = createClient({ baseUrl: servers[0]!.url, token: TOKEN });
      const store = await createLocation(admin, 'store');
      const sku = `HOT-${tag()}`;
      await createSkus(admin, sku);
      await admin.inventory.set(sku, store.id, { onHand: UNITS });

      const answers = await fire(servers.map((s) => ({ url: s.url, token: TOKEN })), { sku, locationId: store.id, quantity: 1, ownerType: 'cart' });
      assertNoOversell(answers);
      for (const server of servers) {
        const level = await createClient({ baseUrl: server.url, token: TOKEN }).inventory.get(sku, store.id);
        assert.deepEqual([level.onHand, level.reserved, level.available], [UNITS, UNITS, 0]);
      }
      assert.equal((await admin.holds.list({ sku, limit: 200 })).items.length, UNITS);
    } finally {
      for (const server of servers) server.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.exited));
      await cleanup();
    }
  });
}
