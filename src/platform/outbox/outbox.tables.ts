/**
 * Domain events, written in the same transaction as the change they describe (the outbox pattern),
 * so a committed change always gets its event and a rolled-back one never does.
 */
export interface DomainEventTable {
  id: string;
  /** `inventory.hold_expired`, `commerce.order_transitioned`… : module, then what happened. */
  type: string;
  /** The entity it is about (`ord_…`, `hld_…`), for reading an entity's history. */
  subject_id: string | null;
  payload: string;
  occurred_at: string;
  /** 0 until its deliveries (one per interested subscriber) have been created. */
  dispatched: number;
}

/** One subscriber's copy of one event: delivered at least once, effects committed with `done`. */
export interface EventDeliveryTable {
  event_id: string;
  subscriber: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  available_at: string;
  last_error: string | null;
  updated_at: string;
}

/** Tracked event names a module wants published as domain events (watches.ts). */
export interface OutboxWatchTable {
  owner: string;
  name: string;
}

export interface OutboxTables {
  outbox_watches: OutboxWatchTable;
  domain_events: DomainEventTable;
  event_deliveries: EventDeliveryTable;
}
