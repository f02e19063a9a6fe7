/**
 * Model test: random sequences of receipts, holds, releases, sales (consumed holds and direct
 * online sales), returns, counts, adjustments, safety-stock changes, transfers, receipts of
 * transfers and hold expiry run against the real services and database, and against a model a few
 * lines long. After every step the database must equal the model, and:
 * - reserved ≥ 0 and in transit ≥ 0;
 * - on hand ≥ reserved: no unit is promised that is not there (no till sales in this model);
 * - available as reported = max(0, on hand − reserved − safety stock), hence never below 0, and a
 *   reservation or direct sale succeeds exactly when the model says that many are available;
 * - the ledger of every item sums to its on hand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock } from '../../src/platform/clock.js';
import { systemCtx, type Ctx } from '../../src/platform/context.js';
import { AppError } from '../../src/platform/errors.js';
import { consumeHold, createHold, releaseHold } from '../../src/modules/inventory/holds.service.js';
import { expireDueHolds } from '../../src/modules/inventory/hold-expiry.js';
import { getLevel, recordMovement, setLevel } from '../../src/modules/inventory/stock.service.js';
import { createTransfer, receiveTransfer } from '../../src/modules/inventory/transfers.service.js';
import { ledgerSum } from '../../src/modules/inventory/stock.repo.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { createLocation, createSkus, tag } from './inventory-fixtures.js';

const LOCATIONS = 3;
const SKUS = 2;
const RUNS = Number(process.env.MODEL_RUNS ?? 60);

type Command =
  | { kind: 'receipt' | 'return'; item: number; n: number }
  | { kind: 'hold'; item: number; n: number }
  | { kind: 'release' | 'consume'; pick: number }
  | { kind: 'count'; item: number; n: number }
  | { kind: 'adjust'; item: number; n: number }
  | { kind: 'sale'; item: number; n: number }
  | { kind: 'safety'; item: number; n: number }
  | { kind: 'transfer'; sku: number; from: number; to: number; n: number }
  | { kind: 'receive'; pick: number }
  | { kind: 'expire' };

const item = fc.integer({ min: 0, max: SKUS * LOCATIONS - 1 });
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
// Weighted so that stock arrives often enough for holds, sales and transfers to succeed as well as fail.
const command: fc.Arbitrary<Command> = fc.oneof(
  weighted(5, fc.record({ kind: fc.constantFrom('receipt' as const, 'return' as const), item, n: fc.integer({ min: 1, max: 5 }) })),
  weighted(5, fc.record({ kind: fc.constant('hold' as const), item, n: fc.integer({ min: 1, max: 4 }) })),
  weighted(4, fc.record({ kind: fc.constantFrom('release' as const, 'consume' as const), pick: fc.nat() })),
  weighted(2, fc.record({ kind: fc.constant('count' as const), item, n: fc.integer({ min: 0, max: 8 }) })),
  weighted(2, fc.record({ kind: fc.constant('adjust' as const), item, n: fc.integer({ min: -3, max: 3 }).filter((n) => n !== 0) })),
  weighted(2, fc.record({ kind: fc.constant('sale' as const), item, n: fc.integer({ min: 1, max: 3 }) })),
  weighted(3, fc.record({ kind: fc.constant('safety' as const), item, n: fc.integer({ min: 0, max: 3 }) })),
  weighted(
    3,
    fc
      .record({ kind: fc.constant('transfer' as const), sku: fc.integer({ min: 0, max: SKUS - 1 }), from: fc.integer({ min: 0, max: LOCATIONS - 1 }), shift: fc.integer({ min: 1, max: LOCATIONS - 1 }), n: fc.integer({ min: 1, max: 4 }) })
      .map(({ shift, ...c }) => ({ ...c, to: (c.from + shift) % LOCATIONS })),
  ),
  weighted(3, fc.record({ kind: fc.constant('receive' as const), pick: fc.nat() })),
  weighted(1, fc.constant({ kind: 'expire' as const })),
);

interface ModelItem {
  onHand: number;
  reserved: number;
  inTransit: number;
  safety: number;
}

for (const dialect of DIALECTS) {
  describe(`stock model (${dialect})`, () => {
    let server: TestServer;
    let clock: ManualClock;
    let ctx: Ctx;
    let locations: string[];

    before(async () => {
      clock = new ManualClock('2026-11-23T09:00:00Z');
      server = await startTestServer(dialect, { clock, config: { workerPollMs: 0 } });
      ctx = systemCtx(server.deps, { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null });
      locations = [];
      for (let i = 0; i < LOCATIONS; i++) locations.push((await createLocation(server.admin, i === LOCATIONS - 1 ? 'warehouse' : 'store')).id);
    });
    after(() => server?.close());

    test('random receipts, holds, releases, sales, returns, counts and transfers keep the database equal to the model and the ledger equal to on hand', async (t) => {
      // What happened, over all runs: a test whose calls all fail (or all succeed) would prove little.
      const tally = new Map<string, number>();
      const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 15, maxLength: 40, size: 'max' }), async (commands) => {
          const skus = Array.from({ length: SKUS }, () => `MDL-${tag()}`);
          await createSkus(server.admin, ...skus);
          const where = (i: number) => ({ sku: skus[Math.floor(i / LOCATIONS)]!, locationId: locations[i % LOCATIONS]! });
          const model: ModelItem[] = Array.from({ length: SKUS * LOCATIONS }, () => ({ onHand: 0, reserved: 0, inTransit: 0, safety: 0 }));
          const holds: { id: string; item: number; n: number; active: boolean }[] = [];
          const transfers: { id: string; sku: number; to: number; n: number; open: boolean }[] = [];
          const free = (m: ModelItem) => m.onHand - m.reserved - m.safety;

          /** Runs a call the model says must succeed (ok) or fail with this code. */
          const expect = async <T>(ok: boolean, code: string, call: () => Promise<T>): Promise<T | undefined> => {
            count(`${ok ? 'done' : 'refused'}:${code}`);
            if (ok) return call();
            await assert.rejects(call(), (error: unknown) => error instanceof AppError && error.code === code, `expected ${code}`);
            return undefined;
          };

          for (const c of commands) {
            switch (c.kind) {
              case 'receipt':
              case 'return':
                await recordMovement(ctx, { ...where(c.item), delta: c.n, reason: c.kind });
                model[c.item]!.onHand += c.n;
                break;
              case 'hold': {
                const m = model[c.item]!;
                const ok = free(m) >= c.n;
                const hold = await expect(ok, 'inventory.insufficient_stock', () => createHold(ctx, { ...where(c.item), quantity: c.n, ownerType: 'cart', ttl: 'PT1H' }));
                if (hold) {
                  m.reserved += c.n;
                  holds.push({ id: hold.id, item: c.item, n: c.n, active: true });
                }
                break;
              }
              case 'release':
              case 'consume': {
                if (holds.length === 0) break;
                const hold = holds[c.pick % holds.length]!;
                const m = model[hold.item]!;
                await expect(hold.active, 'inventory.hold_not_active', async () => { if (c.kind === 'release') await releaseHold(ctx, hold.id); else await consumeHold(ctx, hold.id); });
                if (hold.active) {
                  m.reserved -= hold.n;
                  if (c.kind === 'consume') m.onHand -= hold.n;
                  hold.active = false;
                }
                break;
              }
              case 'count': {
                const m = model[c.item]!;
                const ok = c.n >= m.reserved;
                await expect(ok, 'inventory.below_reserved', () => setLevel(ctx, where(c.item).sku, where(c.item).locationId, { onHand: c.n }));
                if (ok) m.onHand = c.n;
                break;
              }
              case 'adjust': {
                const m = model[c.item]!;
                const ok = m.onHand + c.n >= m.reserved;
                await expect(ok, 'inventory.below_reserved', () => recordMovement(ctx, { ...where(c.item), delta: c.n, reason: 'adjustment' }));
                if (ok) m.onHand += c.n;
                break;
              }
              case 'sale': {
                const m = model[c.item]!;
                const ok = free(m) >= c.n;
                await expect(ok, 'inventory.insufficient_stock', () => recordMovement(ctx, { ...where(c.item), delta: -c.n, reason: 'online_sale' }));
                if (ok) m.onHand -= c.n;
                break;
              }
              case 'safety': {
                const m = model[c.item]!;
                await setLevel(ctx, where(c.item).sku, where(c.item).locationId, { onHand: m.onHand, safetyStock: c.n });
                m.safety = c.n;
                break;
              }
              case 'transfer': {
                const from = model[c.sku * LOCATIONS + c.from]!;
                const to = model[c.sku * LOCATIONS + c.to]!;
                const ok = from.onHand - from.reserved >= c.n;
                const code = from.onHand >= c.n ? 'inventory.below_reserved' : 'inventory.insufficient_stock';
                const transfer = await expect(ok, code, () => createTransfer(ctx, { fromLocationId: locations[c.from]!, toLocationId: locations[c.to]!, lines: [{ sku: skus[c.sku]!, quantity: c.n }] }));
                if (transfer) {
                  from.onHand -= c.n;
                  to.inTransit += c.n;
                  transfers.push({ id: transfer.id, sku: c.sku, to: c.to, n: c.n, open: true });
                }
                break;
              }
              case 'receive': {
                if (transfers.length === 0) break;
                const transfer = transfers[c.pick % transfers.length]!;
                await expect(transfer.open, 'inventory.transfer_not_in_transit', () => receiveTransfer(ctx, transfer.id));
                if (transfer.open) {
                  const to = model[transfer.sku * LOCATIONS + transfer.to]!;
                  to.onHand += transfer.n;
                  to.inTransit -= transfer.n;
                  transfer.open = false;
                }
                break;
              }
              case 'expire': {
                clock.advance(2 * 60 * 60_000);
                while ((await expireDueHolds(server.deps.database.kysely, clock)) > 0);
                for (const hold of holds.filter((h) => h.active)) {
                  model[hold.item]!.reserved -= hold.n;
                  hold.active = false;
                }
                break;
              }
            }

            for (let i = 0; i < model.length; i++) {
              const m = model[i]!;
              const { sku, locationId } = where(i);
              const level = await getLevel(ctx, sku, locationId);
              const step = `after ${JSON.stringify(c)} at item ${i}`;
              assert.deepEqual([level.onHand, level.reserved, level.inTransit, level.safetyStock], [m.onHand, m.reserved, m.inTransit, m.safety], step);
              assert.ok(level.reserved >= 0 && level.inTransit >= 0, step);
              assert.ok(level.onHand >= level.reserved, `${step}: more reserved than on hand`);
              assert.equal(level.available, Math.max(0, level.onHand - level.reserved - level.safetyStock), step);
              assert.ok(level.available >= 0, step);
              assert.equal(await ledgerSum(server.deps.database.kysely, sku, locationId), level.onHand, `${step}: ledger ≠ on hand`);
            }
          }
        }),
        { numRuns: RUNS },
      );
      t.diagnostic(JSON.stringify(Object.fromEntries([...tally].sort())));
      for (const code of ['inventory.insufficient_stock', 'inventory.below_reserved', 'inventory.hold_not_active', 'inventory.transfer_not_in_transit']) {
        assert.ok((tally.get(`done:${code}`) ?? 0) > 0 && (tally.get(`refused:${code}`) ?? 0) > 0, `${code}: both outcomes exercised`);
      }
    });
  });
}
