import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHANNELS } from '../identity/channels.js';
import {
  priceBasket,
  refundForReturn,
  spread,
  type BasketLine,
  type BasketToPrice,
  type FulfilmentMethod,
  type PricedBasket,
  type Promotion,
  type RefundableLine,
} from './pricing.js';

const line = (sku: string, unitPrice: number, quantity = 1, categoryIds: string[] = []): BasketLine => ({ sku, productId: `p-${sku}`, categoryIds, unitPrice, quantity });
const promo = (id: string, overrides: Partial<Promotion> = {}): Promotion => ({
  id,
  name: id,
  kind: 'percent_off',
  value: 10,
  target: {},
  conditions: {},
  requiresCode: false,
  stackable: true,
  priority: 0,
  ...overrides,
});
const basket = (overrides: Partial<BasketToPrice> = {}): BasketToPrice => ({
  lines: [line('DRESS-38', 5000)],
  currency: 'EUR',
  channel: 'web',
  at: '2026-06-15T10:00:00Z',
  delivery: { method: 'home_delivery', fee: 490 },
  promotions: [],
  codes: [],
  ...overrides,
});

test('without promotions a basket costs its lines and the delivery fee', () => {
  const priced = priceBasket(basket({ lines: [line('TEE-M', 1999, 2), line('SKIRT-38', 4500)] }));
  assert.deepEqual(priced.lines[0], { sku: 'TEE-M', quantity: 2, unitPrice: 1999, subtotal: 3998, discount: 0, total: 3998, promotionIds: [] });
  assert.equal(priced.subtotal, 8498);
  assert.equal(priced.discount, 0);
  assert.equal(priced.deliveryFee, 490);
  assert.equal(priced.total, 8988);
  assert.deepEqual(priced.applied, []);
});

test('a percentage rounds per line, half up', () => {
  // 199.5 → 200 and 198.5 → 199: 399 in all, where 10% of the basket (3980) would be 398.
  const priced = priceBasket(basket({ lines: [line('A', 1995), line('B', 1985)], promotions: [promo('TEN')] }));
  assert.deepEqual(priced.lines.map((l) => l.discount), [200, 199]);
  assert.equal(priced.discount, 399);
  assert.deepEqual(priced.applied, [{ promotionId: 'TEN', name: 'TEN', amount: 399 }]);
});

test('a fixed amount is spread by largest remainder: exact, and never above a line', () => {
  const even = priceBasket(basket({ lines: [line('C', 1000), line('A', 1000), line('B', 1000)], promotions: [promo('TENNER', { kind: 'amount_off', value: 1000 })] }));
  assert.deepEqual(even.lines.map((l) => l.discount), [333, 334, 333], 'the spare cent goes by sku on a tie, whatever the line order');
  // 500 over 1000/2000/3000 is 83.33/166.67/250: the spare cent goes to the largest remainder.
  const weighted = priceBasket(basket({ lines: [line('A', 1000), line('B', 2000), line('C', 3000)], promotions: [promo('FIVER', { kind: 'amount_off', value: 500 })] }));
  assert.deepEqual(weighted.lines.map((l) => l.discount), [83, 167, 250]);
  const tooBig = priceBasket(basket({ lines: [line('A', 100), line('B', 300)], promotions: [promo('FIFTY', { kind: 'amount_off', value: 5000 })] }));
  assert.deepEqual(tooBig.lines.map((l) => l.total), [0, 0]);
  assert.deepEqual(tooBig.applied, [{ promotionId: 'FIFTY', name: 'FIFTY', amount: 400 }]);
  assert.equal(tooBig.total, 490, 'the goods are free, the delivery is not');
  assert.deepEqual(spread(7, [0, 5, 0, 2], ['a', 'b', 'c', 'd']), [0, 5, 0, 2]);
});

test('stackable promotions apply in turn: percentages first, each to what is left', () => {
  const priced = priceBasket(
    basket({
      lines: [line('COAT', 10000)],
      promotions: [
        promo('FIVER', { kind: 'amount_off', value: 500, priority: 9 }),
        promo('TEN', { value: 10 }),
        promo('TWENTY', { value: 20, priority: 1 }),
      ],
    }),
  );
  // 20% of 10000, then 10% of 8000, then 500 off: 2000 + 800 + 500.
  assert.deepEqual(priced.applied.map((a) => [a.promotionId, a.amount]), [['TWENTY', 2000], ['TEN', 800], ['FIVER', 500]]);
  assert.equal(priced.lines[0]!.total, 6700);
  assert.deepEqual(priced.lines[0]!.promotionIds, ['TWENTY', 'TEN', 'FIVER']);
});

