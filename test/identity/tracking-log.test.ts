import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { createSource } from '../../src/modules/identity/sources.service.js';
import { systemCtx, type Deps } from '../../src/platform/context.js';
import { ADMIN_TOKEN, DIALECTS, createTestDatabase, type TestDatabase } from '../support/harness.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { url: string };
  res?: { statusCode: number };
}

/** The app with a logger at `level` whose JSON lines are kept for the test to read. */
async function appLogging(dialect: (typeof DIALECTS)[number], level: string) {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const testDb: TestDatabase = await createTestDatabase(dialect);
  const config = { ...loadConfig({}), adminToken: ADMIN_TOKEN, logLevel: level, trackingRateLimit: 1000 };
  const deps: Deps = { database: testDb.database, clock: systemClock, config, log: pino({ level }, sink) };
  const app: App = await buildApp(deps);
  const { writeKey } = await createSource(systemCtx(deps, { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null }), { name: 'Web', channel: 'web' });
  const track = (body: unknown, key = writeKey) =>
    app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(key), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  // Lines of one request, by its id (Fastify binds `reqId` to every line of a request).
  const linesOf = (requestId: string) => lines.filter((line) => line.reqId === requestId);
  return { app, db: testDb.database.kysely, track, linesOf, lines, close: async () => { await app.close(); await testDb.destroy(); } };
}

for (const dialect of DIALECTS) {
  describe(`Tracking calls' request log (${dialect})`, () => {
    describe('at LOG_LEVEL=info', () => {
      let env: Awaited<ReturnType<typeof appLogging>>;
      before(async () => {
        env = await appLogging(dialect, 'info');
      });
      after(() => env.close());

      test('a call answered 200 writes no line; other routes still log each request', async () => {
        const ok = await env.track({ userId: 'u-log', event: 'Product Viewed' });
        assert.equal(ok.statusCode, 200, ok.body);
        assert.deepEqual(env.linesOf(ok.headers['x-request-id'] as string), []);
        const health = await env.app.inject({ method: 'GET', url: '/health' });
        assert.deepEqual(env.linesOf(health.headers['x-request-id'] as string).map((line) => [line.level, line.msg]), [
          [30, 'incoming request'],
          [30, 'request completed'],
        ]);
      });

      test('a call answered 4xx is logged once, as a warning, with what was asked and answered', async () => {
        for (const [body, key, status] of [
          [{ event: 'No identifier' }, undefined, 400],
          [{ userId: 'u', event: 'X' }, 'pwk_unknown_key_1234', 401],
        ] as const) {
          const refused = await env.track(body, key);
          assert.equal(refused.statusCode, status, refused.body);
          const lines = env.linesOf(refused.headers['x-request-id'] as string);
          assert.deepEqual(lines.map((line) => [line.level, line.msg, line.req?.url, line.res?.statusCode]), [[40, 'request completed', '/v1/track', status]]);
        }
      });
    });

    test('at LOG_LEVEL=info, a call answered 5xx is logged as an error', async () => {
      const env = await appLogging(dialect, 'info');
      try {
        // The events table gone: storing fails inside the transaction.
        await sql`alter table events rename to events_gone`.execute(env.db);
        const failed = await env.track({ userId: 'u-fail', event: 'Product Viewed' });
        assert.equal(failed.statusCode, 500, failed.body);
        const lines = env.linesOf(failed.headers['x-request-id'] as string);
        assert.deepEqual(lines.filter((line) => line.msg === 'request completed').map((line) => [line.level, line.req?.url, line.res?.statusCode]), [[50, '/v1/track', 500]]);
        assert.ok(lines.every((line) => line.level >= 40), 'no info line');
      } finally {
        await env.close();
      }
    });

    test('at LOG_LEVEL=debug every tracking call is logged, as on other routes', async () => {
      const env = await appLogging(dialect, 'debug');
      try {
        const ok = await env.track({ userId: 'u-debug', event: 'Product Viewed' });
        assert.equal(ok.statusCode, 200, ok.body);
        assert.deepEqual(env.linesOf(ok.headers['x-request-id'] as string).filter((line) => line.level >= 30).map((line) => line.msg), ['incoming request', 'request completed']);
      } finally {
        await env.close();
      }
    });
  });
}
