import { insertStore } from '../support/fixtures.js';
import type { TestServer } from '../support/harness.js';

/** A store with stock, and a customer who ordered there (click and collect, from the web). */
export async function customerWithOrder(server: TestServer, email: string, storeId?: string) {
  const store = storeId ?? (await insertStore(server));
  const sku = `INS-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  await server.admin.products.create({ ref: sku, name: 'Pull en laine', variants: [{ sku: `${sku}-U`, price: { amount: 4900, currency: 'EUR' } }] });
  await server.admin.inventory.set(`${sku}-U`, store, { onHand: 5 });
  const session = await server.client().customers.signup({ email, password: 'correct horse battery' });
  const me = server.client(session.token);
  const cart = await me.carts.create({ channel: 'web' });
  await me.carts.addItem(cart.id, { sku: `${sku}-U`, quantity: 1 });
  const order = await me.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId: store }, payment: { method: 'online' } });
  return { storeId: store, profileId: session.profileId, me, order, email };
}