test('a non-stackable promotion wins a line alone when it beats the stackable ones together', () => {
  const priced = priceBasket(
    basket({
      lines: [line('DRESS-38', 10000, 1, ['dresses']), line('SHOES-39', 5000, 1, ['shoes'])],
      promotions: [
        promo('SALE30', { value: 30, target: { categoryIds: ['dresses'] }, stackable: false }),
        promo('WELCOME10', { value: 10, requiresCode: true }),
        promo('FIVER', { kind: 'amount_off', value: 500 }),
      ],
      codes: [{ code: 'WELCOME', promotionId: 'WELCOME10' }],
    }),
  );
  // Stackable together: dress 1000 + 333, shoes 500 + 167. The dress takes 30% (3000) instead;
  // FIVER's share on the dress is lost, not moved to the shoes.
  assert.deepEqual(priced.lines.map((l) => [l.discount, l.promotionIds]), [[3000, ['SALE30']], [667, ['WELCOME10', 'FIVER']]]);
  assert.deepEqual(priced.applied, [
    { promotionId: 'SALE30', name: 'SALE30', amount: 3000 },
    { promotionId: 'WELCOME10', name: 'WELCOME10', code: 'WELCOME', amount: 500 },
    { promotionId: 'FIVER', name: 'FIVER', amount: 167 },
  ]);
  assert.equal(priced.total, 15000 - 3667 + 490);
});

test('codes: each refusal has its reason, and a code promotion needs its code', () => {
  const at = '2026-06-15T10:00:00Z';
  const cases: [string, Partial<Promotion>, string | null][] = [
    ['valid', {}, null],
    ['starts now (inclusive)', { conditions: { startsAt: at } }, null],
    ['not yet', { conditions: { startsAt: '2026-07-01T00:00:00Z' } }, 'not_started'],
    ['ends now (exclusive)', { conditions: { endsAt: at } }, 'expired'],
    ['app and store only', { conditions: { channels: ['app', 'store'] } }, 'channel'],
    ['click and collect only', { conditions: { fulfilment: ['click_and_collect'] } }, 'fulfilment'],
    ['from 60 euros', { conditions: { minSubtotal: 6000 } }, 'min_subtotal'],
    ['exactly 50 euros', { conditions: { minSubtotal: 5000 } }, null],
    ['another product', { target: { skus: ['BAG'] } }, 'not_applicable'],
    ['a category that is here', { target: { categoryIds: ['dresses'] } }, null],
  ];
  for (const [what, overrides, reason] of cases) {
    const p = promo('CODE', { requiresCode: true, ...overrides });
    const priced = priceBasket(basket({ lines: [line('DRESS-38', 5000, 1, ['dresses'])], at, promotions: [p], codes: [{ code: 'SUMMER', promotionId: 'CODE' }] }));
    assert.deepEqual(priced.refusedCodes, reason ? [{ code: 'SUMMER', reason }] : [], what);
    assert.equal(priced.discount, reason ? 0 : 500, what);
    assert.equal(priceBasket(basket({ promotions: [p] })).discount, 0, `${what}: no code, no discount`);
  }
  const other = priceBasket(
    basket({
      promotions: [promo('CODE', { requiresCode: true }), promo('SALE20', { value: 20, stackable: false }), promo('MINE', { value: 5, requiresCode: true, stackable: false })],
      codes: [
        { code: 'NOPE', promotionId: null },
        { code: 'GHOST', promotionId: 'deleted' },
        { code: 'SUMMER', promotionId: 'CODE' },
        { code: 'SUMMER2', promotionId: 'CODE' },
        { code: 'MINE', promotionId: 'MINE' },
      ],
    }),
  );
  assert.deepEqual(other.refusedCodes, [
    { code: 'NOPE', reason: 'unknown' },
    { code: 'GHOST', reason: 'unknown' },
    { code: 'SUMMER2', reason: 'duplicate' },
    { code: 'SUMMER', reason: 'superseded' },
    { code: 'MINE', reason: 'superseded' },
  ]);
  assert.deepEqual(other.applied, [{ promotionId: 'SALE20', name: 'SALE20', amount: 1000 }]);
});

