import type { Insertable } from 'kysely';
import type { LocationTable } from '../modules/catalog/catalog.tables.js';
import type { RowSink } from './bulk-writer.js';
import type { DemoProduct } from './catalog.js';
import { Random, STREAM } from './random.js';
import { DEMO_NOW } from './stylenow.js';

const STOCK_SEED = 20_261_102;

/** Where a department is found, in the two store formats (the zone codes of locations.ts). */
function zoneOf(category: string, small: boolean): string {
  if (small) return category.startsWith('femme') ? 'A1' : category.startsWith('homme') ? 'B1' : 'C1';
  if (/^femme-(robes|jupes)/.test(category)) return 'A1';
  if (/^femme-(hauts|chemises|mailles)/.test(category)) return 'A2';
  if (category.startsWith('femme')) return 'A3';
  if (/^homme-(tshirts|chemises|mailles)/.test(category)) return 'B1';
  if (category.startsWith('homme')) return 'B2';
  if (category.startsWith('chaussures')) return 'C2';
  if (category.startsWith('beaute')) return 'D1';
  return 'C1';
}

export interface StockCounts {
  levels: number;
  units: number;
}

/**
 * The demo's stock: warehouses hold nearly every sku in dozens; each store carries a share of the
 * products (a fifth in full stores, fewer in small ones), a few units per size, some sold out, each
 * in its department's aisle. Every quantity is explained by one `receipt` in the ledger, dated the
 * demo's today. The same on every run and engine.
 */
export function writeStock(sink: RowSink, locations: Insertable<LocationTable>[], products: DemoProduct[]): StockCounts {
  const counts: StockCounts = { levels: 0, units: 0 };
  locations.forEach((location, index) => {
    const random = new Random(STOCK_SEED, STREAM.stock, index);
    const warehouse = location.kind === 'warehouse';
    const small = !warehouse && JSON.parse(location.zones ?? '[]').length <= 3;
    const share = warehouse ? 0.97 : small ? 0.1 : 0.2;
    let movement = 0;
    for (const product of products) {
      if (random.next() >= share) continue;
      const zone = warehouse ? null : zoneOf(product.category, small);
      for (const variant of product.variants) {
        const onHand = warehouse ? random.int(5, 80) : random.next() < 0.15 ? 0 : random.int(1, 6);
        sink.add('stock_levels', [variant.sku, location.id!, onHand, 0, 0, 0, warehouse ? 10 : 2, zone, DEMO_NOW]);
        counts.levels += 1;
        counts.units += onHand;
        if (onHand > 0) {
          movement += 1;
          sink.add('stock_movements', [`mov_demo${String(index).padStart(3, '0')}${String(movement).padStart(7, '0')}`, variant.sku, location.id!, 'receipt', onHand, onHand, 'Stock initial de la démo', 'demo', 'system', DEMO_NOW]);
        }
      }
    }
  });
  return counts;
}
