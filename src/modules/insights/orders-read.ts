import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';

/** What insights needs of an order: read from commerce's table, never written. */
export interface OrderFacts {
  id: string;
  profileId: string | null;
  storeId: string | null;
  channel: string;
  method: string;
  placedAt: string;
  total: number;
  currency: string;
}

/**
 * An order by its id, or by a till's own reference (a till's `Order Completed` names its own order id,
 * which commerce keeps as the till payment's reference when it turns the sale into an order).
 */
export async function findOrderFacts(db: Kysely<DB>, ref: string): Promise<OrderFacts | null> {
  const columns = ['o.id', 'o.profile_id', 'o.store_id', 'o.channel', 'o.method', 'o.placed_at', 'o.total_amount', 'o.currency'] as const;
  const row =
    (await db.selectFrom('orders as o').select(columns).where('o.id', '=', ref).executeTakeFirst()) ??
    (await db
      .selectFrom('payments as p')
      .innerJoin('orders as o', 'o.id', 'p.order_id')
      .select(columns)
      .where('p.provider', '=', 'till')
      .where('p.provider_reference', '=', ref)
      .orderBy('o.placed_at')
      .executeTakeFirst());
  if (!row) return null;
  return { id: row.id, profileId: row.profile_id, storeId: row.store_id, channel: row.channel, method: row.method, placedAt: row.placed_at, total: row.total_amount, currency: row.currency };
}
