/**
 * Where the goods of an order for a store come from: a pure decision over availability already
 * fetched (`sourcing.service.ts` fetches it and can carry the plan out). No I/O, so every rule is
 * tested without a database.
 *
 * 1. The chosen store has every line in full: take everything there (`store`).
 * 2. Else the nearest warehouse (great-circle distance from the store; ties by id) that has every
 *    line in full ships everything to the store (`ship_to_store`), arriving after the lead time of
 *    that route.
 * 3. Else, only when splitting is allowed: what the store has, then the rest from warehouses
 *    nearest first (`split`).
 * 4. Else `unavailable`: nothing is planned; `missing` says what the store and warehouses together
 *    lack (empty when the goods exist but not in one place and splitting is not allowed).
 *
 * Other stores are not sources: their stock serves their own customers walking in.
 */
import { haversineKm } from '../catalog/geo.js';

export interface SourcingLocation {
  id: string;
  kind: 'store' | 'warehouse';
  latitude: number;
  longitude: number;
}

export interface SourcingLine {
  sku: string;
  quantity: number;
}

export interface PlanInput {
  store: SourcingLocation;
  lines: readonly SourcingLine[];
  warehouses: readonly SourcingLocation[];
  /** Units available (on hand − reserved − safety stock) of a sku at a location. */
  available: (locationId: string, sku: string) => number;
  allowSplit: boolean;
  now: Date;
  /** Lead time of a transfer from a warehouse to the store, in ms. */
  leadTimeMs: (fromLocationId: string, toLocationId: string) => number;
}

export interface PlannedSource {
  locationId: string;
  kind: 'store' | 'warehouse';
  action: 'pick_in_store' | 'transfer_to_store';
  distanceKm: number;
  estimatedArrivalAt: string | null;
  lines: SourcingLine[];
}

export interface SourcingPlan {
  outcome: 'store' | 'ship_to_store' | 'split' | 'unavailable';
  storeId: string;
  sources: PlannedSource[];
  missing: SourcingLine[];
  allowSplit: boolean;
}

const round = (km: number) => Math.round(km * 100) / 100;

export function planSourcing(input: PlanInput): SourcingPlan {
  const { store, lines, allowSplit } = input;
  const free = (locationId: string, sku: string) => Math.max(0, input.available(locationId, sku));
  const base = { storeId: store.id, allowSplit };
  const inStore = (planned: SourcingLine[]): PlannedSource => ({ locationId: store.id, kind: store.kind, action: 'pick_in_store', distanceKm: 0, estimatedArrivalAt: null, lines: planned });
  const warehouses = input.warehouses
    .filter((w) => w.id !== store.id)
    .map((w) => ({ location: w, distanceKm: haversineKm(store, w) }))
    .sort((a, b) => a.distanceKm - b.distanceKm || (a.location.id < b.location.id ? -1 : 1));
  const fromWarehouse = (w: (typeof warehouses)[number], planned: SourcingLine[]): PlannedSource => ({
    locationId: w.location.id,
    kind: w.location.kind,
    action: 'transfer_to_store',
    distanceKm: round(w.distanceKm),
    estimatedArrivalAt: new Date(input.now.getTime() + input.leadTimeMs(w.location.id, store.id)).toISOString(),
    lines: planned,
  });
  const copy = () => lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));

  if (lines.every((l) => free(store.id, l.sku) >= l.quantity)) return { ...base, outcome: 'store', sources: [inStore(copy())], missing: [] };

  const whole = warehouses.find((w) => lines.every((l) => free(w.location.id, l.sku) >= l.quantity));
  if (whole) return { ...base, outcome: 'ship_to_store', sources: [fromWarehouse(whole, copy())], missing: [] };

  const remaining = new Map(lines.map((l) => [l.sku, l.quantity]));
  if (allowSplit) {
    const sources: PlannedSource[] = [];
    const take = (locationId: string): SourcingLine[] => {
      const taken: SourcingLine[] = [];
      for (const line of lines) {
        const need = remaining.get(line.sku) ?? 0;
        const quantity = Math.min(need, free(locationId, line.sku));
        if (quantity <= 0) continue;
        taken.push({ sku: line.sku, quantity });
        remaining.set(line.sku, need - quantity);
      }
      return taken;
    };
    const here = take(store.id);
    if (here.length > 0) sources.push(inStore(here));
    for (const w of warehouses) {
      if ([...remaining.values()].every((q) => q === 0)) break;
      const there = take(w.location.id);
      if (there.length > 0) sources.push(fromWarehouse(w, there));
    }
    if ([...remaining.values()].every((q) => q === 0)) return { ...base, outcome: 'split', sources, missing: [] };
    return { ...base, outcome: 'unavailable', sources: [], missing: lines.flatMap((l) => ((remaining.get(l.sku) ?? 0) > 0 ? [{ sku: l.sku, quantity: remaining.get(l.sku)! }] : [])) };
  }

  // Not splittable: report what the store and warehouses together lack.
  const missing = lines.flatMap((l) => {
    const total = free(store.id, l.sku) + warehouses.reduce((sum, w) => sum + free(w.location.id, l.sku), 0);
    return total < l.quantity ? [{ sku: l.sku, quantity: l.quantity - total }] : [];
  });
  return { ...base, outcome: 'unavailable', sources: [], missing };
}
