/** What the ledger records; `delta` is the change of on hand (0 for kinds that only move reservations). */
export type MovementKind =
  | 'receipt'
  | 'online_sale'
  | 'till_sale'
  | 'transfer_out'
  | 'transfer_in'
  | 'return'
  | 'count'
  | 'adjustment';

export type HoldOwnerType = 'order' | 'reserve_and_try' | 'cart' | 'manual';
/** active → released (by its owner or an admin) | expired (by the sweeper) | consumed (sold). */
export type HoldStatus = 'active' | 'released' | 'expired' | 'consumed';
export type TransferStatus = 'in_transit' | 'received' | 'cancelled';

/**
 * One row per (sku, location): the quantities every channel sells from.
 * available = on_hand − reserved − safety_stock, never stored, so it cannot drift.
 * Every change is one conditional UPDATE (DESIGN.md), so it holds under any concurrency.
 */
export interface StockLevelTable {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  /** Units on their way here by transfer (not yet on hand, not sellable here). */
  in_transit: number;
  safety_stock: number;
  /** Below or at this available quantity the location reports low stock. */
  low_stock_threshold: number;
  /** Code of the location's aisle or zone (`locations.zones[].code`) where this sku is found. */
  zone: string | null;
  updated_at: string;
}

/** Append-only: the sum of `delta` per (sku, location) is its on hand. */
export interface StockMovementTable {
  id: string;
  sku: string;
  location_id: string;
  kind: MovementKind;
  delta: number;
  /** On hand right after this movement, for reading the ledger without summing it. */
  on_hand_after: number;
  reason: string | null;
  /** What caused it: an order, a transfer, a tracking event, an import… (`ord_…`, `trf_…`). */
  reference: string | null;
  /** Who: a staff id, `source:<id>`, `system`. */
  actor: string | null;
  created_at: string;
}

export interface StockHoldTable {
  id: string;
  sku: string;
  location_id: string;
  quantity: number;
  owner_type: HoldOwnerType;
  owner_id: string | null;
  status: HoldStatus;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** Why it ended: `released`, `expired`, `cancelled`, `sold`… */
  end_reason: string | null;
}

export interface StockTransferTable {
  id: string;
  from_location_id: string;
  to_location_id: string;
  status: TransferStatus;
  /** Why it exists, e.g. the order it feeds (ship to store). */
  reference: string | null;
  estimated_arrival_at: string | null;
  created_at: string;
  received_at: string | null;
  /** Whom the goods are for (ship to store): receiving the transfer holds them for this owner. */
  owner_type: HoldOwnerType | null;
  owner_id: string | null;
}

export interface StockTransferLineTable {
  transfer_id: string;
  sku: string;
  quantity: number;
}

/** Retailer-wide inventory settings, one row per key (JSON values). */
export interface InventorySettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A till sale as recorded, keyed by the tracking event it came from (replays change nothing). */
export interface TillSaleTable {
  event_id: string;
  store_id: string;
  reference: string | null;
  /** JSON array of {sku, quantity, recorded, shortfall, reservedUncovered, onHandAfter}: what the till sold and what on hand took. */
  lines: string;
  /** JSON array of {sku, quantity, reason}: lines not recorded at all (unknown sku, bad quantity). */
  skipped: string;
  recorded_at: string;
}

export interface InventoryTables {
  stock_levels: StockLevelTable;
  stock_movements: StockMovementTable;
  stock_holds: StockHoldTable;
  stock_transfers: StockTransferTable;
  stock_transfer_lines: StockTransferLineTable;
  inventory_settings: InventorySettingTable;
  till_sales: TillSaleTable;
}
