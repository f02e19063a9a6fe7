/**
 * The benchmark's database: the real migrations, a few stores and skus (the variants exist in the
 * catalog like real ones), and stock levels for the hot items, written with prepared statements.
 */
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

export interface HotItem {
  sku: string;
  locationId: string;
}

export interface BenchData {
  file: string;
  /** Items with stock far beyond what a run can reserve: every reservation succeeds. */
  plenty: HotItem[];
  /** Items with `limitedUnits` each: most reservations are refused once they run out. */
  limited: HotItem[];
  /** Items for the Idempotency-Key run (plenty of stock). */
  keyed: HotItem[];
  /** Items the warm-up reserves (plenty of stock), so that the measured runs' items start untouched. */
  warm: HotItem[];
  limitedUnits: number;
}

export async function prepareData(file: string, options: { hotSkus: number; stores: number; limitedUnits: number }): Promise<BenchData> {
  const database = openDatabase({ sqliteFile: file });
  await migrateToLatest(database);
  const sqlite = database.sqlite!;
  const now = new Date().toISOString();
  const insertLocation = sqlite.prepare(
    `insert into locations (id, kind, code, name, address_line1, address_line2, postal_code, city, country, latitude, longitude, timezone, phone, email, services, zones, opening_hours, hours_exceptions, created_at, updated_at)
     values (?, 'store', ?, ?, '1 rue de la République', null, '69001', 'Lyon', 'FR', ?, ?, 'Europe/Paris', null, null, '[]', '[]', '{}', '[]', ?, ?)`,
  );
  const insertProduct = sqlite.prepare(
    `insert into products (id, ref, name, name_en, description, description_en, brand, category_id, attributes, images, sort_key, created_at, updated_at)
     values (?, ?, ?, null, '', null, null, null, '{}', '[]', ?, ?, ?)`,
  );
  const insertVariant = sqlite.prepare(
    `insert into product_variants (sku, product_id, size, color, size_key, color_key, price_amount, currency, compare_at_amount, barcode, images, attributes, position)
     values (?, ?, null, null, null, null, 4990, 'EUR', null, null, '[]', '{}', ?)`,
  );
  const insertLevel = sqlite.prepare(
    `insert into stock_levels (sku, location_id, on_hand, reserved, in_transit, safety_stock, low_stock_threshold, zone, updated_at) values (?, ?, ?, 0, 0, ?, 2, null, ?)`,
  );
  const insertMovement = sqlite.prepare(
    `insert into stock_movements (id, sku, location_id, kind, delta, on_hand_after, reason, reference, actor, created_at) values (?, ?, ?, 'count', ?, ?, 'bench', null, 'bench', ?)`,
  );
  const stores = Array.from({ length: options.stores }, (_, i) => `sto_bench${String(i).padStart(3, '0')}`);
  const item = (group: string, s: number, l: number): HotItem => ({ sku: `BENCH-${group}-${s}`, locationId: stores[l]! });
  const plenty: HotItem[] = [];
  const limited: HotItem[] = [];
  const keyed: HotItem[] = [];
  const warm: HotItem[] = [];
  let movement = 0;
  sqlite.transaction(() => {
    stores.forEach((id, i) => insertLocation.run(id, `BENCH-${i}`, `Bench store ${i}`, 45.7 + i / 100, 4.8 + i / 100, now, now));
    for (const [group, list, units, safety] of [
      ['P', plenty, 100_000_000, 2],
      ['L', limited, options.limitedUnits, 0],
      ['K', keyed, 100_000_000, 2],
      ['W', warm, 100_000_000, 2],
    ] as const) {
      for (let s = 0; s < options.hotSkus; s++) {
        const productId = `prd_bench_${group}${s}`;
        insertProduct.run(productId, `BENCH-${group}-${s}`, `Robe bench ${group}${s}`, `robe bench ${group}${s}`, now, now);
        insertVariant.run(`BENCH-${group}-${s}`, productId, 0);
        for (let l = 0; l < stores.length; l++) {
          const hot = item(group, s, l);
          list.push(hot);
          insertLevel.run(hot.sku, hot.locationId, units, safety, now);
          insertMovement.run(`mov_bench${String(movement++).padStart(8, '0')}`, hot.sku, hot.locationId, units, units, now);
        }
      }
    }
  })();
  await database.close();
  return { file, plenty, limited, keyed, warm, limitedUnits: options.limitedUnits };
}
