import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, facetKey, foldText, stemWord } from './search-text.js';

test('folding removes accents, case and ligatures', () => {
  assert.equal(foldText('Écharpe ŒILLET Crème'), 'echarpe oeillet creme');
});

test('plurals reduce to the indexed form in French and English', () => {
  const cases: [string, string][] = [
    ['robes', 'robe'],
    ['chapeaux', 'chapeau'],
    ['dresses', 'dress'],
    ['dress', 'dress'],
    ['accessories', 'accessory'],
    ['jeans', 'jean'],
    ['bas', 'bas'],
    ['38', '38'],
  ];
  for (const [word, stem] of cases) assert.equal(stemWord(word), stem, word);
});

test('analysis keeps hyphenated words whole and in parts, and drops filler words', () => {
  assert.deepEqual(analyse('Le T-shirt en coton bio'), ['tshirt', 'shirt', 'coton', 'bio']);
  assert.deepEqual(analyse('Robes à fleurs'), ['robe', 'fleur']);
});

test('facet keys make spellings of one colour equal', () => {
  assert.equal(facetKey('Bleu Marine'), facetKey('bleu-marine'));
  assert.equal(facetKey('Écru'), 'ecru');
});
