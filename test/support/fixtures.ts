import type { TestServer } from './harness.js';

/** Inserts a store straight into the table: for tests of other modules that only need one to exist. */
export async function insertStore(server: TestServer, overrides: { id?: string; code?: string; kind?: 'store' | 'warehouse' } = {}): Promise<string> {
  const id = overrides.id ?? `sto_test${Math.random().toString(36).slice(2, 10)}`;
  const now = new Date().toISOString();
  await server.deps.database.kysely
    .insertInto('locations')
    .values({
      id,
      kind: overrides.kind ?? 'store',
      code: overrides.code ?? id.toUpperCase(),
      name: `Test ${id}`,
      address_line1: '1 rue de la République',
      address_line2: null,
      postal_code: '69001',
      city: 'Lyon',
      country: 'FR',
      latitude: 45.764,
      longitude: 4.8357,
      timezone: 'Europe/Paris',
      phone: null,
      email: null,
      services: '["click_and_collect"]',
      zones: '[]',
      opening_hours: '{}',
      hours_exceptions: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A bearer token for every kind of caller, made through the API itself. */
export async function principals(server: TestServer) {
  const storeId = await insertStore(server);
  const tokenFor = async (role: 'admin' | 'marketer' | 'agent' | 'associate') =>
    (await server.admin.apiTokens.create({ name: `${role} token`, role, ...(role === 'associate' ? { storeId } : {}) })).token;
  const customer = await server.client().customers.signup({ email: `walker${Math.random().toString(36).slice(2, 8)}@example.fr`, password: 'correct horse battery' });
  const source = await server.admin.sources.create({ name: 'Walker web', channel: 'web' });
  return {
    storeId,
    admin: await tokenFor('admin'),
    marketer: await tokenFor('marketer'),
    agent: await tokenFor('agent'),
    associate: await tokenFor('associate'),
    customer: customer.token,
    customerProfileId: customer.profileId,
    writeKey: source.writeKey,
  };
}
