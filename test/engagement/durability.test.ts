import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '../../sdk/index.js';
import { startServerProcess } from '../support/process.js';

const TOKEN = 'durability-admin-token';

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('journey timers survive SIGKILL: after a restart every due message is decided once, none twice, none lost', { timeout: 120_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-durability-'));
  const env = { PASSERELLE_DATA: dataDir, PASSERELLE_SEED_DEMO: 'false', PASSERELLE_ADMIN_TOKEN: TOKEN, PASSERELLE_LOGIN_RATE_LIMIT: '1000', PASSERELLE_WORKER_POLL_MS: '20' };
  let first = await startServerProcess(env);
  try {
    const admin = createClient({ baseUrl: first.url, token: TOKEN });
    await admin.products.create({ ref: 'DUR-1', name: 'Robe durable', variants: [{ sku: 'DUR-1-U', price: { amount: 5000, currency: 'EUR' } }] });
    const journey = await admin.request<{ id: string }>('POST', '/v1/journeys', { body: { template: 'abandoned_cart', params: { delay: 'PT1S' } } });
    await admin.request('POST', `/v1/journeys/${journey.id}/activate`, { body: {} });
    const people = 30;
    for (let i = 0; i < people; i++) {
      const session = await createClient({ baseUrl: first.url }).customers.signup({ email: `durable${i}@example.fr`, password: 'correct horse battery' });
      const me = createClient({ baseUrl: first.url, token: session.token });
      await me.myPrivacy.setConsents({ purposes: { marketing_email: true }, wordingVersion: 'v1' });
      const cart = await me.carts.create({ channel: 'web' });
      await me.carts.addItem(cart.id, { sku: 'DUR-1-U', quantity: 1 });
    }
    // Killed while timers come due: some runs have sent, some are due, some are in flight.
    await new Promise((resolve) => setTimeout(resolve, 900));
    first.child.kill('SIGKILL');
    await first.exited;

    first = await startServerProcess(env);
    const restarted = createClient({ baseUrl: first.url, token: TOKEN });
    const messages = await until(async () => {
      const { items } = await restarted.request<{ items: { status: string; recipient: string }[] }>('GET', '/v1/messages', { query: { journeyId: journey.id, limit: 200 } });
      return items.length >= people ? items : undefined;
    }, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { items: settled } = await restarted.request<{ items: { status: string; recipient: string }[] }>('GET', '/v1/messages', { query: { journeyId: journey.id, limit: 200 } });
    assert.equal(settled.length, people, 'one message per person, none twice');
    assert.equal(new Set(settled.map((m) => m.recipient)).size, people);
    assert.ok(messages.every((m) => m.status === 'sent'));
    const stats = await restarted.request<{ entered: number; completed: number; inProgress: number }>('GET', `/v1/journeys/${journey.id}/stats`);
    assert.deepEqual([stats.entered, stats.completed, stats.inProgress], [people, people, 0]);
  } finally {
    first.child.kill('SIGKILL');
    await first.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
