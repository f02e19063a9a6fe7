import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { principals } from '../support/fixtures.js';

type Grant = 'admin' | 'marketer' | 'agent' | 'associate' | 'customer' | 'source';
const STAFF: Grant[] = ['admin', 'marketer', 'agent', 'associate'];

interface Operation {
  method: string;
  path: string;
  access: 'public' | Grant[];
}

function operations(document: { paths: Record<string, Record<string, { 'x-access'?: Operation['access'] }>> }): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      assert.ok(operation['x-access'] !== undefined, `${method.toUpperCase()} ${path} does not say who may call it`);
      found.push({ method: method.toUpperCase(), path, access: operation['x-access'] });
    }
  }
  return found;
}

/** Is this caller one the route refuses? Admins may call every staff route. */
function refused(access: Grant[], caller: Grant): boolean {
  if (caller === 'admin') return !access.some((grant) => STAFF.includes(grant));
  return !access.includes(caller);
}

for (const dialect of DIALECTS) {
  describe(`every operation declares and enforces its access (${dialect})`, () => {
    let server: TestServer;
    let tokens: Awaited<ReturnType<typeof principals>>;

    before(async () => {
      server = await startTestServer(dialect);
      tokens = await principals(server);
    });
    after(() => server.close());

    test('anonymous calls get 401 and callers of the wrong kind get 403, on every protected operation', async () => {
      const document = await server.client().openapi();
      const ops = operations(document as never);
      const protectedOps = ops.filter((op) => op.access !== 'public');
      // The walk must cover the API, not an empty list.
      assert.ok(protectedOps.length >= 15, `only ${protectedOps.length} protected operations found`);
      const credentials: Record<Grant, Record<string, string>> = {
        admin: { authorization: `Bearer ${tokens.admin}` },
        marketer: { authorization: `Bearer ${tokens.marketer}` },
        agent: { authorization: `Bearer ${tokens.agent}` },
        associate: { authorization: `Bearer ${tokens.associate}` },
        customer: { authorization: `Bearer ${tokens.customer}` },
        source: { authorization: `Basic ${Buffer.from(`${tokens.writeKey}:`).toString('base64')}` },
      };
      let forbiddenChecked = 0;
      for (const op of protectedOps) {
        const url = server.url + op.path.replace(/\{[^}]+\}/g, 'does_not_exist');
        const anonymous = await fetch(url, { method: op.method });
        assert.equal(anonymous.status, 401, `${op.method} ${op.path} anonymous → ${anonymous.status}`);
        assert.match(anonymous.headers.get('content-type') ?? '', /application\/problem\+json/);
        const access = op.access as Grant[];
        const wrong = (['customer', 'source', 'associate', 'agent', 'marketer', 'admin'] as Grant[]).filter((caller) => refused(access, caller));
        for (const caller of wrong) {
          const response = await fetch(url, { method: op.method, headers: credentials[caller] });
          assert.equal(response.status, 403, `${op.method} ${op.path} as ${caller} → ${response.status}`);
          forbiddenChecked += 1;
        }
      }
      assert.ok(forbiddenChecked >= protectedOps.length, `only ${forbiddenChecked} wrong-caller checks made`);
    });

    test('a bad or revoked token is refused, a right one accepted', async () => {
      const bad = await fetch(`${server.url}/v1/staff`, { headers: { authorization: 'Bearer not-a-real-token-at-all' } });
      assert.equal(bad.status, 401);
      const created = await server.admin.apiTokens.create({ name: 'temporary', role: 'admin' });
      assert.equal((await fetch(`${server.url}/v1/staff`, { headers: { authorization: `Bearer ${created.token}` } })).status, 200);
      await server.admin.apiTokens.revoke(created.id);
      assert.equal((await fetch(`${server.url}/v1/staff`, { headers: { authorization: `Bearer ${created.token}` } })).status, 401);
    });
  });
}
