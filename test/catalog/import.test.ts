import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ADMIN_TOKEN, DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { createClient } from '../../sdk/index.js';
import type { ImportError } from '../../src/modules/catalog/catalog.schemas.js';
import { catalogSnapshot, problemOf, productBody, variant } from './catalog-fixtures.js';
import { reopen, serveOn } from '../inventory/inventory-fixtures.js';
import { systemClock } from '../../src/platform/clock.js';

/** The 422 of an invalid file: each error says where as text (`path`) and as data. */
const importErrors = (problem: { errors?: unknown }) => problem.errors as (ImportError & { path: string })[];

const HEADER = 'ref,name,name_en,description,description_en,brand,category,sku,size,color,price,currency,compare_at_price,barcode,images,attributes';

for (const dialect of DIALECTS) {
  describe(`product CSV import over HTTP (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect);
      await server.admin.categories.create({ slug: 'robes', name: 'Robes', nameEn: 'Dresses' });
    });
    after(() => server.close());

    test('a valid file creates its products, exactly priced, searchable at once', async () => {
      const csv = [
        HEADER,
        'IMP-ROB,Robe portefeuille,Wrap dress,"Robe fluide, ceinturée",,StyleNow,robes,IMP-ROB-S,S,Vert sapin,"59,99",EUR,"79,90",,https://img/r1.jpg|https://img/r2.jpg,material=viscose;fit=regular',
        'IMP-ROB,Robe portefeuille,Wrap dress,"Robe fluide, ceinturée",,StyleNow,robes,IMP-ROB-M,M,Vert sapin,59.99,EUR,79.90,,,material=viscose',
        'IMP-BON,Bonnet côtelé,Ribbed beanie,,,,bonnets,IMP-BON-U,TU,Écru,0.29,,,3760000000028,,',
      ].join('\n');
      const report = await server.admin.products.importCsv(csv);
      assert.deepEqual(report, { imported: { products: 2, variants: 3 }, created: 2, updated: 0, createdCategories: ['bonnets'], skipped: [], errors: [] });
      const dress = await server.client().products.get('IMP-ROB');
      assert.equal(dress.category?.slug, 'robes');
      assert.equal(dress.description, 'Robe fluide, ceinturée');
      assert.deepEqual(dress.variants.map((v) => [v.sku, v.size, v.color, v.price, v.compareAtPrice, v.images, v.attributes]), [
        ['IMP-ROB-S', 'S', 'Vert sapin', { amount: 5999, currency: 'EUR' }, { amount: 7990, currency: 'EUR' }, ['https://img/r1.jpg', 'https://img/r2.jpg'], { material: 'viscose', fit: 'regular' }],
        ['IMP-ROB-M', 'M', 'Vert sapin', { amount: 5999, currency: 'EUR' }, { amount: 7990, currency: 'EUR' }, [], { material: 'viscose' }],
      ]);
      const beanie = await server.client().products.get('IMP-BON');
      assert.equal(beanie.variants[0]!.price.amount, 29);
      assert.equal(beanie.category?.name, 'bonnets', 'a new category is named after its slug');
      const search = async (q: string) => (await server.client().products.search({ q })).items.map((p) => p.ref).sort();
      assert.deepEqual(await search('robe viscose'), ['IMP-ROB']);
      assert.deepEqual(await search('wrap'), ['IMP-ROB']);
      assert.deepEqual(await search('bonnet ecru'), ['IMP-BON']);
      assert.deepEqual((await server.client().products.search({ color: 'vert-sapin', size: 'm' })).items.map((p) => p.ref), ['IMP-ROB']);
    });

    test('a known ref is updated: its fields replaced, its variants upserted, the others and its own images kept', async () => {
      const created = await server.admin.products.create(productBody('UPS-1', { name: 'Pull marin', images: ['https://img/pull.jpg'], attributes: { season: 'winter' }, variants: [variant('UPS-1-S', { size: 'S' }), variant('UPS-1-M', { size: 'M' })] }));
      const csv = [HEADER, 'UPS-1,Pull marin rayé,Striped sweater,,,,,UPS-1-M,M,Bleu,45.00,,,,,', 'UPS-1,Pull marin rayé,Striped sweater,,,,,UPS-1-L,L,Bleu,45.00,,,,,'].join('\n');
      const report = await server.admin.products.importCsv(csv);
      assert.deepEqual({ ...report, skipped: report.skipped.length }, { imported: { products: 1, variants: 2 }, created: 0, updated: 1, createdCategories: [], skipped: 0, errors: [] });
      const updated = await server.admin.products.get(created.id);
      assert.equal(updated.name, 'Pull marin rayé');
      assert.equal(updated.nameEn, 'Striped sweater');
      assert.deepEqual(updated.images, ['https://img/pull.jpg']);
      assert.deepEqual(updated.attributes, { season: 'winter' });
      assert.equal(updated.createdAt, created.createdAt);
      assert.deepEqual(updated.variants.map((v) => [v.sku, v.color, v.price.amount]).sort(), [
        ['UPS-1-L', 'Bleu', 4500],
        ['UPS-1-M', 'Bleu', 4500],
        ['UPS-1-S', null, 2999],
      ]);
      assert.deepEqual((await server.client().products.search({ q: 'raye' })).items.map((p) => p.id), [created.id]);
      // Importing the same file again changes nothing more.
      const again = await server.admin.products.importCsv(csv);
      assert.equal(again.updated, 1);
      assert.equal((await server.admin.products.get(created.id)).variants.length, 3);
    });

    test('a file with errors imports nothing: a 422 lists every error with its line and column', async () => {
      await server.admin.products.create(productBody('OWN-1', { variants: [variant('OWN-1-U')] }));
      const snapshot = await catalogSnapshot(server);
      const csv = [
        'ref,name,sku,price,currency,size',
        'ERR-1,Gilet,ERR-1-S,19.99,EUR,S', // 2: fine
        'ERR-2,Jupe,ERR-2-S,19.999,EUR,S', // 3: three decimals
        'ERR-3,,ERR-3-S,10,EUR,S', // 4: no name
        'ERR-4,Short,OWN-1-U,10,EUR,S', // 5: sku of another product
        'ERR-5,Veste,ERR-5-S,10,GBP,S', // 6: currency
        'ERR-6,Parka,ERR-1-S,10,EUR,M', // 7: sku already on line 2
        'ERR-1,Gilet long,ERR-1-M,19.99,EUR,M', // 8: product name differs from line 2
      ].join('\n');
      const problem = await problemOf(server.admin.products.importCsv(csv), 422, 'catalog.import_invalid');
      assert.deepEqual(
        importErrors(problem).map((e) => [e.path, e.line, e.field]),
        [
          ['line 3, price', 3, 'price'],
          ['line 4, name', 4, 'name'],
          ['line 5, sku', 5, 'sku'],
          ['line 6, currency', 6, 'currency'],
          ['line 7, sku', 7, 'sku'],
          ['line 8, name', 8, 'name'],
        ],
      );
      assert.match(problem.errors![2]!.message, /OWN-1/);
      assert.match(problem.detail, /6 error/);
      assert.equal(await catalogSnapshot(server), snapshot);
    });

    test('with skipErrors the good products are imported and every row of a bad product reported skipped', async () => {
      const csv = [
        'ref,name,sku,price',
        'SKP-1,Chemise,SKP-1-S,30', // 2: good
        'SKP-2,Jupe,SKP-2-S,30', // 3: good row, but its product has a bad row
        'SKP-2,Jupe,SKP-2-M,trente', // 4: bad price
        ',Sans ref,SKP-3-S,30', // 5: no ref
        'SKP-4,Polo,SKP-4-S,25', // 6: good
      ].join('\n');
      const report = await server.admin.products.importCsv(csv, { skipErrors: true });
      assert.deepEqual(report.imported, { products: 2, variants: 2 });
      assert.deepEqual(report.errors.map((e) => [e.line, e.field]), [[4, 'price'], [5, 'ref']]);
      assert.deepEqual(report.skipped.map((s) => [s.line, s.ref, s.sku]), [[3, 'SKP-2', 'SKP-2-S'], [4, 'SKP-2', 'SKP-2-M'], [5, null, 'SKP-3-S']]);
      assert.match(report.skipped[0]!.reason, /line 4/);
      assert.equal((await server.client().products.get('SKP-1')).name, 'Chemise');
      assert.equal((await server.client().products.get('SKP-4')).name, 'Polo');
      await problemOf(server.client().products.get('SKP-2'), 404);
      await problemOf(server.client().variants.get('SKP-3-S'), 404);
    });

    test('a malformed file is a line-numbered 422 even with skipErrors, and writes nothing', async () => {
      const snapshot = await catalogSnapshot(server);
      const csv = 'ref,name,sku,price\nMAL-1,Robe,MAL-1-S,10\nMAL-2,"Jupe,MAL-2-S,10\nMAL-3,Pull,MAL-3-S,10\n';
      for (const skipErrors of [false, true]) {
        const problem = await problemOf(server.admin.products.importCsv(csv, { skipErrors }), 422, 'catalog.import_invalid');
        assert.deepEqual(problem.errors!.map((e) => e.path), ['line 3, csv']);
      }
      const header = await problemOf(server.admin.products.importCsv('ref;nom;sku;prix\nA;B;C;1\n'), 422, 'catalog.import_invalid');
      assert.ok(importErrors(header).every((e) => e.line === 1), 'header errors are on line 1');
      assert.ok(importErrors(header).some((e) => e.field === 'name' && /missing/.test(e.message)), 'the missing name column is named');
      assert.equal(await catalogSnapshot(server), snapshot);
    });

    test('a large file is written in batches; its size is not bound by the 1 MB JSON limit', async () => {
      const rows = [HEADER];
      for (let i = 0; i < 1200; i++) {
        for (const size of ['S', 'M', 'L']) rows.push(`BIG-${i},Débardeur ${i},,${'x'.repeat(300)},,,basiques,BIG-${i}-${size},${size},Noir,12.50,,,,,material=coton`);
      }
      const csv = rows.join('\n');
      assert.ok(Buffer.byteLength(csv) > 1024 * 1024, `the file is ${Buffer.byteLength(csv)} bytes`);
      const report = await server.admin.products.importCsv(csv);
      assert.deepEqual(report.imported, { products: 1200, variants: 3600 });
      const page = await server.client().products.search({ q: 'debardeur coton', category: 'basiques', size: 'l', limit: 200 });
      assert.equal(page.items.length, 200);
      assert.ok(page.nextCursor, 'more than one page');
    });

    test('background=true answers 202 with a job that reports rows done out of the total, then the report', async () => {
      const rows = [HEADER];
      for (let i = 0; i < 1500; i++) {
        for (const size of ['S', 'M']) rows.push(`JOB-${i},Tee-shirt ${i},,,,,basiques,JOB-${i}-${size},${size},Blanc,9.90,,,,,`);
      }
      let job = await server.admin.products.importInBackground(rows.join('\n'));
      assert.match(job.id, /^imp_/);
      assert.equal(job.status, 'checking');
      assert.deepEqual(job.rows, { done: 0, total: 3000 }, 'the total is known from the first answer');
      const seen: string[] = [];
      while (job.status === 'checking' || job.status === 'writing') {
        assert.ok(job.rows.done <= job.rows.total, JSON.stringify(job.rows));
        seen.push(`${job.status} ${job.rows.done}/${job.rows.total}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        job = await server.admin.imports.get(job.id);
      }
      assert.equal(job.status, 'succeeded', job.detail ?? '');
      assert.deepEqual(job.rows, { done: 3000, total: 3000 });
      assert.deepEqual(job.result && { ...job.result, skipped: job.result.skipped.length }, { imported: { products: 1500, variants: 3000 }, created: 1500, updated: 0, createdCategories: [], skipped: 0, errors: [] });
      assert.ok(job.finishedAt, 'finished');
      assert.equal((await server.client().products.get('JOB-1499')).variants.length, 2);
      assert.ok(seen.length >= 1, 'followed while running');
    });

    test('a background job of a file with errors fails with its errors by line and writes nothing, unless asked to skip them', async () => {
      const snapshot = await catalogSnapshot(server);
      const csv = ['ref,name,sku,price', 'BKG-1,Gilet,BKG-1-S,19.99', 'BKG-2,Jupe,BKG-2-S,dix', 'BKG-3,,BKG-3-S,10'].join('\n');
      const follow = async (job: { id: string; status: string }) => {
        while (job.status === 'checking' || job.status === 'writing') {
          await new Promise((resolve) => setTimeout(resolve, 5));
          job = await server.admin.imports.get(job.id);
        }
        return server.admin.imports.get(job.id);
      };
      const failed = await follow(await server.admin.products.importInBackground(csv));
      assert.equal(failed.status, 'failed');
      assert.deepEqual(failed.errors.map((e) => [e.line, e.field]), [[3, 'price'], [4, 'name']]);
      assert.equal(failed.result, null);
      assert.match(failed.detail ?? '', /2 error/);
      assert.equal(await catalogSnapshot(server), snapshot);
      const skipped = await follow(await server.admin.products.importInBackground(csv, { skipErrors: true }));
      assert.equal(skipped.status, 'succeeded');
      assert.deepEqual(skipped.result?.imported, { products: 1, variants: 1 });
      assert.deepEqual(skipped.errors.map((e) => e.line), [3, 4]);
      await problemOf(server.admin.imports.get('imp_unknown'), 404, 'catalog.import_not_found');
      const tokens = await principals(server);
      await problemOf(createClient({ baseUrl: server.url, token: tokens.marketer }).imports.get(failed.id), 403, 'platform.forbidden');
    });

    test('a background job is followed from another process sharing the database', async () => {
      const other = reopen(server.deps.database);
      const second = await serveOn(other, systemClock);
      try {
        const rows = [HEADER];
        for (let i = 0; i < 400; i++) rows.push(`ELSEWHERE-${i},Polo ${i},,,,,basiques,ELSEWHERE-${i}-M,M,Bleu,19.90,,,,,`);
        let job = await server.admin.products.importInBackground(rows.join('\n'));
        // Polled only through the process that did not take the file.
        job = await second.admin.imports.get(job.id);
        assert.equal(job.rows.total, 400);
        while (job.status === 'checking' || job.status === 'writing') {
          await new Promise((resolve) => setTimeout(resolve, 20));
          job = await second.admin.imports.get(job.id);
        }
        assert.equal(job.status, 'succeeded', job.detail ?? '');
        assert.deepEqual(job.rows, { done: 400, total: 400 });
        assert.deepEqual(job.result?.imported, { products: 400, variants: 400 });
        assert.deepEqual(await second.admin.imports.get(job.id), await server.admin.imports.get(job.id));
      } finally {
        await second.close();
        await other.close();
      }
    });

    test('a running job not written for a minute lost its process and reads as failed; finished jobs are kept an hour', async () => {
      const db = server.deps.database.kysely;
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const row = { skip_errors: 0, result: null, errors: '[]', detail: null } as const;
      const lastWritten = at(2);
      await db.insertInto('import_jobs').values({ ...row, id: 'imp_silent', status: 'writing', rows_done: 10, rows_total: 100, created_at: at(3), updated_at: lastWritten, finished_at: null }).execute();
      await db.insertInto('import_jobs').values({ ...row, id: 'imp_lately', status: 'writing', rows_done: 10, rows_total: 100, created_at: at(1), updated_at: at(0.5), finished_at: null }).execute();
      await db.insertInto('import_jobs').values({ ...row, id: 'imp_old', status: 'succeeded', rows_done: 1, rows_total: 1, created_at: at(62), updated_at: at(61), finished_at: at(61) }).execute();
      const silent = await server.admin.imports.get('imp_silent');
      assert.equal(silent.status, 'failed');
      assert.match(silent.detail ?? '', /stopped before it ended/);
      assert.equal(silent.finishedAt, lastWritten, 'ended when its process was last heard of');
      assert.deepEqual(silent.rows, { done: 10, total: 100 });
      assert.equal((await server.admin.imports.get('imp_lately')).status, 'writing', 'written 30 s ago: still running');
      assert.equal((await server.admin.imports.get('imp_old')).status, 'succeeded');
      // The next import clears what is past keeping.
      let job = await server.admin.products.importInBackground([HEADER, 'KEEP-1,Gilet,,,,,basiques,KEEP-1-M,M,Gris,39.90,,,,,'].join('\n'));
      while (job.status === 'checking' || job.status === 'writing') {
        await new Promise((resolve) => setTimeout(resolve, 5));
        job = await server.admin.imports.get(job.id);
      }
      assert.equal(job.status, 'succeeded', job.detail ?? '');
      await problemOf(server.admin.imports.get('imp_old'), 404, 'catalog.import_not_found');
      assert.equal((await server.admin.imports.get('imp_silent')).status, 'failed', 'silent for minutes, not an hour: kept');
      await db.deleteFrom('import_jobs').where('id', 'in', ['imp_silent', 'imp_lately']).execute();
    });

    test('the route takes only CSV, only from admins, and at most 50 MB', async () => {
      const tokens = await principals(server);
      await problemOf(server.client().products.importCsv('ref,name,sku,price\n'), 401, 'platform.unauthenticated');
      await problemOf(createClient({ baseUrl: server.url, token: tokens.marketer }).products.importCsv('ref,name,sku,price\n'), 403, 'platform.forbidden');
      await problemOf(server.admin.request('POST', '/v1/products/import', { body: { ref: 'A' } }), 415, 'platform.unsupported_media_type');
      // A declared length over the limit is refused before the body is read.
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(`${server.url}/v1/products/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv', 'content-length': String(50 * 1024 * 1024 + 1) },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          request.destroy();
        });
        request.on('error', reject);
        request.write('ref,name,sku,price\n');
      });
      assert.equal(status, 413);
      // Other catalog routes keep the 1 MB limit and refuse CSV bodies.
      await problemOf(server.admin.request('POST', '/v1/products', { rawBody: { content: 'ref,name\n', contentType: 'text/csv' } }), 400, 'platform.validation_failed');
    });
  });
}
