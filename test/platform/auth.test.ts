import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { PasserelleApiError } from '../../sdk/index.js';

async function rejects(promise: Promise<unknown>, status: number, code?: string): Promise<PasserelleApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, `expected an API error, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    if (code) assert.equal(error.problem.code, code);
    return error;
  }
  assert.fail(`expected ${status}, got success`);
}

for (const dialect of DIALECTS) {
  describe(`staff accounts and sessions (${dialect})`, () => {
    let server: TestServer;
    let storeId: string;
    before(async () => {
      server = await startTestServer(dialect);
      storeId = await insertStore(server);
    });
    after(() => server.close());

    test('an admin creates staff; they sign in and their role decides what they may do', async () => {
      const marketer = await server.admin.staff.create({ email: 'Claire@StyleNow.fr', name: 'Claire', password: 'marketing-2026', role: 'marketer' });
      assert.equal(marketer.email, 'claire@stylenow.fr');
      const session = await server.client().auth.login({ email: 'claire@stylenow.fr', password: 'marketing-2026' });
      assert.equal(session.staff.role, 'marketer');
      const asMarketer = server.client(session.token);
      assert.equal((await asMarketer.auth.me()).email, 'claire@stylenow.fr');
      await rejects(asMarketer.staff.list(), 403, 'platform.forbidden');
      // The password is stored hashed, never as given.
      const row = await server.deps.database.kysely.selectFrom('staff_accounts').select('password_hash').where('id', '=', marketer.id).executeTakeFirstOrThrow();
      assert.ok(row.password_hash.startsWith('scrypt$') && !row.password_hash.includes('marketing-2026'));
    });

    test('wrong passwords, unknown emails and disabled accounts are refused alike', async () => {
      const agent = await server.admin.staff.create({ email: 'agent@stylenow.fr', name: 'Agent', password: 'service-2026', role: 'agent' });
      await rejects(server.client().auth.login({ email: 'agent@stylenow.fr', password: 'wrong-password' }), 401, 'staff.invalid_credentials');
      await rejects(server.client().auth.login({ email: 'nobody@stylenow.fr', password: 'service-2026' }), 401, 'staff.invalid_credentials');
      const session = await server.client().auth.login({ email: 'agent@stylenow.fr', password: 'service-2026' });
      await server.admin.staff.update(agent.id, { disabled: true });
      // A disabled account's open session stops working at once.
      await rejects(server.client(session.token).auth.me(), 401);
      await rejects(server.client().auth.login({ email: 'agent@stylenow.fr', password: 'service-2026' }), 401);
    });

    test('an associate is bound to one existing store', async () => {
      await rejects(server.admin.staff.create({ email: 'a1@stylenow.fr', name: 'A', password: 'associate-2026', role: 'associate' }), 400, 'staff.store_required');
      await rejects(server.admin.staff.create({ email: 'a2@stylenow.fr', name: 'A', password: 'associate-2026', role: 'associate', storeId: 'sto_nowhere' }), 400);
      const associate = await server.admin.staff.create({ email: 'a3@stylenow.fr', name: 'A', password: 'associate-2026', role: 'associate', storeId });
      assert.equal(associate.storeId, storeId);
      const count = await server.deps.database.kysely.selectFrom('staff_accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('email', 'in', ['a1@stylenow.fr', 'a2@stylenow.fr']).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'refused creations wrote nothing');
    });

    test('one email, one staff account', async () => {
      await server.admin.staff.create({ email: 'dup@stylenow.fr', name: 'One', password: 'password-one', role: 'agent' });
      await rejects(server.admin.staff.create({ email: 'DUP@stylenow.fr', name: 'Two', password: 'password-two', role: 'agent' }), 409, 'staff.email_taken');
    });

    test('logout revokes the session', async () => {
      await server.admin.staff.create({ email: 'bye@stylenow.fr', name: 'Bye', password: 'password-bye', role: 'agent' });
      const session = await server.client().auth.login({ email: 'bye@stylenow.fr', password: 'password-bye' });
      await server.client(session.token).auth.logout();
      await rejects(server.client(session.token).auth.me(), 401, 'platform.unauthenticated');
    });

    test('API tokens carry a role, are listed without their secret, and are stored hashed', async () => {
      const created = await server.admin.apiTokens.create({ name: 'nightly export', role: 'marketer', expiresInDays: 30 });
      assert.match(created.token, /^pat_/);
      const listed = await server.admin.apiTokens.list();
      const entry = listed.items.find((item) => item.id === created.id);
      assert.ok(entry && !('token' in entry));
      assert.equal((await server.client(created.token).auth.me()).role, 'marketer');
      const stored = await server.deps.database.kysely.selectFrom('access_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, created.token);
    });
  });

  describe(`customers and sources (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(() => server.close());

    test('a customer signs up, signs in, and reaches only /v1/me', async () => {
      const signup = await server.client().customers.signup({ email: 'Julie.Martin@Example.fr', password: 'julie-password' });
      assert.match(signup.profileId, /^cus_/);
      const login = await server.client().customers.login({ email: 'julie.martin@example.fr', password: 'julie-password' });
      assert.equal(login.profileId, signup.profileId);
      const me = await server.client(login.token).me.get();
      assert.equal(me.email, 'julie.martin@example.fr');
      await rejects(server.client(login.token).staff.list(), 403);
      await rejects(server.client().customers.signup({ email: 'julie.martin@example.fr', password: 'another-password' }), 409, 'identity.email_taken');
      await rejects(server.client().customers.login({ email: 'julie.martin@example.fr', password: 'wrong-password' }), 401, 'identity.invalid_credentials');
    });

    test('signup joins the profile already known by that email', async () => {
      // Sophie is known from a till sale before she opens an account.
      const till = await server.admin.sources.create({ name: 'Till', channel: 'store' });
      await server.tracker(till.writeKey).tracking.identify({ anonymousId: 'till-customer-7', traits: { email: 'Sophie@Example.fr', firstName: 'Sophie' } });
      const known = await server.deps.database.kysely.selectFrom('profile_identities').select('profile_id').where('type', '=', 'email').where('value', '=', 'sophie@example.fr').executeTakeFirstOrThrow();
      const signup = await server.client().customers.signup({ email: 'sophie@example.fr', password: 'sophie-password' });
      assert.equal(signup.profileId, known.profile_id);
      assert.equal((await server.client(signup.token).me.get()).traits.firstName, 'Sophie');
    });

    test('a source shows its write key once, lists without it, and the key can be rotated or disabled', async () => {
      const source = await server.admin.sources.create({ name: 'Web shop', channel: 'web' });
      assert.match(source.writeKey, /^pwk_/);
      const listed = (await server.admin.sources.list()).items.find((item) => item.id === source.id);
      assert.ok(listed && !('writeKey' in listed));
      assert.equal(listed.writeKeyHint, source.writeKey.slice(0, 10));
      const stored = await server.deps.database.kysely.selectFrom('sources').select('write_key_hash').where('id', '=', source.id).executeTakeFirstOrThrow();
      assert.ok(!stored.write_key_hash.includes(source.writeKey));
      // A write key can only send events: it is refused on staff routes.
      const asSource = await fetch(`${server.url}/v1/sources`, { headers: { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` } });
      assert.equal(asSource.status, 403);
      const rotated = await server.admin.sources.rotateKey(source.id);
      assert.notEqual(rotated.writeKey, source.writeKey);
      const old = await fetch(`${server.url}/v1/sources`, { headers: { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` } });
      assert.equal(old.status, 401, 'the old key no longer authenticates');
      // Keys are kept for a moment after a lookup (sources.service.ts): rotating or disabling forgets them.
      const track = (key: string) =>
        fetch(`${server.url}/v1/track`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'content-type': 'application/json' },
          body: JSON.stringify({ userId: 'rotation-check', event: 'Key Checked' }),
        });
      assert.equal((await track(rotated.writeKey)).status, 200);
      assert.equal((await track(rotated.writeKey)).status, 200);
      const disabled = await server.admin.sources.disable(source.id);
      assert.equal(disabled.disabled, true);
      assert.equal((await track(rotated.writeKey)).status, 401, 'a disabled source is refused at once');
    });

    test('a source needs a known channel', async () => {
      const before = (await server.admin.sources.list()).items.length;
      await rejects(server.admin.sources.create({ name: 'Fax', channel: 'fax' as never }), 400, 'platform.validation_failed');
      assert.equal((await server.admin.sources.list()).items.length, before);
    });
  });
}

describe('sign-in is rate-limited', () => {
  test('the 4th attempt within a minute from one address gets 429 with Retry-After', async () => {
    const server = await startTestServer('sqlite', { config: { loginRateLimit: 3 } });
    try {
      for (let i = 0; i < 3; i++) await rejects(server.client().auth.login({ email: 'x@stylenow.fr', password: 'nope-nope' }), 401);
      const error = await rejects(server.client().auth.login({ email: 'x@stylenow.fr', password: 'nope-nope' }), 429, 'platform.rate_limited');
      assert.ok(Number(error.headers.get('retry-after')) > 0);
    } finally {
      await server.close();
    }
  });
});
