/**
 * Releases expired holds: durable background work (a `BackgroundTask`), so it survives a restart
 * (the state is the holds table) and runs in every process at once without releasing a hold twice.
 *
 * One transaction per batch: ONE statement claims due holds by turning them `expired`
 * (`WHERE status = 'active'`, and on PostgreSQL a sub-select `FOR UPDATE SKIP LOCKED`, so two
 * workers take different holds instead of queueing on the same rows), then the reserved units of
 * the claimed holds are given back and an `inventory.hold_expired` event is published for each.
 * A hold already released, consumed or claimed by another worker does not match the statement, so
 * each is released exactly once. SQLite serialises writers: the claim takes the write lock at once.
 */
import type { Deps } from '../../platform/context.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import type { BackgroundTask } from '../../platform/work/background-work.js';
import { isPostgresDb, unreserve, type Db } from './stock.repo.js';
import type { Clock } from '../../platform/clock.js';

export const HOLD_EXPIRED = 'inventory.hold_expired';
const BATCH = 100;
const BATCHES_PER_RUN = 10;

export interface HoldExpiredPayload extends Record<string, unknown> {
  holdId: string;
  sku: string;
  locationId: string;
  quantity: number;
  ownerType: string;
  ownerId: string | null;
  expiresAt: string;
}

/** Expires up to `limit` due holds in one transaction; how many it expired. */
export async function expireDueHolds(db: Db, clock: Clock, limit = BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const at = clock.now().toISOString();
    const claimed = await trx
      .updateTable('stock_holds')
      .set({ status: 'expired', end_reason: 'expired', updated_at: at })
      .where('id', 'in', (eb) => {
        let due = eb
          .selectFrom('stock_holds')
          .select('id')
          .where('status', '=', 'active')
          .where('expires_at', '<=', at)
          .orderBy('expires_at')
          .limit(limit);
        if (isPostgresDb(trx)) due = due.forUpdate().skipLocked();
        return due;
      })
      .where('status', '=', 'active')
      .returning(['id', 'sku', 'location_id', 'quantity', 'owner_type', 'owner_id', 'expires_at'])
      .execute();
    if (claimed.length === 0) return 0;
    // One decrement per item, in (sku, location) order like every multi-row change.
    const totals = new Map<string, { sku: string; locationId: string; quantity: number }>();
    for (const hold of claimed) {
      const key = `${hold.sku}\u0000${hold.location_id}`;
      const total = totals.get(key) ?? { sku: hold.sku, locationId: hold.location_id, quantity: 0 };
      total.quantity += hold.quantity;
      totals.set(key, total);
    }
    for (const key of [...totals.keys()].sort()) {
      const total = totals.get(key)!;
      await unreserve(trx, total.sku, total.locationId, total.quantity, at);
    }
    for (const hold of claimed) {
      await publishDomainEvent<HoldExpiredPayload>(trx, clock, {
        type: HOLD_EXPIRED,
        subjectId: hold.id,
        payload: {
          holdId: hold.id,
          sku: hold.sku,
          locationId: hold.location_id,
          quantity: hold.quantity,
          ownerType: hold.owner_type,
          ownerId: hold.owner_id,
          expiresAt: hold.expires_at ?? at,
        },
      });
    }
    return claimed.length;
  });
}

/** The background task; register it on `app.backgroundWork`. */
export function holdExpiryTask(deps: Deps): BackgroundTask {
  return {
    name: 'inventory.hold-expiry',
    async runOnce() {
      let done = 0;
      for (let i = 0; i < BATCHES_PER_RUN; i++) {
        const expired = await expireDueHolds(deps.database.kysely, deps.clock);
        done += expired;
        if (expired < BATCH) break;
      }
      return done;
    },
  };
}
