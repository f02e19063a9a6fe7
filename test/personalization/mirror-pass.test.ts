import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';
import { ManualClock } from '../../src/platform/clock.js';
import { PasserelleApiError, type PasserelleClient } from '../../sdk/index.js';

async function problem(promise: Promise<unknown>): Promise<{ status: number; type: string | undefined; detail: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, String(error));
    assert.match(error.headers.get('content-type') ?? '', /application\/problem\+json/);
    return { status: error.status, type: error.problem.type, detail: error.problem.detail };
  }
  assert.fail('expected a problem');
}

for (const dialect of DIALECTS) {
  describe(`the mirror suggests from a shopper's history with her pass (${dialect})`, () => {
    const clock = new ManualClock('2026-12-06T10:00:00.000Z');
    let server: TestServer;
    let julie: PasserelleClient;
    let julieId = '';

    before(async () => {
      server = await startTestServer(dialect, { clock });
      const session = await server.client().customers.signup({ email: 'julie.mirror@example.fr', password: 'a long enough password' });
      julie = server.client(session.token);
      julieId = session.profileId;
      const till = server.tracker((await server.admin.sources.create({ name: 'Till', channel: 'store' })).writeKey).tracking;
      const web = server.tracker((await server.admin.sources.create({ name: 'Web', channel: 'web' })).writeKey).tracking;
      await web.identify({ userId: 'u-julie-mirror', traits: { email: 'julie.mirror@example.fr', firstName: 'Julie' } });
      // Her purchases on two channels: the web in November, a till in Lyon in December.
      await web.track({
        userId: 'u-julie-mirror',
        event: 'Order Completed',
        timestamp: '2026-11-02T10:00:00.000Z',
        properties: { revenue: 59, products: [{ product_id: 'prd_jupe', sku: 'JUPE-38-NOIR', size: '38', color: 'Noir' }] },
      });
      await till.track({
        userId: 'u-julie-mirror',
        event: 'Order Completed',
        timestamp: '2026-12-01T15:00:00.000Z',
        properties: { revenue: 35, storeId: 'sto_lyon', products: [{ product_id: 'prd_top', sku: 'TOP-38-BLEU', size: '38', color: 'Bleu' }, { product_id: 'prd_foulard', sku: 'FOU-TU', size: 'TU', color: 'Noir' }] },
      });
    });
    after(() => server.close());

    test('no pass without her consent to personalisation', async () => {
      const refused = await problem(julie.mirror.pass());
      assert.equal(refused.status, 409);
      assert.match(refused.detail ?? '', /personali[sz]ation/);
    });

    test('with it, the pass tells the mirror her first name and what her history says of her taste, for 15 minutes', async () => {
      await julie.myPrivacy.setConsents({ purposes: { personalization: true } });
      const { pass, expiresAt } = await julie.mirror.pass();
      assert.match(pass, /^mp\./);
      assert.equal(expiresAt, '2026-12-06T10:15:00.000Z');
      // The mirror has no account: the pass is its only key.
      const shopper = await server.client().mirror.shopper(pass);
      assert.deepEqual(shopper, {
        firstName: 'Julie',
        preferredSizes: ['38', 'TU'],
        preferredColors: ['Noir', 'Bleu'],
        purchases: [
          { productId: 'prd_top', size: '38', color: 'Bleu', at: '2026-12-01T15:00:00.000Z' },
          { productId: 'prd_foulard', size: 'TU', color: 'Noir', at: '2026-12-01T15:00:00.000Z' },
          { productId: 'prd_jupe', size: '38', color: 'Noir', at: '2026-11-02T10:00:00.000Z' },
        ],
        expiresAt: '2026-12-06T10:15:00.000Z',
      });
      clock.advance(15 * 60_000);
      const expired = await problem(server.client().mirror.shopper(pass));
      assert.equal(expired.status, 401);
      assert.match(expired.detail ?? '', /expired/);
    });

    test('a pass stops working when she withdraws her consent', async () => {
      const { pass } = await julie.mirror.pass();
      await server.client().mirror.shopper(pass);
      await julie.myPrivacy.setConsents({ purposes: { personalization: false } });
      assert.equal((await problem(server.client().mirror.shopper(pass))).status, 403);
      await julie.myPrivacy.setConsents({ purposes: { personalization: true } });
      assert.equal((await server.client().mirror.shopper(pass)).firstName, 'Julie');
    });

    test('a forged, altered or missing pass is refused', async () => {
      const { pass } = await julie.mirror.pass();
      const [prefix, payload, signature] = pass.split('.');
      const someoneElse = Buffer.from(`${julieId.slice(0, -1)}x\n2030-01-01T00:00:00.000Z`).toString('base64url');
      assert.equal((await problem(server.client().mirror.shopper(`${prefix}.${someoneElse}.${signature}`))).status, 401);
      assert.equal((await problem(server.client().mirror.shopper(`${prefix}.${payload}.${'A'.repeat(43)}`))).status, 401);
      // Not a pass at all, or none: the request is malformed.
      assert.equal((await problem(server.client().mirror.shopper('SKU-123'))).status, 400);
      assert.equal((await problem(server.client().request('GET', '/v1/mirror/shopper'))).status, 400);
    });

    test('only a signed-in customer gets a pass', async () => {
      const tokens = await principals(server);
      assert.equal((await problem(server.client().mirror.pass())).status, 401);
      assert.equal((await problem(server.client(tokens.agent).mirror.pass())).status, 403);
      assert.equal((await problem(server.admin.mirror.pass())).status, 403);
    });

    test('erased, her pass names nobody', async () => {
      const { pass } = await julie.mirror.pass();
      await server.admin.profiles.erase(julieId);
      assert.equal((await problem(server.client().mirror.shopper(pass))).status, 401);
    });
  });
}
