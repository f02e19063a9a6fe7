import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseAttributes, readProductCsv } from './product-csv.js';

const HEADER = 'ref,name,name_en,description,description_en,brand,category,sku,size,color,price,currency,compare_at_price,barcode,images,attributes';

const issues = (reading: Awaited<ReturnType<typeof readProductCsv>>) => reading.errors.map((e) => `${e.line}:${e.field}`);

test('rows sharing a ref form one product, with exact prices, images and attributes', async () => {
  const csv = [
    HEADER,
    'ROB-1,Robe plissée,Pleated dress,"Une robe, légère",,StyleNow,robes,ROB-1-S,S,Bleu marine,"49,99",EUR,"69,90",3760000000011,https://img/a.jpg|https://img/b.jpg,material=lin;fit=regular',
    'ROB-1,Robe plissée,Pleated dress,"Une robe, légère",,StyleNow,robes,ROB-1-M,M,Bleu marine,49.99,,,,,',
    'ECH-1,Écharpe,Scarf,,,,,ECH-1-U,,,0.29,eur,,,,',
  ].join('\n');
  const reading = await readProductCsv(csv);
  assert.deepEqual(reading.errors, []);
  assert.equal(reading.fatal, false);
  assert.deepEqual(reading.products.map((p) => [p.ref, p.line, p.variants.map((v) => v.sku)]), [
    ['ROB-1', 2, ['ROB-1-S', 'ROB-1-M']],
    ['ECH-1', 4, ['ECH-1-U']],
  ]);
  const [dress, scarf] = reading.products;
  assert.equal(dress!.description, 'Une robe, légère');
  assert.equal(dress!.category, 'robes');
  assert.deepEqual(dress!.variants[0], {
    line: 2,
    sku: 'ROB-1-S',
    size: 'S',
    color: 'Bleu marine',
    price: { amount: 4999, currency: 'EUR' },
    compareAtPrice: { amount: 6990, currency: 'EUR' },
    barcode: '3760000000011',
    images: ['https://img/a.jpg', 'https://img/b.jpg'],
    attributes: { material: 'lin', fit: 'regular' },
  });
  assert.deepEqual(dress!.variants[1]!.price, { amount: 4999, currency: 'EUR' });
  assert.equal(scarf!.variants[0]!.price.amount, 29);
  assert.equal(scarf!.nameEn, 'Scarf');
  assert.equal(scarf!.brand, null);
});

test('every bad row is reported with its line and column, and its whole product left out', async () => {
  const csv = [
    'ref,name,sku,price,currency,compare_at_price,color',
    'A,Robe,A-1,12.50,EUR,,Rouge', // line 2: fine alone, but its product has a bad row below
    'A,Robe,A-2,abc,EUR,,Rouge', // 3: bad price
    ',Sans ref,B-1,10,EUR,,', // 4: missing ref
    'C,Chemise,C-1,10,USD,,', // 5: bad currency
    'D,Pull,A-1,10,EUR,,', // 6: sku already on line 2
    'E,Jupe,E-1,-5,EUR,,', // 7: negative price
    'F,Veste,,10,EUR,,', // 8: empty sku
    'G,Gilet,G-1,10,EUR,8,', // 9: compare-at not higher
    'A,Robe longue,A-3,12.50,EUR,,Rouge', // 10: product field differs from line 2
    'H,Short,H 1,10,EUR,,', // 11: sku with a space
    'I,Pantalon,I-1,10,EUR,,', // 12: good
  ].join('\r\n');
  const reading = await readProductCsv(csv);
  assert.deepEqual(issues(reading), ['3:price', '4:ref', '5:currency', '6:sku', '7:price', '8:sku', '9:compare_at_price', '10:name', '11:sku']);
  assert.match(reading.errors.find((e) => e.line === 6)!.message, /already on line 2/);
  assert.match(reading.errors.find((e) => e.line === 10)!.message, /differs from line 2/);
  assert.match(reading.errors.find((e) => e.line === 5)!.message, /EUR/);
  assert.deepEqual(reading.products.map((p) => p.ref), ['I']);
  assert.deepEqual([...reading.badRefs.keys()].sort(), ['A', 'C', 'D', 'E', 'F', 'G', 'H']);
  assert.equal(reading.fatal, false);
});

test('line numbers count quoted line breaks and blank lines', async () => {
  const csv = `ref,name,description,sku,price\n\nA,Robe,"Deux\nlignes",A-1,10\n\n\nB,Jupe,,B-1,x\n`;
  const reading = await readProductCsv(csv);
  assert.deepEqual(issues(reading), ['7:price']);
  assert.deepEqual(reading.rows.map((r) => r.line), [3, 7]);
});

test('an unclosed quote is a line-numbered error, not a crash, and spoils the whole file', async () => {
  const csv = 'ref,name,sku,price\nA,Robe,A-1,10\nB,"Jupe,B-1,10\nC,Pull,C-1,10\n';
  const reading = await readProductCsv(csv);
  assert.equal(reading.fatal, true);
  assert.deepEqual(issues(reading), ['3:csv']);
  assert.match(reading.errors[0]!.message, /never closed/);
});

test('a stray quote inside a field is a line-numbered error', async () => {
  const reading = await readProductCsv('ref,name,sku,price\nA,Robe,A-1,10\nB,Ju"pe,B-1,10\n');
  assert.equal(reading.fatal, true);
  assert.deepEqual(issues(reading), ['3:csv']);
});

test('the header must name the required columns and only known ones', async () => {
  const reading = await readProductCsv('ref,nom,sku,price,price\nA,Robe,A-1,10,10\n');
  assert.equal(reading.fatal, true);
  assert.deepEqual(issues(reading), ['1:nom', '1:price', '1:name']);
  const empty = await readProductCsv('');
  assert.equal(empty.fatal, true);
  assert.deepEqual(issues(empty), ['1:csv']);
});

test('a row with the wrong number of fields is reported', async () => {
  const reading = await readProductCsv('ref,name,sku,price\nA,Robe,A-1,10,extra\nB,Jupe,B-1\n');
  assert.deepEqual(issues(reading), ['2:csv', '3:csv', '3:price']);
});

test('semicolon-separated files (French spreadsheets) are read, from a stream of bytes', async () => {
  const bytes = Buffer.from('\ufeffref;name;sku;price;attributes\nA;Robe;A-1;29,99;"material=lin;fit=slim"\n', 'utf8');
  // Split inside a multi-byte character: decoding must not break it.
  const at = bytes.indexOf(Buffer.from('29,99')) - 1;
  const reading = await readProductCsv(Readable.from([bytes.subarray(0, at), bytes.subarray(at)]));
  assert.deepEqual(reading.errors, []);
  assert.equal(reading.products[0]!.variants[0]!.price.amount, 2999);
  assert.deepEqual(reading.products[0]!.variants[0]!.attributes, { material: 'lin', fit: 'slim' });
});

test('attributes read as key=value pairs', () => {
  assert.deepEqual(parseAttributes('material = coton bio ; fit=slim;'), { value: { material: 'coton bio', fit: 'slim' } });
  assert.deepEqual(parseAttributes(''), { value: {} });
  assert.ok('error' in parseAttributes('material'), 'no =');
  assert.ok('error' in parseAttributes('=x'), 'no key');
  assert.ok('error' in parseAttributes('a=1;a=2'), 'a key twice');
});
