/**
 * Till sales: goods sold at a store's till, reported by the store's source as Segment `Order
 * Completed` events, which identity turns into `identity.till_sale` domain events.
 *
 * The rule (issue 4: "may drive on hand below zero only if the retailer's setting allows it"):
 * - A till sale has already happened: it is never refused. Each line becomes a `till_sale` movement.
 * - With `allowNegativeOnHandForTillSales`, on hand goes down by the full quantity, below 0 if need be
 *   (the next count or receipt puts it right).
 * - Without it (the default), on hand goes down as far as 0 and no further: the movement records
 *   what was there, and the rest is a shortfall, recorded on the till sale and published as
 *   `inventory.till_sale_shortfall` so someone counts that shelf. No `adjustment` is invented.
 * - Either way, units the till took may have been reserved for a customer: when on hand ends below
 *   reserved, the event says how many held units are no longer covered (`reservedUncovered`), so
 *   commerce can warn the holds' owners; the holds themselves are left to their owners.
 * - Idempotent on the event id: the first recording stores a `till_sales` row keyed by it in the same
 *   transaction as the movements; a replayed event finds the row and changes nothing.
 * - Lines naming an unknown sku, or a quantity that is not a whole number ≥ 1, are skipped and
 *   listed on the till sale (the till knows things the catalog does not); the same sku twice is summed.
 */
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent, type Subscriber } from '../../platform/outbox/outbox.js';
import { readSettings } from './inventory-settings.js';
import { changeOnHand, findLocation, inTransaction, insertMovement, lockLevel } from './stock.repo.js';

export const TILL_SALE_EVENT = 'identity.till_sale';
export const TILL_SALE_SHORTFALL = 'inventory.till_sale_shortfall';

export interface TillSaleInput {
  storeId: string;
  lines: readonly { sku?: unknown; quantity?: unknown }[];
  reference?: string | null | undefined;
  /** The tracking event it came from: the key that makes replays harmless. */
  eventId?: string | undefined;
  /** Who reported it (`source:<id>`); the caller's principal otherwise. */
  actor?: string | undefined;
}

export interface TillSaleLine {
  sku: string;
  quantity: number;
  /** Units taken off on hand (the movement's delta, negated). */
  recorded: number;
  shortfall: number;
  /** Held units no longer covered by on hand after this sale. */
  reservedUncovered: number;
  onHandAfter: number;
}

export interface TillSaleOutcome {
  eventId: string;
  storeId: string;
  /** false when this event had already been recorded: nothing changed this time. */
  recorded: boolean;
  lines: TillSaleLine[];
  skipped: { sku: string | null; quantity: unknown; reason: string }[];
}

