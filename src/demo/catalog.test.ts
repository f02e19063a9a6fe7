import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, facetKey, foldText } from '../modules/catalog/search-text.js';
import { buildCatalog, PRODUCT_TYPES } from './catalog.js';
import { COLOURS } from './data/catalog-words.js';
import { CATEGORY_SEEDS, categoryId } from './data/categories.js';

const catalog = buildCatalog();
// Column positions in the writer's row arrays (see TABLE_COLUMNS).
const P = { id: 0, ref: 1, name: 2, nameEn: 3, description: 4, brand: 6, category: 7, attributes: 8, images: 9, sortKey: 10 };
const V = { sku: 0, product: 1, size: 2, color: 3, sizeKey: 4, colorKey: 5, price: 6, currency: 7, compareAt: 8, barcode: 9 };

test('the catalog holds at least 1,500 products with unique ids, refs, names and SKUs', () => {
  assert.ok(catalog.products.length >= 1500, `${catalog.products.length} products`);
  for (const column of [P.id, P.ref, P.name]) assert.equal(new Set(catalog.productRows.map((row) => row[column])).size, catalog.productRows.length);
  assert.equal(new Set(catalog.variantRows.map((row) => row[V.sku])).size, catalog.variantRows.length);
  for (const row of catalog.productRows) {
    assert.match(String(row[P.id]), /^prd_[a-z0-9]+$/);
    assert.match(String(row[P.ref]), /^SN-[A-Z]{3}\d{3}$/);
    assert.deepEqual(JSON.parse(String(row[P.images]))[0], `/images/products/${row[P.ref]}.jpg`);
    assert.equal(row[P.sortKey], foldText(String(row[P.name])));
    assert.match(String(row[P.nameEn]), /^[A-Z0-9]/);
    assert.ok(String(row[P.description]).startsWith(String(row[P.name])));
  }
});

test('the same catalog comes out every time', () => {
  assert.deepEqual(buildCatalog().productRows, catalog.productRows);
});

test('the examples of the brief and the journeys exist', () => {
  const names = new Set(catalog.products.map((product) => product.name));
  for (const name of ['Robe plissée en lin', 'Jupe midi fluide', 'T-shirt en coton bio', 'Trench imperméable', 'Parapluie pliant', 'Bottes de pluie en caoutchouc naturel', 'Crème hydratante à l’aloe vera', 'Sérum éclat à la vitamine C', 'Écharpe en cachemire']) {
    assert.ok(names.has(name), name);
  }
});

test('sizes follow the garment: 34–46 with 38 for skirts, XS–XL for tops, 36–45 for shoes, TU and ml', () => {
  const sizesOf = (category: string) => new Set(catalog.products.filter((product) => product.category === category).flatMap((product) => product.variants.map((variant) => variant.size)));
  assert.deepEqual([...sizesOf('femme-jupes')].sort(), ['34', '36', '38', '40', '42', '44', '46']);
  assert.ok(catalog.products.filter((product) => product.category === 'femme-jupes').every((product) => product.variants.some((variant) => variant.size === '38')));
  assert.deepEqual([...sizesOf('femme-hauts')].sort(), ['L', 'M', 'S', 'XL', 'XS']);
  for (const category of ['chaussures-baskets', 'chaussures-bottines', 'chaussures-bottes-pluie']) {
    for (const size of sizesOf(category)) assert.ok(Number(size) >= 36 && Number(size) <= 45, `${category} ${size}`);
  }
  assert.deepEqual([...sizesOf('accessoires-parapluies')], ['TU']);
  assert.ok([...sizesOf('beaute-visage')].every((size) => /^\d+ ml$/.test(size)));
});

test('variants carry French colours, facet keys, EUR prices in cents and valid EAN-13 barcodes', () => {
  const known = new Set(Object.values(COLOURS).map((colour) => colour.name));
  const used = new Set<string>();
  for (const row of catalog.variantRows) {
    if (row[V.color] !== null) {
      assert.ok(known.has(String(row[V.color])), String(row[V.color]));
      used.add(String(row[V.color]));
      assert.equal(row[V.colorKey], facetKey(String(row[V.color])));
    }
    assert.equal(row[V.sizeKey], facetKey(String(row[V.size])));
    assert.equal(row[V.currency], 'EUR');
    assert.ok(Number.isInteger(row[V.price]) && Number(row[V.price]) >= 400, `price ${row[V.price]}`);
    if (row[V.compareAt] !== null) assert.ok(Number(row[V.compareAt]) > Number(row[V.price]));
    const digits = String(row[V.barcode]).split('').map(Number);
    const sum = digits.slice(0, 12).reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 1 : 3), 0);
    assert.equal((10 - (sum % 10)) % 10, digits[12], String(row[V.barcode]));
  }
  for (const colour of ['Noir', 'Blanc', 'Écru', 'Bleu marine', 'Rouge', 'Vert sapin', 'Camel', 'Rose poudré', 'Gris chiné', 'Kaki', 'Bordeaux', 'Jaune moutarde']) assert.ok(used.has(colour), colour);
});

test('prices stay within each type’s range (premium materials up to 1.5 times)', () => {
  const typeOf = new Map(PRODUCT_TYPES.map((type) => [type.code, type]));
  for (const product of catalog.products) {
    const type = typeOf.get(product.ref.slice(3, 6))!;
    const regular = Math.max(...product.variants.map((variant) => variant.price));
    assert.ok(regular >= (type.price[0] - 5) * 60 && regular <= type.price[1] * 150 + 100, `${product.name}: ${regular}`);
  }
});

test('every product is in a known sub-category and has the attributes recommendations use', () => {
  const categories = new Set(CATEGORY_SEEDS.map((category) => categoryId(category.slug)));
  for (const row of catalog.productRows) {
    assert.ok(categories.has(String(row[P.category])));
    const attributes = JSON.parse(String(row[P.attributes])) as { style: string; season: string };
    assert.ok(['casual', 'chic', 'sport'].includes(attributes.style));
    assert.ok(['spring-summer', 'autumn-winter', 'all-season'].includes(attributes.season));
  }
  const beauty = catalog.products.filter((product) => product.department === 'beaute');
  assert.ok(beauty.length >= 100 && beauty.every((product) => product.brand === 'Maison Verveine'));
});

test('search terms index the words of the name, the English name and the category', () => {
  const terms = new Map<string, Set<string>>();
  for (const [term, id] of catalog.searchTermRows) {
    if (!terms.has(String(id))) terms.set(String(id), new Set());
    terms.get(String(id))!.add(String(term));
  }
  for (const row of catalog.productRows) {
    const indexed = terms.get(String(row[P.id]))!;
    for (const word of analyse(`${row[P.name]} ${row[P.nameEn]}`)) assert.ok(indexed.has(word), `${row[P.name]} lacks ${word}`);
  }
  const scarf = catalog.products.find((product) => product.name.startsWith('Écharpe'))!;
  assert.ok(terms.get(scarf.id)!.has('echarpe'));
  assert.ok(terms.get(scarf.id)!.has('accessoire'));
  const skirt = catalog.products.find((product) => product.name === 'Jupe midi fluide')!;
  for (const word of ['jupe', 'midi', 'fluide', 'skirt', 'flowing', 'femme']) assert.ok(terms.get(skirt.id)!.has(word), word);
});
