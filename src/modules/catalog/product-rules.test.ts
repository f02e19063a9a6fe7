import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PRICE_MINOR } from './catalog.schemas.js';
import { compareAtPriceProblem, firstDuplicate, parseDecimalPrice } from './product-rules.js';

test('decimal prices become exact minor units, including the values floats get wrong', () => {
  const cases: [string, number][] = [
    ['29.99', 2999],
    ['29,99', 2999],
    ['29', 2900],
    ['29.9', 2990],
    ['0.29', 29], // 0.29 * 100 === 28.999999999999996
    ['1.15', 115], // 1.15 * 100 === 114.99999999999999
    ['4.35', 435],
    ['0', 0],
    [' 7,05 ', 705],
    ['999999.99', 99_999_999],
  ];
  for (const [text, amount] of cases) assert.deepEqual(parseDecimalPrice(text), { amount }, text);
});

test('ambiguous or wrong prices are refused with a message', () => {
  for (const text of ['', 'abc', '-1', '+3', '29.999', '1,234.56', '1 299,00', '€29', '29€', '29.', '.5', '1e3', '1000000.00']) {
    const result = parseDecimalPrice(text);
    assert.ok('error' in result, `${text} → ${JSON.stringify(result)}`);
  }
});

test('every amount written as euros reads back to itself', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: MAX_PRICE_MINOR }), fc.constantFrom('.', ','), (amount, separator) => {
      const text = `${Math.floor(amount / 100)}${separator}${String(amount % 100).padStart(2, '0')}`;
      assert.deepEqual(parseDecimalPrice(text), { amount });
    }),
  );
});

test('a compare-at price must be higher than the price, in the same currency', () => {
  const price = { amount: 2000, currency: 'EUR' as const };
  assert.equal(compareAtPriceProblem(price, null), null);
  assert.equal(compareAtPriceProblem(price, { amount: 2500, currency: 'EUR' }), null);
  assert.match(compareAtPriceProblem(price, { amount: 2000, currency: 'EUR' }) ?? '', /higher/);
  assert.match(compareAtPriceProblem(price, { amount: 1000, currency: 'EUR' }) ?? '', /higher/);
});

test('the first duplicate names both places', () => {
  assert.equal(firstDuplicate(['a', 'b', 'c']), null);
  assert.deepEqual(firstDuplicate(['a', 'b', 'a', 'b']), { value: 'a', first: 0, again: 2 });
});
