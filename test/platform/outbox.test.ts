import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logging.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Deps } from '../../src/platform/context.js';
import { MAX_DELIVERY_ATTEMPTS, outboxTask, publishDomainEvent, type DomainEvent, type Subscriber } from '../../src/platform/outbox/outbox.js';
import { createBackgroundWork } from '../../src/platform/work/background-work.js';
import { setWatchedEvents, watchedAmong } from '../../src/platform/outbox/watches.js';
import { DIALECTS, createTestDatabase } from '../support/harness.js';

for (const dialect of DIALECTS) {
  const setup = async (subscribers: Subscriber[]) => {
    const testDb = await createTestDatabase(dialect);
    const clock = new ManualClock('2026-11-22T10:00:00Z');
    const deps: Deps = { database: testDb.database, clock, config: { ...loadConfig({}), workerPollMs: 0 }, log: createLogger('silent') };
    const work = createBackgroundWork({ pollMs: 0, log: deps.log });
    work.register(outboxTask(deps, subscribers));
    return { deps, clock, work, db: testDb.database.kysely, destroy: () => testDb.destroy() };
  };

  test(`[${dialect}] a committed event reaches each interested subscriber once; a rolled-back one never`, async () => {
    const seen: Record<string, string[]> = { a: [], b: [] };
    const { deps, work, db, destroy } = await setup([
      { name: 'a', types: ['test.happened'], handle: async (e) => void seen.a!.push(e.payload.n as string) },
      { name: 'b', types: ['test.other'], handle: async (e) => void seen.b!.push(e.payload.n as string) },
    ]);
    try {
      await db.transaction().execute((trx) => publishDomainEvent(trx, deps.clock, { type: 'test.happened', payload: { n: 'one' } }));
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await publishDomainEvent(trx, deps.clock, { type: 'test.happened', payload: { n: 'rolled back' } });
          throw new Error('abort');
        }),
      );
      await publishDomainEvent(db, deps.clock, { type: 'test.other', subjectId: 'x_1', payload: { n: 'two' } });
      await work.drain();
      await work.drain();
      assert.deepEqual(seen, { a: ['one'], b: ['two'] });
      const deliveries = await db.selectFrom('event_deliveries').select(['subscriber', 'status', 'attempts']).orderBy('subscriber').execute();
      assert.deepEqual(deliveries, [
        { subscriber: 'a', status: 'done', attempts: 1 },
        { subscriber: 'b', status: 'done', attempts: 1 },
      ]);
    } finally {
      await destroy();
    }
  });

  test(`[${dialect}] on a machine so slow that every query outlasts the delivery budget, each run still delivers, so drain leaves nothing due`, async () => {
    const testDb = await createTestDatabase(dialect);
    // Every statement's answer waits 25 ms (the budget is 20): what a loaded machine does to a claim.
    const slow: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        const until = performance.now() + 25;
        while (performance.now() < until);
        return args.result;
      },
    };
    const database = { ...testDb.database, kysely: testDb.database.kysely.withPlugin(slow) };
    const deps: Deps = { database, clock: new ManualClock('2026-11-22T10:00:00Z'), config: { ...loadConfig({}), workerPollMs: 0 }, log: createLogger('silent') };
    const seen: string[] = [];
    const work = createBackgroundWork({ pollMs: 0, log: deps.log });
    work.register(outboxTask(deps, [{ name: 'a', types: ['test.happened'], handle: async (e) => void seen.push(e.payload.n as string) }]));
    try {
      for (const n of ['one', 'two', 'three']) await publishDomainEvent(testDb.database.kysely, deps.clock, { type: 'test.happened', payload: { n } });
      await work.drain();
      assert.deepEqual(seen.sort(), ['one', 'three', 'two']);
    } finally {
      await testDb.destroy();
    }
  });

  test(`[${dialect}] a failing handler's writes roll back; it is retried with backoff, then parked as dead`, async () => {
    let calls = 0;
    const { deps, clock, work, db, destroy } = await setup([
      {
        name: 'flaky',
        types: ['test.happened'],
        async handle(_event: DomainEvent, ctx) {
          calls += 1;
          await publishDomainEvent(ctx.db, ctx.clock, { type: 'test.side_effect', payload: {} });
          throw new Error(`failure ${calls}`);
        },
      },
    ]);
    try {
      await publishDomainEvent(db, deps.clock, { type: 'test.happened', payload: {} });
      await work.drain();
      assert.equal(calls, 1);
      await work.drain();
      assert.equal(calls, 1, 'not retried before its backoff');
      for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 2; i++) {
        clock.advance(15 * 60_000);
        await work.drain();
      }
      assert.equal(calls, MAX_DELIVERY_ATTEMPTS);
      const delivery = await db.selectFrom('event_deliveries').selectAll().executeTakeFirstOrThrow();
      assert.equal(delivery.status, 'dead');
      assert.equal(delivery.last_error, `failure ${MAX_DELIVERY_ATTEMPTS}`);
      const sideEffects = await db.selectFrom('domain_events').select('id').where('type', '=', 'test.side_effect').execute();
      assert.equal(sideEffects.length, 0);
    } finally {
      await destroy();
    }
  });

  test(`[${dialect}] two dispatchers on one database deliver each event exactly once`, async () => {
    const seen: string[] = [];
    const subscriber: Subscriber = {
      name: 'counter',
      types: ['test.happened'],
      async handle(event, ctx) {
        seen.push(event.id);
        await publishDomainEvent(ctx.db, ctx.clock, { type: 'test.counted', subjectId: event.id, payload: {} });
      },
    };
    const first = await setup([subscriber]);
    const second = createBackgroundWork({ pollMs: 0, log: first.deps.log });
    second.register(outboxTask(first.deps, [subscriber]));
    try {
      for (let i = 0; i < 150; i++) await publishDomainEvent(first.db, first.clock, { type: 'test.happened', payload: { i } });
      await Promise.all([first.work.drain(), second.drain(), first.work.drain()]);
      assert.equal(seen.length, 150);
      assert.equal(new Set(seen).size, 150);
      const counted = await first.db.selectFrom('domain_events').select('subject_id').where('type', '=', 'test.counted').execute();
      assert.equal(counted.length, 150);
    } finally {
      await first.destroy();
    }
  });
}

