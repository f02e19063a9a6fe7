import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, prefixUpperBound, productSearchTerms, variantFacetKey } from './product-index.js';

test('a query: whole analysed words, the last one still being typed as a prefix', () => {
  const cases: [string, ReturnType<typeof parseQuery>][] = [
    ['echarpe', [{ kind: 'prefix', prefix: 'echarpe' }]],
    ['ROBE PLISSÉE', [{ kind: 'exact', term: 'robe' }, { kind: 'prefix', prefix: 'plissee' }]],
    ['robes ', [{ kind: 'exact', term: 'robe' }]],
    ['Robes à fleurs', [{ kind: 'exact', term: 'robe' }, { kind: 'prefix', prefix: 'fleur' }]],
    // A filler word or a single letter being typed may be the start of a word.
    ['robe le', [{ kind: 'exact', term: 'robe' }, { kind: 'prefix', prefix: 'le' }]],
    ['r', [{ kind: 'prefix', prefix: 'r' }]],
    ['le ', []],
    ['t-sh', [{ kind: 'prefix', prefix: 'tsh' }]],
    ['t-shirt blanc', [{ kind: 'exact', term: 'tshirt' }, { kind: 'exact', term: 'shirt' }, { kind: 'prefix', prefix: 'blanc' }]],
    // A prefix an exact word of the same query already satisfies is dropped.
    ['robe ro', [{ kind: 'exact', term: 'robe' }]],
    ['  ¡!  ', []],
  ];
  for (const [q, expected] of cases) assert.deepEqual(parseQuery(q), expected, q);
});

test('prefix ranges cover exactly the strings that start with the prefix', () => {
  const upper = prefixUpperBound('robe');
  assert.equal(upper, 'robf');
  for (const inside of ['robe', 'robes', 'robezzzz', 'robe9']) assert.ok(inside >= 'robe' && inside < upper, inside);
  for (const outside of ['rob', 'robf', 'roba', 'rose']) assert.ok(!(outside >= 'robe' && outside < upper), outside);
  assert.equal(prefixUpperBound('z'), '{');
  assert.equal(prefixUpperBound('a9'), 'a:');
});

test('a product is found by its names, brand, categories, colours and material, not by its description', () => {
  const terms = productSearchTerms({
    name: 'Écharpe en laine',
    nameEn: 'Wool scarf',
    brand: 'Atelier StyleNow',
    attributes: { material: 'Laine mérinos', fit: 'regular', organic: true },
    categoryNames: ['Accessoires', 'Accessories', 'Femme', 'Women'],
    variants: [
      { color: 'Bleu marine', attributes: {} },
      { color: 'Écru', attributes: { material: 'Cachemire' } },
    ],
  });
  for (const expected of ['echarpe', 'laine', 'wool', 'scarf', 'atelier', 'stylenow', 'accessoire', 'accessory', 'femme', 'women', 'bleu', 'marine', 'ecru', 'merino', 'cachemire']) {
    assert.ok(terms.includes(expected), `${expected} in ${terms.join(' ')}`);
  }
  for (const absent of ['regular', 'true', 'en']) assert.ok(!terms.includes(absent), absent);
  assert.equal(new Set(terms).size, terms.length);
});

test('facet keys: spellings of one size or colour meet, nothing becomes null', () => {
  assert.equal(variantFacetKey('Bleu-Marine'), variantFacetKey(' bleu marine '));
  assert.equal(variantFacetKey('XL'), 'xl');
  assert.equal(variantFacetKey(null), null);
  assert.equal(variantFacetKey('---'), null);
});
