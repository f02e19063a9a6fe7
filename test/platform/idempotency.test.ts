import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Deps } from '../../src/platform/context.js';
import { AppError } from '../../src/platform/errors.js';
import { startGroupCommit } from '../../src/platform/db/group-commit.js';
import { errorsPlugin } from '../../src/platform/http/errors.plugin.js';
import { IdempotencyHeaders, idempotencySweepTask, idempotent } from '../../src/platform/http/idempotency.js';
import { createLogger } from '../../src/platform/logging.js';
import { publishDomainEvent } from '../../src/platform/outbox/outbox.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { DIALECTS, createTestDatabase } from '../support/harness.js';

/**
 * The Idempotency-Key piece on its own: a bare Fastify app whose routes write a domain event (the
 * "money or stock" they move) through `idempotent()`. The caller is named by a test header. With
 * `grouped`, the routes pass a group commit, as the stock routes do: every test holds either way.
 */
async function setup(dialect: (typeof DIALECTS)[number], grouped: boolean) {
  const testDb = await createTestDatabase(dialect);
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const deps: Deps = { database: testDb.database, clock, config: { ...loadConfig({}), workerPollMs: 0 }, log: createLogger('silent') };
  const app = Fastify();
  const options = grouped ? { commits: startGroupCommit(testDb.database) } : {};
  if (options.commits) app.addHook('onClose', () => options.commits.stop());
  await app.register(errorsPlugin);
  app.decorateRequest('principal', null as never);
  app.addHook('preValidation', async (request) => {
    const caller = String(request.headers['x-caller'] ?? 'one');
    request.principal = { kind: 'staff', role: 'admin', staffId: `stf_${caller}`, storeId: null, tokenId: null } satisfies Principal;
  });
  let runs = 0;
  app.post('/things', { schema: { headers: IdempotencyHeaders } }, async (request, reply) =>
    idempotent(request, reply, deps, async (ctx) => {
      runs += 1;
      // Let concurrent copies pile up while this one holds its claim.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const event = await publishDomainEvent(ctx.db, ctx.clock, { type: 'test.thing_moved', payload: { body: request.body as Record<string, unknown> } });
      return { status: 201, body: { eventId: event.id, run: runs } };
    }, options),
  );
  app.post('/refused', async (request, reply) =>
    idempotent(request, reply, deps, async (ctx) => {
      runs += 1;
      await publishDomainEvent(ctx.db, ctx.clock, { type: 'test.thing_moved', payload: {} });
      throw new AppError('inventory.insufficient_stock', 'not enough');
    }, options),
  );
  await app.ready();
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'POST', url, payload: body as object, headers: { 'content-type': 'application/json', ...headers } });
    return { status: response.statusCode, body: response.json() as Record<string, unknown>, replayed: response.headers['idempotent-replayed'] };
  };
  const events = async () => (await testDb.database.kysely.selectFrom('domain_events').select('id').execute()).length;
  const keys = async () => (await testDb.database.kysely.selectFrom('idempotency_keys').select('key').execute()).length;
  return { deps, clock, app, post, events, keys, runs: () => runs, close: async () => { await app.close(); await testDb.destroy(); } };
}

for (const [dialect, grouped] of DIALECTS.flatMap((d) => [[d, false] as const, [d, true] as const])) {
  const name = grouped ? `${dialect}, group commit` : dialect;
  test(`[${name}] the same key from the same caller runs once and replays the first answer`, async () => {
    const s = await setup(dialect, grouped);
    try {
      const first = await s.post('/things', { sku: 'A', quantity: 1 }, { 'idempotency-key': 'k-1' });
      const again = await s.post('/things', { quantity: 1, sku: 'A' }, { 'idempotency-key': 'k-1' });
      assert.equal(first.status, 201);
      assert.deepEqual(again, { ...first, replayed: 'true' }, 'same body with keys in another order is the same request');
      assert.equal(first.replayed, undefined);
      assert.equal(await s.events(), 1);
      assert.equal(s.runs(), 1);

      const reused = await s.post('/things', { sku: 'B', quantity: 1 }, { 'idempotency-key': 'k-1' });
      assert.equal(reused.status, 422);
      assert.equal(reused.body.code, 'platform.idempotency_key_reused');
      const otherCaller = await s.post('/things', { sku: 'A', quantity: 1 }, { 'idempotency-key': 'k-1', 'x-caller': 'two' });
      assert.equal(otherCaller.status, 201);
      assert.notEqual(otherCaller.body.eventId, first.body.eventId, "keys are per caller");
      const withoutKey = [await s.post('/things', { sku: 'A' }), await s.post('/things', { sku: 'A' })];
      assert.notEqual(withoutKey[0]!.body.eventId, withoutKey[1]!.body.eventId, 'without a key every request runs');
      assert.equal(await s.events(), 4);
    } finally {
      await s.close();
    }
  });

  test(`[${name}] concurrent copies of one request: one runs, the others get its answer`, async () => {
    const s = await setup(dialect, grouped);
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => s.post('/things', { sku: 'A' }, { 'idempotency-key': 'burst' })));
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
      assert.equal(new Set(answers.map((a) => a.body.eventId)).size, 1);
      assert.equal(answers.filter((a) => a.replayed === 'true').length, 11);
      assert.equal(await s.events(), 1);
    } finally {
      await s.close();
    }
  });

  test(`[${name}] a refused request keeps nothing, so the same key can try again; keys expire after 24 hours`, async () => {
    const s = await setup(dialect, grouped);
    try {
      const refused = await s.post('/refused', {}, { 'idempotency-key': 'k-2' });
      assert.equal(refused.status, 409);
      assert.deepEqual([await s.events(), await s.keys()], [0, 0], 'the work and the claim rolled back together');
      assert.equal((await s.post('/refused', {}, { 'idempotency-key': 'k-2' })).status, 409);
      assert.equal(s.runs(), 2, 'tried again');

      const first = await s.post('/things', { sku: 'A' }, { 'idempotency-key': 'k-3' });
      s.clock.advance(23 * 3_600_000);
      assert.equal((await s.post('/things', { sku: 'A' }, { 'idempotency-key': 'k-3' })).body.eventId, first.body.eventId);
      s.clock.advance(2 * 3_600_000);
      const later = await s.post('/things', { sku: 'A' }, { 'idempotency-key': 'k-3' });
      assert.notEqual(later.body.eventId, first.body.eventId, 'an expired key is free again');
      await s.post('/things', { sku: 'A' }, { 'idempotency-key': 'k-4' });
      s.clock.advance(25 * 3_600_000);
      const swept = await idempotencySweepTask(s.deps).runOnce();
      assert.equal(swept, 2);
      assert.equal(await s.keys(), 0);
    } finally {
      await s.close();
    }
  });

  test(`[${name}] refused and accepted requests at once: each keeps exactly its own outcome`, async () => {
    const s = await setup(dialect, grouped);
    try {
      const answers = await Promise.all(
        Array.from({ length: 9 }, (_, i) => (i % 3 === 1 ? s.post('/refused', {}, { 'idempotency-key': `mixed-${i}` }) : s.post('/things', { i }, { 'idempotency-key': `mixed-${i}` }))),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [201, 409, 201, 201, 409, 201, 201, 409, 201],
      );
      assert.equal(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.eventId)).size, 6);
      assert.deepEqual([await s.events(), await s.keys()], [6, 6], 'the refused ones left neither their event nor their key');
    } finally {
      await s.close();
    }
  });
}