test('J3: a welcome code with 10% off and free delivery on the web', () => {
  const welcome = [
    promo('WELCOME-10', { requiresCode: true, conditions: { channels: ['web', 'app'] } }),
    promo('WELCOME-SHIP', { kind: 'free_delivery', value: 0, requiresCode: true, conditions: { fulfilment: ['home_delivery'] } }),
  ];
  const codes = [
    { code: 'BIENVENUE', promotionId: 'WELCOME-10' },
    { code: 'BIENVENUE', promotionId: 'WELCOME-SHIP' },
  ];
  const priced = priceBasket(basket({ lines: [line('SERUM', 2490), line('CREAM', 1890, 2)], promotions: welcome, codes }));
  assert.equal(priced.deliveryFee, 0);
  assert.deepEqual(priced.applied, [
    { promotionId: 'WELCOME-10', name: 'WELCOME-10', code: 'BIENVENUE', amount: 249 + 378 },
    { promotionId: 'WELCOME-SHIP', name: 'WELCOME-SHIP', code: 'BIENVENUE', amount: 490 },
  ]);
  assert.equal(priced.total, 6270 - 627);
  const collected = priceBasket(basket({ delivery: { method: 'click_and_collect', fee: 0 }, promotions: welcome, codes }));
  assert.deepEqual(collected.refusedCodes, [{ code: 'BIENVENUE', reason: 'fulfilment' }]);
  const twoWaivers = priceBasket(basket({ promotions: [...welcome, promo('SHIP-AUTO', { kind: 'free_delivery', value: 0, priority: 1 })], codes }));
  assert.deepEqual(twoWaivers.applied.at(-1), { promotionId: 'SHIP-AUTO', name: 'SHIP-AUTO', amount: 490 });
  assert.deepEqual(twoWaivers.refusedCodes, [{ code: 'BIENVENUE', reason: 'superseded' }]);
});

test('J2: a personal 30% on the scanned dress, for a limited time, shipped to a store', () => {
  const offer = promo('J2-OFFER-42', { value: 30, target: { skus: ['DRESS-38'] }, requiresCode: true, conditions: { endsAt: '2026-06-17T10:00:00Z' } });
  const order = (at: string) =>
    priceBasket(basket({ channel: 'app', at, delivery: { method: 'ship_to_store', fee: 0 }, lines: [line('DRESS-38', 8990), line('BELT', 1990)], promotions: [offer], codes: [{ code: 'J2-7QX', promotionId: 'J2-OFFER-42' }] }));
  const inTime = order('2026-06-16T18:00:00Z');
  assert.deepEqual(inTime.lines.map((l) => l.discount), [2697, 0]);
  assert.equal(inTime.total, 8990 - 2697 + 1990);
  assert.deepEqual(order('2026-06-17T10:00:00Z').refusedCodes, [{ code: 'J2-7QX', reason: 'expired' }]);
});

test('bad input is a caller bug and throws', () => {
  assert.throws(() => priceBasket(basket({ lines: [line('A', 10.5)] })), RangeError);
  assert.throws(() => priceBasket(basket({ lines: [line('A', 100, 0)] })), RangeError);
  assert.throws(() => priceBasket(basket({ at: 'tomorrow' })), RangeError);
  assert.throws(() => priceBasket(basket({ promotions: [promo('X', { value: 120 })] })), RangeError);
  assert.throws(() => priceBasket(basket({ promotions: [promo('X'), promo('X')] })), RangeError);
});

test('refunds: unit by unit, the spare cents first, the delivery when the last unit comes back', () => {
  const order: RefundableLine[] = [
    { sku: 'TEE', quantity: 3, total: 1000 },
    { sku: 'SKIRT', quantity: 1, total: 4050 },
  ];
  const first = refundForReturn(order, [{ sku: 'TEE', quantity: 1 }]);
  assert.deepEqual(first, { ok: true, lines: [{ sku: 'TEE', quantity: 1, unitAmounts: [334], amount: 334 }], amount: 334, refundDelivery: false, returnedAfter: [1, 0] });
  const rest = refundForReturn([{ ...order[0]!, returnedQuantity: 1 }, order[1]!], [{ sku: 'TEE', quantity: 2 }, { sku: 'SKIRT', quantity: 1 }]);
  assert.ok(rest.ok);
  assert.deepEqual(rest.lines.map((l) => l.unitAmounts), [[333, 333], [4050]]);
  assert.equal(rest.refundDelivery, true);
  assert.deepEqual(refundForReturn(order, [{ sku: 'HAT', quantity: 1 }]), { ok: false, reason: 'unknown_sku', sku: 'HAT' });
  assert.deepEqual(refundForReturn(order, [{ sku: 'TEE', quantity: 2 }, { sku: 'TEE', quantity: 2 }]), { ok: false, reason: 'more_than_bought', sku: 'TEE' });
  assert.deepEqual(refundForReturn(order, [{ sku: 'TEE', quantity: 0 }]), { ok: false, reason: 'invalid_quantity', sku: 'TEE' });
});