for (const dialect of DIALECTS) {
  test(`[${dialect}] watched event names: a watch set (or dropped) is seen by the next ingestion batch, in or out of a transaction`, async () => {
    const testDb = await createTestDatabase(dialect);
    const db = testDb.database.kysely;
    try {
      // Asked once (and, on SQLite, kept): nobody watches yet.
      assert.deepEqual([...(await watchedAmong(db, ['Product Viewed', 'Order Completed']))], []);
      assert.deepEqual([...(await db.transaction().execute((trx) => watchedAmong(trx, ['Product Viewed'])))], []);
      await setWatchedEvents(db, 'engagement.journeys', ['Product Viewed']);
      assert.deepEqual([...(await watchedAmong(db, ['Product Viewed', 'Order Completed']))], ['Product Viewed']);
      assert.deepEqual([...(await db.transaction().execute((trx) => watchedAmong(trx, ['Product Viewed', 'Order Completed'])))], ['Product Viewed']);
      // Set inside a transaction, as the journey engine does when a journey goes live.
      await db.transaction().execute((trx) => setWatchedEvents(trx, 'engagement.journeys', ['Order Completed']));
      assert.deepEqual([...(await watchedAmong(db, ['Product Viewed', 'Order Completed']))], ['Order Completed']);
      await setWatchedEvents(db, 'engagement.journeys', []);
      assert.deepEqual([...(await watchedAmong(db, ['Order Completed']))], []);
    } finally {
      await testDb.destroy();
    }
  });
}
