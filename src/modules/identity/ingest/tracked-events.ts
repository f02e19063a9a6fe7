import type { Kysely } from 'kysely';
import type { DB } from '../../../db-schema.js';
import { publishDomainEvent } from '../../../platform/outbox/outbox.js';
import { watchedAmong } from '../../../platform/outbox/watches.js';
import { SYSTEM_SOURCE_ID, type IngestItem, type StoredEvent } from './ingest.service.js';

/**
 * The lines of a Segment `Order Completed`: `products[]` with `sku` (or `product_id`), `quantity` and
 * `price` (Segment's unit price in currency units, kept here in minor units; null when absent).
 */
export function soldLines(properties: Record<string, unknown>): { sku: string; quantity: number; price: number | null }[] {
  const products = Array.isArray(properties.products) ? properties.products : [];
  const lines: { sku: string; quantity: number; price: number | null }[] = [];
  for (const p of products) {
    if (!p || typeof p !== 'object') continue;
    const product = p as Record<string, unknown>;
    const sku = typeof product.sku === 'string' ? product.sku : typeof product.product_id === 'string' ? product.product_id : null;
    const quantity = typeof product.quantity === 'number' && Number.isInteger(product.quantity) && product.quantity > 0 ? product.quantity : 1;
    const price = typeof product.price === 'number' && Number.isFinite(product.price) && product.price >= 0 ? Math.round(product.price * 100) : null;
    if (sku) lines.push({ sku, quantity, price });
  }
  return lines;
}

function orderIdOf(properties: Record<string, unknown>): string | null {
  const id = properties.orderId ?? properties.order_id;
  return typeof id === 'string' ? id : null;
}

/**
 * What other modules hear of ingested events, in the ingestion's transaction: a till's
 * `Order Completed` is a sale that moves stock (`identity.till_sale`, whoever the buyer and whatever
 * their consent: stock is not personal data), and tracked events whose name someone watches become
 * `identity.event_tracked` (journeys). Duplicates publish nothing, so replays move nothing twice.
 */
export async function publishIngested(db: Kysely<DB>, items: IngestItem[], results: StoredEvent[], now: string): Promise<void> {
  const clock = { now: () => new Date(now) };
  const fresh = items.flatMap((item, i) => {
    const result = results[i];
    return result && !result.duplicate && item.event.type === 'track' && item.event.name ? [{ item, result }] : [];
  });
  if (fresh.length === 0) return;
  const identified = fresh.filter(({ result }) => !result.suppressed && !result.anonymized && result.profileId !== '');
  const watched = await watchedAmong(db, identified.map(({ item }) => item.event.name!));
  for (const { item, result } of fresh) {
    const { source, event } = item;
    // A till's sale moves stock; the product's own records of its orders (the system source) do not.
    if (source.channel === 'store' && source.id !== SYSTEM_SOURCE_ID && event.name === 'Order Completed' && (event.storeId ?? source.storeId)) {
      const storeId = (event.storeId ?? source.storeId)!;
      // Stock moves whoever bought; who it was travels only when the event is kept with its person.
      const known = !result.suppressed && !result.anonymized && result.profileId !== '';
      await publishDomainEvent(db, clock, {
        type: 'identity.till_sale',
        subjectId: storeId,
        payload: {
          eventId: result.eventId || `${source.id}:${event.messageId}`,
          sourceId: source.id,
          storeId,
          messageId: event.messageId,
          orderId: known ? orderIdOf(event.properties) : null,
          profileId: known ? result.profileId : null,
          products: soldLines(event.properties),
          currency: typeof event.properties.currency === 'string' ? event.properties.currency.toUpperCase() : null,
          channel: event.channel,
          timestamp: event.timestamp,
        },
      });
    }
    if (result.profileId && watched.has(event.name!))
      await publishDomainEvent(db, clock, {
        type: 'identity.event_tracked',
        subjectId: result.profileId,
        payload: { profileId: result.profileId, eventId: result.eventId, name: event.name, properties: event.properties, channel: event.channel, storeId: event.storeId, timestamp: event.timestamp },
      });
  }
}
