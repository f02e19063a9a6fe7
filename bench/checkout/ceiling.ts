/**
 * The database ceiling of a checkout: what better-sqlite3 alone does on a copy of the benchmark's
 * database, opened as the app opens it (`openDatabase`: same pragmas; the app's WAL checkpointer
 * worker, nudged as checkout nudges it), one transaction per checkout, ordering the same prepared
 * carts: the statements no checkout can do without, with no HTTP, no validation, no query builder,
 * no pricing and no JSON beyond fixed strings.
 *
 *   claim the Idempotency-Key · read the cart and its 3 lines (joined to the catalog) · 3 conditional
 *   UPDATEs of the store's stock · 3 holds · close the cart · the order · 3 order lines · the first
 *   transition · the payment · 2 domain events · the timeline event · store the answer with the key
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/platform/db/database.js';
import { startWalCheckpointer } from '../../src/platform/db/wal-checkpointer.js';
import type { PreparedCart } from './data.js';

export interface SqliteCheckoutCeiling {
  checkoutsPerSec: number;
  statementsPerCheckout: number;
  carts: number;
}

export async function measureCheckoutCeiling(file: string, carts: readonly PreparedCart[], seconds: number): Promise<SqliteCheckoutCeiling> {
  const database = openDatabase({ sqliteFile: file });
  const checkpointer = startWalCheckpointer(database);
  const db = database.sqlite!;
  try {
    const s = {
      claim: db.prepare(`insert into idempotency_keys (caller, key, fingerprint, method, path, status_code, response_body, created_at, expires_at) values (?, ?, ?, 'POST', ?, 0, '', ?, ?) on conflict do nothing`),
      cart: db.prepare(`select * from carts where id = ?`),
      items: db.prepare(
        `select i.sku, i.quantity, v.product_id, v.size, v.color, v.price_amount, v.currency, p.name, p.category_id from cart_items i join product_variants v on v.sku = i.sku join products p on p.id = v.product_id where i.cart_id = ? order by i.added_at, i.sku`,
      ),
      reserve: db.prepare(`update stock_levels set reserved = reserved + ?, updated_at = ? where sku = ? and location_id = ? and on_hand - reserved - safety_stock >= ?`),
      hold: db.prepare(
        `insert into stock_holds (id, sku, location_id, quantity, owner_type, owner_id, status, expires_at, created_at, updated_at, end_reason) values (?, ?, ?, ?, 'order', ?, 'active', null, ?, ?, null)`,
      ),
      close: db.prepare(`update carts set status = 'ordered', updated_at = ? where id = ? and status = 'active'`),
      order: db.prepare(
        `insert into orders (id, profile_id, cart_id, channel, store_id, method, status, payment_method, payment_status, currency, subtotal_amount, discount_amount, delivery_amount, total_amount, promo_code, address, expires_at, idempotency_key, source_event_id, promotions, points_earned, placed_at, updated_at)
         values (?, ?, ?, ?, ?, 'click_and_collect', 'placed', 'online', 'captured', 'EUR', ?, 0, 0, ?, null, null, null, null, null, '[]', 0, ?, ?)`,
      ),
      lines: db.prepare(
        `insert into order_lines (order_id, line_no, sku, product_id, name, size, color, quantity, unit_amount, discount_amount, total_amount, location_id, hold_id, returned_quantity, kept_quantity)
         values (?, 1, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, null), (?, 2, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, null), (?, 3, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, null)`,
      ),
      transition: db.prepare(`insert into order_transitions (order_id, seq, from_status, to_status, actor, reason, at) values (?, 1, null, 'placed', null, 'checkout', ?)`),
      payment: db.prepare(
        `insert into payments (id, order_id, provider, method, status, amount, refunded_amount, currency, provider_reference, created_at, updated_at) values (?, ?, 'test', 'online', 'captured', ?, 0, 'EUR', ?, ?, ?)`,
      ),
      domainEvent: db.prepare(`insert into domain_events (id, type, subject_id, payload, occurred_at, dispatched) values (?, ?, ?, ?, ?, 0)`),
      event: db.prepare(
        `insert into events (id, source_id, message_id, profile_id, type, name, channel, store_id, timestamp, received_at, payload, identifiers, order_key, anonymized) values (?, 'system', ?, ?, 'track', 'Order Placed', 'web', null, ?, ?, ?, '[]', ?, 0)`,
      ),
      answer: db.prepare(`update idempotency_keys set status_code = 201, response_body = ? where caller = ? and key = ?`),
    };
    const payload = JSON.stringify({ orderId: 'x', lines: [1, 2, 3] });
    const one = db.transaction((cart: PreparedCart, n: number) => {
      const at = new Date().toISOString();
      const key = `ceiling-${n}-${randomBytes(6).toString('hex')}`;
      const caller = `customer:${cart.profileId}`;
      s.claim.run(caller, key, 'fingerprint', `/v1/carts/${cart.cartId}/checkout`, at, at);
      const row = s.cart.get(cart.cartId) as { status: string } | undefined;
      if (row?.status !== 'active') throw new Error(`ceiling: cart ${cart.cartId} is not active`);
      const items = s.items.all(cart.cartId) as { sku: string; quantity: number; product_id: string; size: string; color: string; price_amount: number; name: string }[];
      if (items.length !== 3) throw new Error(`ceiling: cart ${cart.cartId} has ${items.length} lines`);
      const orderId = `ord_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`;
      const holds: string[] = [];
      for (const item of items) {
        if (s.reserve.run(item.quantity, at, item.sku, cart.storeId, item.quantity).changes !== 1) throw new Error(`ceiling: ${item.sku} ran out`);
        const holdId = `hld_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`;
        s.hold.run(holdId, item.sku, cart.storeId, item.quantity, orderId, at, at);
        holds.push(holdId);
      }
      s.close.run(at, cart.cartId);
      const total = items.reduce((sum, i) => sum + i.price_amount * i.quantity, 0);
      s.order.run(orderId, cart.profileId, cart.cartId, 'web', cart.storeId, total, total, at, at);
      s.lines.run(...items.flatMap((i, k) => [orderId, i.sku, i.product_id, i.name, i.size, i.color, i.quantity, i.price_amount, i.price_amount * i.quantity, cart.storeId, holds[k]]));
      s.transition.run(orderId, at);
      s.payment.run(`pay_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`, orderId, total, `test_${orderId}`, at, at);
      s.domainEvent.run(`dev_ceiling${n.toString(36)}a${randomBytes(5).toString('hex')}`, 'commerce.order_placed', orderId, payload, at);
      s.domainEvent.run(`dev_ceiling${n.toString(36)}b${randomBytes(5).toString('hex')}`, 'commerce.order_status_changed', orderId, payload, at);
      s.event.run(`evt_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`, `msg_ceiling${n.toString(36)}${randomBytes(5).toString('hex')}`, cart.profileId, at, at, payload, at);
      s.answer.run(payload, caller, key);
    });
    let n = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    while (performance.now() < deadline && n < carts.length) {
      for (let i = 0; i < 50 && n < carts.length; i++, n++) one(carts[n]!, n);
      checkpointer?.nudge();
    }
    return { checkoutsPerSec: Math.round(n / ((performance.now() - started) / 1000)), statementsPerCheckout: 18, carts: n };
  } finally {
    await checkpointer?.stop();
    await database.close();
  }
}