// ---------------------------------------------------------------------------------------------
// Properties

const INSTANTS = ['2026-06-01T00:00:00Z', '2026-06-15T10:00:00Z', '2026-06-30T00:00:00Z'];
const METHODS: FulfilmentMethod[] = ['home_delivery', 'click_and_collect', 'ship_to_store', 'reserve_and_try'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const lineArb: fc.Arbitrary<BasketLine> = fc.record({
  sku: fc.constantFrom('S1', 'S2', 'S3', 'S4'),
  productId: fc.constantFrom('P1', 'P2', 'P3'),
  categoryIds: fc.subarray(['C1', 'C2', 'C3']),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.constantFrom(0, 1, 999)),
  quantity: fc.integer({ min: 1, max: 5 }),
});

const promotionBodyArb = fc.record({
  valued: fc.oneof(
    fc.record({ kind: fc.constant('percent_off' as const), value: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ kind: fc.constant('amount_off' as const), value: fc.integer({ min: 1, max: 30_000 }) }),
    fc.record({ kind: fc.constant('free_delivery' as const), value: fc.constant(0) }),
  ),
  target: fc.record(
    { productIds: fc.subarray(['P1', 'P2', 'P3']), categoryIds: fc.subarray(['C1', 'C2', 'C3']), skus: fc.subarray(['S1', 'S2', 'S3', 'S4']) },
    { requiredKeys: [] },
  ),
  // Mostly unconditional, so that most baskets have promotions to combine.
  conditions: fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    fc.record(
      {
        minSubtotal: fc.integer({ min: 0, max: 100_000 }),
        channels: fc.subarray([...CHANNELS]),
        startsAt: fc.constantFrom(...INSTANTS),
        endsAt: fc.constantFrom(...INSTANTS),
        fulfilment: fc.subarray(METHODS),
      },
      { requiredKeys: [] },
    ),
  ),
  requiresCode: fc.boolean(),
  stackable: fc.boolean(),
  priority: fc.integer({ min: 0, max: 2 }),
});

const basketArb: fc.Arbitrary<BasketToPrice> = fc
  .record({
    lines: fc.oneof({ weight: 1, arbitrary: fc.constant<BasketLine[]>([]) }, { weight: 9, arbitrary: fc.array(lineArb, { minLength: 1, maxLength: 6 }) }),
    channel: fc.constantFrom(...CHANNELS),
    at: fc.constantFrom(...INSTANTS, '2026-06-20T12:00:00Z'),
    delivery: fc.record({ method: fc.constantFrom(...METHODS), fee: fc.integer({ min: 0, max: 1000 }) }),
    bodies: fc.array(promotionBodyArb, { minLength: 1, maxLength: 6 }),
    codes: fc.array(fc.record({ code: fc.constantFrom('X', 'Y', 'Z'), promotionId: optional(fc.integer({ min: 0, max: 5 })) }), { maxLength: 6 }),
  })
  .map(({ bodies, codes, ...rest }) => ({
    ...rest,
    currency: 'EUR',
    promotions: bodies.map(({ valued, ...body }, i): Promotion => ({ id: `P${i}`, name: `promotion ${i}`, ...valued, ...body })),
    codes: codes.map((c) => ({ code: c.code, promotionId: c.promotionId === undefined ? null : `P${c.promotionId}` })),
  }));

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const isAmount = (n: number) => Number.isSafeInteger(n) && n >= 0;

