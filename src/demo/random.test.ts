import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Random } from './random.js';
import { base32, ean13, loyaltyCard, mobilePhone, scramble32, uniqueUuid } from './demo-ids.js';

test('a stream is fixed by (seed, stream, index) and differs when any of them changes', () => {
  const sequence = (seed: number, stream: number, index: number) => {
    const random = new Random(seed, stream, index);
    return Array.from({ length: 8 }, () => random.uint32());
  };
  assert.deepEqual(sequence(1, 2, 3), sequence(1, 2, 3));
  assert.notDeepEqual(sequence(1, 2, 3), sequence(2, 2, 3));
  assert.notDeepEqual(sequence(1, 2, 3), sequence(1, 3, 3));
  assert.notDeepEqual(sequence(1, 2, 3), sequence(1, 2, 4));
});

test('draws stay in their ranges and weights of zero are never drawn', () => {
  fc.assert(
    fc.property(fc.integer(), fc.nat(1_000_000), fc.integer({ min: -50, max: 50 }), fc.nat(100), (seed, index, min, width) => {
      const random = new Random(seed, 1, index);
      const value = random.int(min, min + width);
      assert.ok(Number.isInteger(value) && value >= min && value <= min + width);
      const next = random.next();
      assert.ok(next >= 0 && next < 1);
      assert.notEqual(random.weightedIndex([0, 3, 0, 1]) % 2, 0);
    }),
  );
});

test('sample draws distinct items', () => {
  const random = new Random(7, 1, 0);
  const picked = random.sample(['a', 'b', 'c', 'd', 'e'], 3);
  assert.equal(new Set(picked).size, 3);
  assert.equal(random.sample(['a'], 3).length, 1);
});

test('base32 ids are fixed-width Crockford and order like the numbers they encode', () => {
  assert.equal(base32(0, 7), '0000000');
  assert.equal(base32(31, 2), '0z');
  assert.equal(base32(32, 2), '10');
  assert.ok(base32(1_000_000, 7) > base32(999_999, 7));
  assert.throws(() => base32(1024, 2));
});

test('scramble32 is a bijection: distinct inputs never collide', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) seen.add(scramble32(i, 0x5a17));
  assert.equal(seen.size, 200_000);
});

test('customer identifiers are unique and well formed', () => {
  const phones = new Set<string>();
  const cards = new Set<string>();
  const uuids = new Set<string>();
  for (let i = 0; i < 200_000; i++) {
    const phone = mobilePhone(i);
    assert.ok(/^\+33[67]\d{8}$/.test(phone), phone);
    // The block reserved for fiction belongs to the named demo customers only.
    assert.ok(!phone.startsWith('+3363998'), phone);
    phones.add(phone);
    cards.add(loyaltyCard(i));
    if (i % 10 === 0) uuids.add(uniqueUuid(i, 0x5a17, 'f'.repeat(24)));
  }
  assert.equal(phones.size, 200_000);
  assert.equal(cards.size, 200_000);
  assert.equal(uuids.size, 20_000);
  assert.match(uniqueUuid(12, 1, '0123456789abcdef01234567'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok([...cards].every((card) => /^SN\d{10}$/.test(card) && card >= 'SN1000000000'));
});

test('EAN-13 check digits', () => {
  assert.equal(ean13('400638133393'), '4006381333931');
  assert.equal(ean13('376000000001'), '3760000000017');
  assert.throws(() => ean13('12'));
});
