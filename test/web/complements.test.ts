import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complementDepartments, pickComplements, shopperTaste, sizeFor, tasteReasons, type CategoryNode, type ProductLike } from '../../web/src/mirror/complements.js';

const categories: CategoryNode[] = [
  { id: 'femme', name: 'Femme', parentId: null },
  { id: 'homme', name: 'Homme', parentId: null },
  { id: 'accessoires', name: 'Accessoires', parentId: null },
  { id: 'beaute', name: 'Beauté', parentId: null },
  { id: 'femme-robes', name: 'Robes', parentId: 'femme' },
  { id: 'femme-vestes', name: 'Vestes et manteaux', parentId: 'femme' },
  { id: 'femme-jupes', name: 'Jupes', parentId: 'femme' },
  { id: 'femme-mailles', name: 'Pulls', parentId: 'femme' },
  { id: 'homme-vestes', name: 'Vestes et manteaux', parentId: 'homme' },
  { id: 'chaussures', name: 'Chaussures', parentId: null },
  { id: 'chaussures-baskets', name: 'Baskets', parentId: 'chaussures' },
  { id: 'accessoires-sacs', name: 'Sacs', parentId: 'accessoires' },
  { id: 'accessoires-echarpes', name: 'Écharpes', parentId: 'accessoires' },
  { id: 'beaute-visage', name: 'Visage', parentId: 'beaute' },
];

const item = (id: string, category: string, attributes: Record<string, unknown>, color: string | null = null): ProductLike => ({ id, category: { id: category }, attributes, variants: [{ color }] });

test('a parallel department (the same sub-category names: another audience) is not where complements come from', () => {
  assert.deepEqual(complementDepartments('femme-robes', categories), ['femme', 'accessoires', 'beaute', 'chaussures']);
  assert.deepEqual(complementDepartments('accessoires-sacs', categories), ['femme', 'homme', 'accessoires', 'beaute', 'chaussures']);
});

test('complements: other categories, same kind of goods, same style, a compatible season, one per category, at most half from the own department', () => {
  const dress = item('dress', 'femme-robes', { material: 'lin', style: 'chic', season: 'spring-summer' }, 'Bleu');
  const candidates = [
    item('dress-2', 'femme-robes', { material: 'lin', style: 'chic', season: 'spring-summer' }),
    item('coat-winter', 'femme-vestes', { material: 'laine', style: 'chic', season: 'autumn-winter' }),
    item('jacket-casual', 'femme-vestes', { material: 'coton', style: 'casual', season: 'spring-summer' }),
    item('jacket-chic', 'femme-vestes', { material: 'lin', style: 'chic', season: 'all-season' }),
    item('skirt-chic', 'femme-jupes', { material: 'soie', style: 'chic', season: 'spring-summer' }),
    item('knit-chic', 'femme-mailles', { material: 'coton', style: 'chic', season: 'spring-summer' }),
    item('bag-chic', 'accessoires-sacs', { material: 'cuir', style: 'chic', season: 'all-season' }, 'Bleu'),
    item('scarf-sport', 'accessoires-echarpes', { material: 'coton', style: 'sport', season: 'spring-summer' }),
    item('cream', 'beaute-visage', { ingredient: 'aloe', style: 'chic', season: 'all-season' }),
  ];
  const picked = pickComplements({ product: dress, categories, candidates }).map((p) => p.id);
  assert.deepEqual(picked, ['skirt-chic', 'knit-chic', 'bag-chic', 'scarf-sport'], 'two from the own department, then the others');
  assert.ok(!picked.includes('dress-2'), 'not another dress');
  assert.ok(!picked.includes('coat-winter'), 'not a winter coat with a summer dress');
  assert.ok(!picked.includes('cream'), 'not another kind of goods');
  assert.deepEqual(pickComplements({ product: { ...dress, category: null }, categories, candidates }), []);
});