export async function recordTillSale(ctx: Ctx, input: TillSaleInput): Promise<TillSaleOutcome> {
  const eventId = input.eventId ?? input.reference ?? newId('till');
  const store = await findLocation(ctx.db, input.storeId);
  if (!store) throw new AppError('inventory.unknown_location', `Till sale ${eventId}: no store ${input.storeId}`, { errors: [{ path: 'storeId', message: `no store ${input.storeId}` }] });

  const skipped: TillSaleOutcome['skipped'] = [];
  const wanted = new Map<string, number>();
  for (const line of input.lines) {
    const sku = typeof line.sku === 'string' && line.sku.trim() !== '' ? line.sku.trim() : null;
    const quantity = line.quantity === undefined || line.quantity === null ? 1 : line.quantity;
    if (!sku) skipped.push({ sku: null, quantity, reason: 'no sku' });
    else if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) skipped.push({ sku, quantity, reason: 'quantity is not a whole number of at least 1' });
    else wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
  }
  const known = wanted.size === 0 ? new Set<string>() : new Set((await ctx.db.selectFrom('product_variants').select('sku').where('sku', 'in', [...wanted.keys()]).execute()).map((r) => r.sku));
  for (const [sku, quantity] of wanted) {
    if (!known.has(sku)) {
      skipped.push({ sku, quantity, reason: 'unknown sku' });
      wanted.delete(sku);
    }
  }
  const settings = await readSettings(ctx.db);
  const actor = input.actor ?? (ctx.principal.kind === 'source' ? `source:${ctx.principal.sourceId}` : ctx.principal.kind === 'staff' ? (ctx.principal.staffId ?? 'admin-token') : 'system');

  return inTransaction(ctx.db, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const claimed = await db
      .insertInto('till_sales')
      .values({ event_id: eventId, store_id: input.storeId, reference: input.reference ?? null, lines: '[]', skipped: '[]', recorded_at: at })
      .onConflict((c) => c.column('event_id').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
      const before = await db.selectFrom('till_sales').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
      return { eventId, storeId: before.store_id, recorded: false, lines: JSON.parse(before.lines) as TillSaleLine[], skipped: JSON.parse(before.skipped) as TillSaleOutcome['skipped'] };
    }
    const lines: TillSaleLine[] = [];
    for (const sku of [...wanted.keys()].sort()) {
      const quantity = wanted.get(sku)!;
      // The row is locked from here (PostgreSQL; SQLite holds the write lock): what is taken is exact.
      const level = await lockLevel(db, sku, input.storeId, at);
      const take = settings.allowNegativeOnHandForTillSales ? quantity : Math.min(quantity, Math.max(0, level.on_hand));
      let onHandAfter = level.on_hand;
      if (take > 0) {
        const after = await changeOnHand(db, { sku, locationId: input.storeId, delta: -take, guard: 'none', now: at });
        onHandAfter = after!.on_hand;
        await insertMovement(db, { sku, locationId: input.storeId, kind: 'till_sale', delta: -take, onHandAfter, note: null, reference: input.reference ?? eventId, actor, now });
      }
      lines.push({ sku, quantity, recorded: take, shortfall: quantity - take, reservedUncovered: Math.max(0, level.reserved - Math.max(0, onHandAfter)), onHandAfter });
    }
    await db.updateTable('till_sales').set({ lines: JSON.stringify(lines), skipped: JSON.stringify(skipped) }).where('event_id', '=', eventId).execute();
    const flagged = lines.filter((l) => l.shortfall > 0 || l.reservedUncovered > 0);
    if (flagged.length > 0 || skipped.length > 0) {
      await publishDomainEvent(db, ctx.clock, {
        type: TILL_SALE_SHORTFALL,
        subjectId: input.storeId,
        payload: { eventId, storeId: input.storeId, reference: input.reference ?? null, lines: flagged, skipped, allowNegativeOnHand: settings.allowNegativeOnHandForTillSales },
      });
    }
    return { eventId, storeId: input.storeId, recorded: true, lines, skipped };
  });
}

interface TillSalePayload {
  eventId?: unknown;
  sourceId?: unknown;
  storeId?: unknown;
  messageId?: unknown;
  products?: unknown;
}

/**
 * Records the till sales identity publishes for `Order Completed` events of store sources. Runs in
 * the delivery's transaction, so a sale is recorded exactly once with its delivery; a payload with
 * no store is logged and dropped (nothing to record it against); an unknown store fails the
 * delivery, which the outbox retries and then parks as dead for someone to look at.
 */
export function tillSaleSubscriber(): Subscriber {
  return {
    name: 'inventory.till-sales',
    types: [TILL_SALE_EVENT],
    async handle(event, ctx) {
      const payload = event.payload as TillSalePayload;
      if (typeof payload.storeId !== 'string' || payload.storeId === '') {
        ctx.log.warn({ eventId: event.id, payload }, 'till sale without a store: not recorded');
        return;
      }
      const products = Array.isArray(payload.products) ? (payload.products as { sku?: unknown; quantity?: unknown }[]) : [];
      const outcome = await recordTillSale(ctx, {
        storeId: payload.storeId,
        lines: products.filter((p) => p !== null && typeof p === 'object'),
        reference: typeof payload.messageId === 'string' ? payload.messageId : null,
        eventId: typeof payload.eventId === 'string' ? payload.eventId : event.id,
        actor: typeof payload.sourceId === 'string' ? `source:${payload.sourceId}` : 'system',
      });
      if (outcome.skipped.length > 0) ctx.log.warn({ eventId: outcome.eventId, skipped: outcome.skipped }, 'till sale lines skipped');
    },
  };
}
