/** What the profile derives from the person's history, recomputed on every read so it is never stale. */
export interface ComputedTraits {
  orders: number;
  revenue: { amount: number; currency: string };
  averageBasket: { amount: number; currency: string } | null;
  favouriteStoreId: string | null;
  preferredSizes: string[];
  preferredColors: string[];
  /** Products bought, each once at its latest purchase (size and colour as bought), the latest first (at most 20). */
  recentPurchases: Purchase[];
  lastPurchaseByChannel: Record<string, string>;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface Purchase {
  productId: string;
  size: string | null;
  color: string | null;
  at: string;
}

export interface HistoryEvent {
  name: string | null;
  channel: string;
  storeId: string | null;
  timestamp: string;
  properties: Record<string, unknown>;
}

const PURCHASE_EVENTS = new Set(['Order Completed']);

/** Decimal amounts as Segment sends them (`29.99`, `"29,99"`) to integer minor units, exactly. */
export function toMinorUnits(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value !== 'string') return null;
  const match = /^\s*(-?)(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(value);
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

/** Each product once, at its latest purchase, the latest first (the history comes in any order). */
function latestPerProduct(purchases: Purchase[], n: number): Purchase[] {
  const seen = new Set<string>();
  return [...purchases]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .filter((p) => !seen.has(p.productId) && seen.add(p.productId))
    .slice(0, n);
}

function topValues(counts: Map<string, number>, n: number): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([value]) => value);
}

/**
 * Orders, revenue, average basket, favourite store, preferred sizes and colours, last purchase per
 * channel, from the person's events. `explicitFavouriteStoreId` (chosen by the customer) wins.
 */
export function computeTraits(events: readonly HistoryEvent[], explicitFavouriteStoreId: string | null, currency = 'EUR'): ComputedTraits {
  let orders = 0;
  let revenue = 0;
  const lastPurchase: Record<string, string> = {};
  const sizes = new Map<string, number>();
  const colors = new Map<string, number>();
  const stores = new Map<string, number>();
  const purchases: Purchase[] = [];
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  for (const event of events) {
    if (!firstSeen || event.timestamp < firstSeen) firstSeen = event.timestamp;
    if (!lastSeen || event.timestamp > lastSeen) lastSeen = event.timestamp;
    if (event.storeId) stores.set(event.storeId, (stores.get(event.storeId) ?? 0) + 1);
    if (!event.name || !PURCHASE_EVENTS.has(event.name)) continue;
    orders += 1;
    const props = event.properties;
    revenue += toMinorUnits(props.revenue ?? props.total ?? props.value) ?? 0;
    if (!lastPurchase[event.channel] || event.timestamp > lastPurchase[event.channel]!) lastPurchase[event.channel] = event.timestamp;
    const products = Array.isArray(props.products) ? props.products : [];
    for (const product of products) {
      if (typeof product !== 'object' || product === null) continue;
      const { size, color, colour, variant, product_id: productId } = product as Record<string, unknown>;
      const shade = [color, colour, variant].find((v): v is string => typeof v === 'string' && v !== '');
      if (typeof productId === 'string' && productId) purchases.push({ productId, size: typeof size === 'string' && size ? size : null, color: shade ?? null, at: event.timestamp });
      const quantity = Number((product as Record<string, unknown>).quantity ?? 1) || 1;
      if (typeof size === 'string' && size) sizes.set(size, (sizes.get(size) ?? 0) + quantity);
      if (shade) colors.set(shade, (colors.get(shade) ?? 0) + quantity);
    }
  }
  return {
    orders,
    revenue: { amount: revenue, currency },
    averageBasket: orders > 0 ? { amount: Math.round(revenue / orders), currency } : null,
    favouriteStoreId: explicitFavouriteStoreId ?? (topValues(stores, 1)[0] ?? null),
    preferredSizes: topValues(sizes, 3),
    preferredColors: topValues(colors, 3),
    recentPurchases: latestPerProduct(purchases, 20),
    lastPurchaseByChannel: lastPurchase,
    firstSeen,
    lastSeen,
  };
}
