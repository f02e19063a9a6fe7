import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { Principal } from '../auth/principal.js';
import { authPlugin, sharedWithinTurn } from './auth.plugin.js';
import { errorsPlugin } from './errors.plugin.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

test('sharedWithinTurn: one lookup per key within a turn of the event loop, a new one in the next', async () => {
  const asked: string[] = [];
  const lookup = sharedWithinTurn(async (key: string) => {
    asked.push(key);
    return `${key}#${asked.length}`;
  });
  const first = await Promise.all([lookup('a'), lookup('b'), lookup('a'), lookup('a')]);
  assert.deepEqual(first, ['a#1', 'b#2', 'a#1', 'a#1']);
  assert.deepEqual(asked, ['a', 'b']);
  await nextTurn();
  assert.equal(await lookup('a'), 'a#3');
  assert.deepEqual(asked, ['a', 'b', 'a']);
});

test('sharedWithinTurn: a failed lookup fails the requests that shared it, and is not kept', async () => {
  let calls = 0;
  const lookup = sharedWithinTurn(async () => {
    calls += 1;
    if (calls === 1) throw new Error('database gone');
    return 'ok';
  });
  const results = await Promise.allSettled([lookup('k'), lookup('k')]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  await nextTurn();
  assert.equal(await lookup('k'), 'ok');
});

test('write keys: requests arriving together share a lookup; a key disabled since is refused on the next request', async () => {
  const source: Principal = { kind: 'source', sourceId: 'src_1', channel: 'web', storeId: null };
  let enabled = true;
  let lookups = 0;
  const app = Fastify({ logger: false });
  await app.register(errorsPlugin);
  await app.register(authPlugin, {
    adminToken: undefined,
    resolveBearer: async () => null,
    resolveWriteKey: async (key) => {
      lookups += 1;
      return enabled && key === 'pwk_the_right_key' ? source : null;
    },
  });
  app.post('/v1/track', { config: { access: ['source'] } }, async (request) => ({ source: (request.principal as Extract<Principal, { kind: 'source' }>).sourceId }));
  await app.ready();
  try {
    const call = (key: string) => app.inject({ method: 'POST', url: '/v1/track', headers: { authorization: basic(key) }, payload: {} });
    // Sent together, as the calls queued behind a transaction are parsed together.
    const together = await Promise.all([call('pwk_the_right_key'), call('pwk_the_right_key'), call('pwk_the_right_key'), call('pwk_unknown_key')]);
    assert.deepEqual(together.map((r) => r.statusCode), [200, 200, 200, 401]);
    assert.deepEqual(together[0]!.json(), { source: 'src_1' });
    assert.equal(lookups, 2, 'one lookup per write key');
    enabled = false;
    await nextTurn();
    assert.equal((await call('pwk_the_right_key')).statusCode, 401, 'a key disabled before the request arrived is refused');
    assert.equal(lookups, 3);
  } finally {
    await app.close();
  }
});
