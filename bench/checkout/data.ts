/**
 * The checkout benchmark's database, prepared before anything is timed: the real migrations, a
 * catalog with a category tree, stores offering click & collect with stock far beyond what a run
 * can order (so no line is short), automatic and code-only promotions, and customers each with a
 * signed-in session and one active cart of 3 lines.
 *
 * Customers are made by the app's own ingestion (`storeEvents`, the identify event a sign-up
 * records: an account id as a device id, the email as a trait), so their identity graph is the one
 * a real sign-up leaves; their accounts, session tokens and carts are then written with prepared
 * statements (a sign-up through the API hashes a password with scrypt: minutes for 30,000 people).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { hashSecret } from '../../src/platform/auth/passwords.js';
import { newId } from '../../src/platform/ids.js';
import { SYSTEM_SOURCE_ID, storeEvents } from '../../src/modules/identity/ingest/ingest.service.js';
import { normaliseSegmentEvent, type NormalisedEvent, type SourceInfo } from '../../src/modules/identity/ingest/segment-event.js';
import { seededRandom } from '../lib/random.js';

/** One customer's cart, ready to be ordered: the request needs only these. */
export interface PreparedCart {
  cartId: string;
  profileId: string;
  /** Customer session token (Bearer). */
  token: string;
  storeId: string;
}

export interface CheckoutData {
  file: string;
  /** Carts in the order they are to be used; each can be ordered once. */
  carts: PreparedCart[];
  stores: string[];
  skus: number;
  products: number;
  categories: number;
  promotions: { automatic: number; withCode: number; inactive: number };
  stockRows: number;
  /** Seconds to prepare, by part. */
  seconds: { catalogAndStock: number; customers: number; carts: number };
}

export interface CheckoutDataOptions {
  customers: number;
  stores: number;
  products: number;
  seed: number;
}

/** Far more than any run orders: 45,000 carts × at most 6 units spread over thousands of skus. */
const UNITS = 1_000_000;
const SIZES = ['34', '36', '38', '40', '42', '44'];
const COLOURS = ['noir', 'blanc', 'bleu', 'rouge', 'vert', 'beige'];
const TREE: [string, string | null][] = [
  ['femme', null],
  ['homme', null],
  ['robes', 'femme'],
  ['robes-longues', 'robes'],
  ['robes-courtes', 'robes'],
  ['jupes', 'femme'],
  ['tops', 'femme'],
  ['t-shirts-femme', 'tops'],
  ['chemises-femme', 'tops'],
  ['pantalons-femme', 'femme'],
  ['jeans-femme', 'pantalons-femme'],
  ['vestes-femme', 'femme'],
  ['chemises-homme', 'homme'],
  ['t-shirts-homme', 'homme'],
  ['pantalons-homme', 'homme'],
  ['jeans-homme', 'pantalons-homme'],
  ['vestes-homme', 'homme'],
  ['accessoires', null],
  ['sacs', 'accessoires'],
  ['ceintures', 'accessoires'],
];
const LEAVES = TREE.map(([slug]) => slug).filter((slug) => !TREE.some(([, parent]) => parent === slug));