test('property: the lines add up, totals hold, every amount is a whole number ≥ 0', () => {
  fc.assert(
    fc.property(basketArb, (b) => {
      const p = priceBasket(b);
      assert.equal(sum(p.lines.map((l) => l.discount)), p.discount);
      assert.equal(sum(p.lines.map((l) => l.subtotal)), p.subtotal);
      assert.equal(p.total, p.subtotal - p.discount + p.deliveryFee);
      assert.ok(p.deliveryFee === 0 || p.deliveryFee === b.delivery.fee);
      const waived = b.delivery.fee - p.deliveryFee;
      assert.equal(sum(p.applied.map((a) => a.amount)), p.discount + waived, 'applied amounts are the discounts and the waived fee');
      for (const l of p.lines) {
        assert.equal(l.total, l.subtotal - l.discount);
        for (const n of [l.subtotal, l.discount, l.total, l.unitPrice, l.quantity]) assert.ok(isAmount(n), `${n}`);
      }
      for (const n of [p.subtotal, p.discount, p.deliveryFee, p.total, ...p.applied.map((a) => a.amount)]) assert.ok(isAmount(n), `${n}`);
      assert.ok(p.applied.every((a) => a.amount > 0));
    }),
    { numRuns: 500 },
  );
});

const comparable = (p: PricedBasket) => ({
  subtotal: p.subtotal,
  discount: p.discount,
  deliveryFee: p.deliveryFee,
  total: p.total,
  lines: p.lines.map((l) => JSON.stringify(l)).sort(),
  applied: p.applied.map((a) => JSON.stringify(a)).sort(),
  refusedCodes: p.refusedCodes.map((r) => JSON.stringify(r)).sort(),
});

test('property: the order of lines and promotions changes nothing', () => {
  const permuted = basketArb.chain((b) =>
    fc.tuple(fc.constant(b), fc.shuffledSubarray(b.lines, { minLength: b.lines.length }), fc.shuffledSubarray(b.promotions, { minLength: b.promotions.length })),
  );
  fc.assert(
    fc.property(permuted, ([b, lines, promotions]) => {
      assert.deepEqual(comparable(priceBasket({ ...b, lines, promotions })), comparable(priceBasket(b)));
    }),
    { numRuns: 500 },
  );
});

test('property: one fixed amount is taken exactly, up to what its lines cost', () => {
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 100_000 }), fc.subarray(['S1', 'S2', 'S3', 'S4']), (lines, value, skus) => {
      const p = priceBasket(basket({ lines, promotions: [promo('OFF', { kind: 'amount_off', value, target: { skus } })] }));
      const eligible = sum(lines.filter((l) => skus.length === 0 || skus.includes(l.sku)).map((l) => l.unitPrice * l.quantity));
      assert.equal(p.discount, Math.min(value, eligible));
      assert.ok(p.lines.every((l) => l.discount <= l.subtotal));
    }),
  );
});

test('property: returns in any steps refund at most what was paid, and exactly that once all is back', () => {
  const scenario = basketArb
    .filter((b) => b.lines.length > 0)
    .chain((b) => fc.tuple(fc.constant(b), fc.array(fc.record({ line: fc.nat(), quantity: fc.integer({ min: 1, max: 4 }) }), { maxLength: 10 })));
  fc.assert(
    fc.property(scenario, ([b, steps]) => {
      const priced = priceBasket(b);
      const paid = sum(priced.lines.map((l) => l.total));
      let order: RefundableLine[] = priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, total: l.total, returnedQuantity: 0 }));
      let refunded = 0;
      const take = (items: { sku: string; quantity: number }[]) => {
        const decision = refundForReturn(order, items);
        if (!decision.ok) return decision;
        refunded += decision.amount;
        assert.equal(decision.amount, sum(decision.lines.flatMap((l) => l.unitAmounts)));
        order = order.map((l, i) => ({ ...l, returnedQuantity: decision.returnedAfter[i]! }));
        assert.ok(refunded <= paid, `${refunded} refunded of ${paid} paid`);
        return decision;
      };
      for (const step of steps) {
        const sku = order[step.line % order.length]!.sku;
        const left = sum(order.filter((l) => l.sku === sku).map((l) => l.quantity - l.returnedQuantity!));
        const decision = take([{ sku, quantity: step.quantity }]);
        assert.equal(decision.ok, step.quantity <= left, 'refused exactly when more than what is left');
        if (decision.ok) assert.equal(decision.refundDelivery, order.every((l) => l.returnedQuantity === l.quantity));
      }
      const rest = order.filter((l) => l.returnedQuantity! < l.quantity).map((l) => ({ sku: l.sku, quantity: l.quantity - l.returnedQuantity! }));
      if (rest.length > 0) {
        const last = take(rest);
        assert.ok(last.ok && last.refundDelivery);
      }
      assert.equal(refunded, paid);
    }),
    { numRuns: 300 },
  );
});
