/**
 * What the database holds after the checkout runs, read once the server has stopped: one order per
 * 201 answer (and per request still in flight when a run ended), each with its 3 lines, 3 active holds at its store, its payment, its 2 domain events
 * and its `Order Placed` timeline event; every ordered cart closed; and `reserved` equal to the sum
 * of the active holds on every stock level.
 */
import SqliteDatabase from 'better-sqlite3';

export interface CheckoutCheck {
  orders: number;
  answered201: number;
  /**
   * Orders = 201 answers, give or take the requests in flight when a run ended at its duration (the
   * server committed them, the client had stopped listening): at most one per connection and run.
   */
  ordersMatchAnswers: boolean;
  /** Orders without exactly 3 lines, 3 active holds, 1 captured payment, 2 domain events, 1 timeline event. */
  incompleteOrders: number;
  /** Carts marked ordered without an order, or with more than one. */
  cartMismatches: number;
  /** Stock levels whose `reserved` is not the sum of their active holds: must be 0. */
  reservedMismatches: number;
  /** Order lines whose total is below its undiscounted price: promotions were applied. */
  discountedLines: number;
}

export function checkOrders(file: string, answered201: number, inFlightAtEnds: number): CheckoutCheck {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const one = <T>(sql: string): T => db.prepare(sql).get() as T;
    const { orders } = one<{ orders: number }>('select count(*) as orders from orders');
    const { incomplete } = one<{ incomplete: number }>(`
      select count(*) as incomplete from orders o
      where (select count(*) from order_lines l where l.order_id = o.id) <> 3
         or (select count(*) from stock_holds h where h.owner_type = 'order' and h.owner_id = o.id and h.status = 'active' and h.location_id = o.store_id) <> 3
         or (select count(*) from payments p where p.order_id = o.id and p.status = 'captured') <> 1
         or (select count(*) from domain_events d where d.subject_id = o.id) <> 2
         or (select count(*) from events e where e.profile_id = o.profile_id and e.name = 'Order Placed') <> 1`);
    const { carts } = one<{ carts: number }>(`
      select count(*) as carts from carts c
      where (c.status = 'ordered') <> ((select count(*) from orders o where o.cart_id = c.id) = 1)`);
    const { mismatches } = one<{ mismatches: number }>(`
      select count(*) as mismatches from stock_levels s
      where s.reserved <> coalesce((select sum(h.quantity) from stock_holds h where h.sku = s.sku and h.location_id = s.location_id and h.status = 'active'), 0)`);
    const { discounted } = one<{ discounted: number }>('select count(*) as discounted from order_lines where discount_amount > 0');
    const unanswered = orders - answered201;
    return { orders, answered201, ordersMatchAnswers: unanswered >= 0 && unanswered <= inFlightAtEnds, incompleteOrders: incomplete, cartMismatches: carts, reservedMismatches: mismatches, discountedLines: discounted };
  } finally {
    db.close();
  }
}