test('categories of the same name in two departments count as one kind of item', () => {
  const trainers = item('trainers', 'chaussures-baskets', { material: 'cuir', style: 'casual', season: 'all-season' });
  const candidates = [
    item('her-jacket', 'femme-vestes', { material: 'coton', style: 'casual', season: 'all-season' }),
    item('his-jacket', 'homme-vestes', { material: 'coton', style: 'casual', season: 'all-season' }),
    item('bag', 'accessoires-sacs', { material: 'toile', style: 'casual', season: 'all-season' }),
  ];
  assert.deepEqual(pickComplements({ product: trainers, categories, candidates }).map((p) => p.id), ['her-jacket', 'bag']);
});

test('with her pass: what she bought is left out, and her sizes, colours and categories rank first', () => {
  const dress: ProductLike = { id: 'dress', category: { id: 'femme-robes' }, attributes: { style: 'casual', material: 'coton' }, variants: [{ color: 'Bleu', size: '38' }] };
  const sized = (id: string, category: string, sizes: string[], color: string): ProductLike => ({ id, category: { id: category }, attributes: { style: 'casual', material: 'coton' }, variants: sizes.map((size) => ({ size, color })) });
  const candidates = [
    sized('jacket-xl', 'femme-vestes', ['XL'], 'Vert'),
    sized('skirt-38', 'femme-jupes', ['36', '38'], 'Noir'),
    sized('sweater-bought', 'femme-mailles', ['38'], 'Noir'),
    sized('scarf', 'accessoires-echarpes', ['TU'], 'Vert'),
    sized('bag', 'accessoires-sacs', ['TU'], 'Vert'),
  ];
  // She bought the sweater (38) and a skirt (38) in Femme, a bag, and trainers in 36.
  const taste = shopperTaste(
    {
      preferredColors: ['noir'],
      purchases: [
        { productId: 'sweater-bought', size: '38' },
        { productId: 'old-skirt', size: '38' },
        { productId: 'old-bag', size: null },
        { productId: 'trainers', size: '36' },
        { productId: 'gone-from-catalog', size: '44' },
      ],
    },
    new Map([['sweater-bought', 'femme-mailles'], ['old-skirt', 'femme-jupes'], ['old-bag', 'accessoires-sacs'], ['trainers', 'chaussures-baskets']]),
    categories,
  );
  assert.deepEqual(taste, {
    sizesByDepartment: { femme: ['38'], chaussures: ['36'] },
    colors: ['noir'],
    boughtProductIds: ['sweater-bought', 'old-skirt', 'old-bag', 'trainers', 'gone-from-catalog'],
    boughtCategoryIds: ['femme-mailles', 'femme-jupes', 'accessoires-sacs', 'chaussures-baskets'],
  });
  // Without her: the candidates' order among equals (at most two from the dress's own department).
  assert.deepEqual(pickComplements({ product: dress, categories, candidates }).map((p) => p.id), ['jacket-xl', 'skirt-38', 'scarf', 'bag']);
  // With her: the skirt in her size and colour first, the bag (a category she buys from) before
  // the scarf, and the sweater she owns never.
  assert.deepEqual(pickComplements({ product: dress, categories, candidates, taste }).map((p) => p.id), ['skirt-38', 'jacket-xl', 'bag', 'scarf']);
  assert.ok(!pickComplements({ product: dress, categories, candidates: candidates.slice(2, 3), taste }).length, 'what she bought is not suggested');
  assert.equal(sizeFor(candidates[1]!, taste, categories), '38');
  assert.equal(sizeFor(candidates[0]!, taste, categories), null);
  // Her 36 is a shoe size: trainers in 36 are hers, a skirt in 36 is not.
  assert.equal(sizeFor(sized('trainers-2', 'chaussures-baskets', ['36', '38'], 'Blanc'), taste, categories), '36');
  assert.equal(sizeFor(sized('skirt-36', 'femme-jupes', ['36'], 'Blanc'), taste, categories), null);
  assert.deepEqual(tasteReasons(candidates[1]!, taste, categories), { size: '38', color: 'noir', category: true });
  assert.deepEqual(tasteReasons(candidates[4]!, taste, categories), { size: null, color: null, category: true });
});
