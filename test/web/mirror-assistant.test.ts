import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestAnswers, coloursAsked, rankCandidates, readQuestion, variantsAsked, type NamedCategory, type Question } from '../../web/src/mirror/assistant.js';
import type { ProductLike } from '../../web/src/mirror/complements.js';

const categories: NamedCategory[] = [
  { id: 'femme', name: 'Femme', nameEn: 'Women', parentId: null },
  { id: 'homme', name: 'Homme', nameEn: 'Men', parentId: null },
  { id: 'accessoires', name: 'Accessoires', nameEn: 'Accessories', parentId: null },
  { id: 'femme-jupes', name: 'Jupes', nameEn: 'Skirts', parentId: 'femme' },
  { id: 'femme-hauts', name: 'Hauts et t-shirts', nameEn: 'Tops and T-shirts', parentId: 'femme' },
  { id: 'femme-vestes', name: 'Vestes et manteaux', nameEn: 'Jackets and coats', parentId: 'femme' },
  { id: 'homme-vestes', name: 'Vestes et manteaux', nameEn: 'Jackets and coats', parentId: 'homme' },
  { id: 'accessoires-echarpes', name: 'Écharpes et foulards', nameEn: 'Scarves', parentId: 'accessoires' },
];

test('a question names a kind of item, a size, and whether it must go with the product in hand', () => {
  const read = (text: string) => {
    const { categoryIds, size, goesWith }: Question = readQuestion(text, categories);
    return { categoryIds, size, goesWith };
  };
  assert.deepEqual(read('Où trouver une jupe en 38 qui va avec ce haut ?'), { categoryIds: ['femme-jupes'], size: '38', goesWith: true });
  assert.deepEqual(read('Where is a skirt in size 40 that goes with this top?'), { categoryIds: ['femme-jupes'], size: '40', goesWith: true });
  assert.deepEqual(read('Avez-vous des JUPES taille M ?'), { categoryIds: ['femme-jupes'], size: 'M', goesWith: false });
  // "ce haut" is the top in hand, not a top asked for; "veste" names two departments' jackets.
  assert.deepEqual(read('une veste assortie à ce haut'), { categoryIds: ['femme-vestes', 'homme-vestes'], size: null, goesWith: true });
  assert.deepEqual(read('un foulard').categoryIds, ['accessoires-echarpes']);
  assert.deepEqual(read('bonjour'), { categoryIds: [], size: null, goesWith: false });
});

test('a colour named narrows the variants asked for, in its feminine and plural forms too', () => {
  const skirts = [
    { variants: [{ sku: 'A-38-N', size: '38', color: 'Noir' }, { sku: 'A-38-G', size: '38', color: 'Gris chiné' }, { sku: 'A-40-N', size: '40', color: 'Noir' }] },
    { variants: [{ sku: 'B-38-B', size: '38', color: 'Blanc' }, { sku: 'B-38-GR', size: '38', color: 'Gris' }] },
  ];
  const ask = (text: string) => {
    const question = readQuestion(text, categories);
    const colours = coloursAsked(question, skirts);
    return { colours: [...colours].sort(), skus: skirts.flatMap((s) => variantsAsked(question, s.variants, colours).map((v) => v.sku)) };
  };
  assert.deepEqual(ask('une jupe noire en 38'), { colours: ['Noir'], skus: ['A-38-N'] });
  assert.deepEqual(ask('des jupes blanches taille 38'), { colours: ['Blanc'], skus: ['B-38-B'] });
  assert.deepEqual(ask('une jupe grise en 38'), { colours: ['Gris', 'Gris chiné'], skus: ['A-38-G', 'B-38-GR'] });
  // No colour named, or one no skirt comes in: any colour.
  assert.deepEqual(ask('une jupe en 38'), { colours: [], skus: ['A-38-N', 'A-38-G', 'B-38-B', 'B-38-GR'] });
  assert.deepEqual(ask('une jupe violette en 38').skus.length, 4);
  // The colour of the product in hand is not the one asked for.
  assert.deepEqual(ask('une jupe en 38 qui va avec ce noir').colours, []);
});

const product = (id: string, category: string, attributes: Record<string, unknown>, sizes: string[] = ['36', '38', '40']): ProductLike & { variants: { sku: string; size: string; color: string | null }[] } => ({
  id,
  category: { id: category },
  attributes,
  variants: sizes.map((size) => ({ sku: `${id}-${size}`, size, color: 'Noir' })),
});

test('with the product in hand: only what goes with it, the best look first, then the most in stock here', () => {
  const top = product('top', 'femme-hauts', { style: 'chic', season: 'all-season', material: 'coton' });
  const question = readQuestion('Où trouver une jupe en 38 qui va avec ce haut ?', categories);
  const candidates = [
    product('jupe-casual', 'femme-jupes', { style: 'casual', season: 'all-season', material: 'lin' }),
    product('jupe-chic', 'femme-jupes', { style: 'chic', season: 'all-season', material: 'satin' }),
    product('jupe-chic-2', 'femme-jupes', { style: 'chic', season: 'all-season', material: 'laine' }),
    product('jupe-sans-38', 'femme-jupes', { style: 'chic', season: 'all-season', material: 'lin' }, ['36', '40']),
    product('veste', 'femme-vestes', { style: 'chic', season: 'all-season', material: 'laine' }),
  ];
  const ranked = rankCandidates(question, top, categories, candidates);
  assert.deepEqual(ranked.map((r) => r.product.id), ['jupe-chic', 'jupe-chic-2', 'jupe-sans-38', 'jupe-casual']);
  assert.deepEqual(variantsAsked(question, candidates[1]!.variants).map((v) => v.sku), ['jupe-chic-38']);
  assert.deepEqual(variantsAsked(question, candidates[3]!.variants), []);
  // Stock here of the size asked: the first chic skirt has none left, so the second answers.
  const stocked = [
    { product: candidates[1]!, sku: 'jupe-chic-38', size: '38', available: 0, aisle: 'B' },
    { product: candidates[2]!, sku: 'jupe-chic-2-38', size: '38', available: 2, aisle: 'B' },
    { product: candidates[0]!, sku: 'jupe-casual-38', size: '38', available: 9, aisle: 'C' },
  ];
  assert.deepEqual(bestAnswers(ranked, stocked).map((s) => s.sku), ['jupe-chic-2-38', 'jupe-casual-38']);
});

test('an autumn coat does not go with a summer top; without "goes with", any item of the kind in stock', () => {
  const summerTop = product('top', 'femme-hauts', { style: 'casual', season: 'spring-summer', material: 'lin' });
  const coat = product('manteau', 'femme-vestes', { style: 'casual', season: 'autumn-winter', material: 'laine' });
  assert.deepEqual(rankCandidates(readQuestion('une veste qui va avec ce haut', categories), summerTop, categories, [coat]), []);
  assert.deepEqual(rankCandidates(readQuestion('une veste', categories), summerTop, categories, [coat]).map((r) => r.product.id), ['manteau']);
});