export async function prepareCheckoutData(file: string, options: CheckoutDataOptions): Promise<CheckoutData> {
  const random = seededRandom(options.seed);
  const database = openDatabase({ sqliteFile: file });
  try {
    await migrateToLatest(database);
    const sqlite = database.sqlite;
    if (!sqlite) throw new Error('the checkout data loader needs the SQLite handle');
    const now = new Date().toISOString();
    let started = performance.now();

    // 1. Catalog, stores, stock, promotions.
    const category = sqlite.prepare('insert into categories (id, slug, name, name_en, parent_id, position) values (?, ?, ?, null, ?, ?)');
    const location = sqlite.prepare(
      `insert into locations (id, kind, code, name, address_line1, address_line2, postal_code, city, country, latitude, longitude, timezone, phone, email, services, zones, opening_hours, hours_exceptions, created_at, updated_at)
       values (?, 'store', ?, ?, '1 rue de la République', null, '69001', 'Lyon', 'FR', ?, ?, 'Europe/Paris', null, null, ?, '[]', '{}', '[]', ?, ?)`,
    );
    const product = sqlite.prepare(
      `insert into products (id, ref, name, name_en, description, description_en, brand, category_id, attributes, images, sort_key, created_at, updated_at)
       values (?, ?, ?, null, '', null, 'StyleNow', ?, '{}', ?, ?, ?, ?)`,
    );
    const variant = sqlite.prepare(
      `insert into product_variants (sku, product_id, size, color, size_key, color_key, price_amount, currency, compare_at_amount, barcode, images, attributes, position)
       values (?, ?, ?, ?, ?, ?, ?, 'EUR', null, null, '[]', '{}', ?)`,
    );
    const level = sqlite.prepare(`insert into stock_levels (sku, location_id, on_hand, reserved, in_transit, safety_stock, low_stock_threshold, zone, updated_at) values (?, ?, ?, 0, 0, 1, 2, null, ?)`);
    const movement = sqlite.prepare(`insert into stock_movements (id, sku, location_id, kind, delta, on_hand_after, reason, reference, actor, created_at) values (?, ?, ?, 'count', ?, ?, 'bench', null, 'bench', ?)`);
    const promotion = sqlite.prepare(
      `insert into promotions (id, name, kind, value, target, conditions, requires_code, stackable, priority, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const code = sqlite.prepare(
      `insert into promotion_codes (code, promotion_id, profile_id, single_use, redeemed_count, redeemed_order_id, expires_at, scope_product_id, created_at) values (?, ?, null, 0, 0, null, null, null, ?)`,
    );
    const categoryIds = new Map(TREE.map(([slug]) => [slug, `cat_bench_${slug}`]));
    const stores = Array.from({ length: options.stores }, (_, i) => `sto_bench_c${String(i).padStart(3, '0')}`);
    const skus: string[] = [];
    let stockRows = 0;
    const promotions = { automatic: 0, withCode: 0, inactive: 0 };
    sqlite.transaction(() => {
      TREE.forEach(([slug, parent], i) => category.run(categoryIds.get(slug), slug, slug, parent ? categoryIds.get(parent) : null, i));
      const services = JSON.stringify(['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup']);
      stores.forEach((id, i) => location.run(id, `BENCH-C${i}`, `Boutique ${i}`, 45.7 + i / 100, 4.8 + i / 100, services, now, now));
      for (let p = 0; p < options.products; p++) {
        const productId = `prd_bench_c${String(p).padStart(5, '0')}`;
        const leaf = LEAVES[p % LEAVES.length]!;
        product.run(productId, `C-${p}`, `${leaf} ${p}`, categoryIds.get(leaf), JSON.stringify([`https://img.example/c${p}.jpg`]), `${leaf} ${p}`, now, now);
        const price = 1_990 + random.int(0, 40) * 250;
        for (let v = 0; v < 3; v++) {
          const sku = `C-${p}-${v}`;
          const size = SIZES[(p + v) % SIZES.length]!;
          const colour = COLOURS[p % COLOURS.length]!;
          variant.run(sku, productId, size, colour, size, colour, price, v);
          skus.push(sku);
        }
      }
      let m = 0;
      for (const store of stores) {
        for (const sku of skus) {
          level.run(sku, store, UNITS, now);
          movement.run(`mov_bench_c${String(m++).padStart(9, '0')}`, sku, store, UNITS, UNITS, now);
          stockRows++;
        }
      }
      const add = (name: string, kind: string, value: number, target: object, conditions: object, requiresCode: boolean, stackable: boolean, active: boolean) => {
        const id = newId('prm');
        promotion.run(id, name, kind, value, JSON.stringify(target), JSON.stringify(conditions), requiresCode ? 1 : 0, stackable ? 1 : 0, 0, active ? 1 : 0, now, now);
        if (!active) promotions.inactive++;
        else if (requiresCode) promotions.withCode++;
        else promotions.automatic++;
        return id;
      };
      // In play for most carts: 20 % off dresses (a category with sub-categories), and 10 € off from 150 €.
      add('Robes -20 %', 'percent_off', 20, { categoryIds: [categoryIds.get('robes')] }, {}, false, true, true);
      add('10 € dès 150 €', 'amount_off', 1_000, {}, { minSubtotal: 15_000, channels: ['web', 'app'] }, false, true, true);
      add('Livraison offerte', 'free_delivery', 0, {}, { fulfilment: ['home_delivery'], minSubtotal: 5_000 }, false, true, true);
      // Code-only and inactive ones, as a retailer keeps them: read, then left out by pricing.
      for (let i = 0; i < 5; i++) code.run(`BENCH${i}`, add(`Code ${i}`, 'percent_off', 10 + i, {}, {}, true, false, true), now);
      add('Soldes d’hiver (finies)', 'percent_off', 30, {}, { endsAt: '2026-02-01T00:00:00.000Z' }, false, true, true);
      add('Ancienne offre', 'amount_off', 500, {}, {}, false, true, false);
    })();
    const catalogAndStock = (performance.now() - started) / 1000;

    // 2. Customers, as a sign-up records them.
    started = performance.now();
    const account = sqlite.prepare('insert into customer_accounts (id, profile_id, email, password_hash, created_at) values (?, ?, ?, ?, ?)');
    const token = sqlite.prepare(
      `insert into access_tokens (id, token_hash, kind, staff_id, customer_account_id, profile_id, role, store_id, name, created_at, expires_at, revoked_at) values (?, ?, 'customer_session', null, ?, ?, null, null, null, ?, ?, null)`,
    );
    // Never checked (nobody signs in with a password here); shaped like a stored scrypt hash.
    const passwordHash = `scrypt$bench$${randomBytes(16).toString('hex')}`;
    const expiresAt = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
    const customers: { profileId: string; token: string }[] = [];
    const BATCH = 1_000;
    for (let from = 0; from < options.customers; from += BATCH) {
      const to = Math.min(options.customers, from + BATCH);
      const at = new Date();
      const people: { accountId: string; email: string }[] = [];
      const events: NormalisedEvent[] = [];
      for (let i = from; i < to; i++) {
        const accountId = newId('acc', at.getTime());
        const email = `client${i}@example.fr`;
        const channel = i % 3 === 0 ? 'app' : 'web';
        const source: SourceInfo = { id: SYSTEM_SOURCE_ID, channel, storeId: null };
        const normalised = normaliseSegmentEvent({ messageId: newId('msg', at.getTime()), timestamp: at.toISOString(), type: 'identify', anonymousId: accountId, traits: { email } }, source, at);
        if (!normalised.ok) throw new Error(`bench customer ${i}: ${normalised.field} ${normalised.message}`);
        people.push({ accountId, email });
        events.push(normalised.event);
      }
      const stored = await database.kysely.transaction().execute((trx) => storeEvents(trx, { id: SYSTEM_SOURCE_ID, channel: 'web', storeId: null }, events, at.toISOString(), { sqlite }));
      sqlite.transaction(() => {
        people.forEach((person, k) => {
          const profileId = stored[k]?.profileId;
          if (!profileId) throw new Error(`bench customer ${from + k} got no profile`);
          account.run(person.accountId, profileId, person.email, passwordHash, now);
          const secret = `pcs_${randomBytes(32).toString('base64url')}`;
          token.run(newId('tok'), hashSecret(secret), person.accountId, profileId, now, expiresAt);
          customers.push({ profileId, token: secret });
        });
      })();
    }
    const customersS = (performance.now() - started) / 1000;

    // 3. One active cart per customer: 3 distinct skus, 1 or 2 of each, and the store to collect from.
    started = performance.now();
    const cart = sqlite.prepare(`insert into carts (id, profile_id, anonymous_id, channel, status, merged_into, currency, promo_code, created_at, updated_at) values (?, ?, null, ?, 'active', null, 'EUR', null, ?, ?)`);
    const item = sqlite.prepare(`insert into cart_items (cart_id, sku, quantity, added_channel, added_by, added_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)`);
    const carts: PreparedCart[] = [];
    sqlite.transaction(() => {
      customers.forEach((customer, i) => {
        const channel = i % 3 === 0 ? 'app' : 'web';
        const cartId = `${newId('crt')}${randomBytes(5).toString('hex')}`;
        cart.run(cartId, customer.profileId, channel, now, now);
        const chosen = new Set<string>();
        while (chosen.size < 3) chosen.add(random.pick(skus));
        let k = 0;
        for (const sku of chosen) {
          const added = new Date(Date.parse(now) + k++ * 1_000).toISOString();
          item.run(cartId, sku, random.chance(0.25) ? 2 : 1, channel, `customer:${customer.profileId}`, added, added);
        }
        carts.push({ cartId, profileId: customer.profileId, token: customer.token, storeId: random.pick(stores) });
      });
    })();
    const cartsS = (performance.now() - started) / 1000;
    // A checkpointed file, as after an import: the server starts on a compact database.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      file,
      carts,
      stores,
      skus: skus.length,
      products: options.products,
      categories: TREE.length,
      promotions,
      stockRows,
      seconds: { catalogAndStock, customers: customersS, carts: cartsS },
    };
  } finally {
    await database.close();
  }
}
