import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { catalogSnapshot, problemOf } from './catalog-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`categories (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect);
    });
    after(() => server.close());

    test('categories form a tree, listed flat with parents before their children', async () => {
      const admin = server.admin.categories;
      const homme = await admin.create({ slug: 'homme', name: 'Homme', nameEn: 'Men', position: 2 });
      const femme = await admin.create({ slug: 'femme', name: 'Femme', nameEn: 'Women', position: 1 });
      const robes = await admin.create({ slug: 'robes', name: 'Robes', parentId: 'femme' });
      const jupes = await admin.create({ slug: 'jupes', name: 'Jupes', parentId: femme.id, position: 0 });
      assert.match(femme.id, /^cat_/);
      assert.deepEqual(robes, { id: robes.id, slug: 'robes', name: 'Robes', nameEn: null, parentId: femme.id, position: 0 });
      const list = await server.client().categories.list();
      assert.deepEqual(list.items.map((c) => c.slug), ['femme', 'jupes', 'robes', 'homme']);
      const moved = await admin.update(jupes.id, { parentId: homme.id, name: 'Kilts', nameEn: 'Kilts', position: 5 });
      assert.deepEqual(moved, { id: jupes.id, slug: 'jupes', name: 'Kilts', nameEn: 'Kilts', parentId: homme.id, position: 5 });
      assert.deepEqual((await server.client().categories.list()).items.map((c) => c.slug), ['femme', 'robes', 'homme', 'jupes']);
      const top = await admin.update(jupes.id, { parentId: null, slug: 'kilts' });
      assert.equal(top.parentId, null);
      assert.equal(top.slug, 'kilts');
    });

    test('bad category input is refused with the field named, and nothing is written', async () => {
      const admin = server.admin.categories;
      const parent = await admin.create({ slug: 'enfant', name: 'Enfant' });
      const child = await admin.create({ slug: 'bebe', name: 'Bébé', parentId: parent.id });
      const snapshot = await catalogSnapshot(server);
      const slug = await problemOf(admin.create({ slug: 'enfant', name: 'Encore' }), 409, 'catalog.duplicate_slug');
      assert.deepEqual(slug.errors, [{ path: 'body/slug', message: 'is already used' }]);
      await problemOf(admin.update(child.id, { slug: 'enfant' }), 409, 'catalog.duplicate_slug');
      const unknown = await problemOf(admin.create({ slug: 'ados', name: 'Ados', parentId: 'nowhere' }), 400, 'catalog.unknown_category');
      assert.deepEqual(unknown.errors, [{ path: 'body/parentId', message: 'is not a known category id or slug' }]);
      const cycle = await problemOf(admin.update(parent.id, { parentId: child.id }), 400, 'catalog.category_cycle');
      assert.deepEqual(cycle.errors?.[0]?.path, 'body/parentId');
      await problemOf(admin.update(parent.id, { parentId: parent.id }), 400, 'catalog.category_cycle');
      const cases: [unknown, string][] = [
        [{ slug: 'Bad Slug', name: 'X' }, 'body/slug'],
        [{ slug: 'ok', name: '' }, 'body/name'],
        [{ slug: 'ok', name: 'X', colour: 'red' }, 'body/colour'],
        [{ slug: 'ok', name: 'X', position: -1 }, 'body/position'],
        [{ slug: 'ok' }, 'body/name'],
      ];
      for (const [body, path] of cases) {
        const problem = await problemOf(server.admin.request('POST', '/v1/categories', { body }), 400, 'platform.validation_failed');
        assert.ok(problem.errors?.some((e) => e.path === path), `${JSON.stringify(body)} → ${JSON.stringify(problem.errors)}`);
      }
      await problemOf(server.admin.request('PATCH', `/v1/categories/${child.id}`, { body: {} }), 400, 'platform.validation_failed');
      await problemOf(admin.update('cat_nope', { name: 'X' }), 404, 'catalog.category_not_found');
      await problemOf(server.client().categories.update(child.id, { name: 'X' }), 401, 'platform.unauthenticated');
      assert.equal(await catalogSnapshot(server), snapshot);
    });
  });
}
