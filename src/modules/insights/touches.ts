/**
 * Touches and the first/last-touch choice, as plain functions over a person's events.
 *
 * A touch is an event before the order that says how the person came: campaign parameters
 * (Segment's `context.campaign`, or `utm_*` in `context.page.url` / `context.page.search`), a click
 * in one of our emails (`Email Link Clicked`, which names its journey), a push opened, a store
 * visit (`Store Entered`). Only touches within `LOOKBACK_MS` before the order count; the first touch
 * is the earliest of them, the last touch the latest at or before the order. Ties in time keep the
 * event order (the caller passes events in their canonical order).
 */
export const LOOKBACK_DAYS = 30;
export const LOOKBACK_MS = LOOKBACK_DAYS * 86_400_000;

export interface Touch {
  kind: 'campaign' | 'email_click' | 'push_open' | 'store_visit';
  /** The channel the touch happened on (`web`, `app`, `email`, `push`, `store`…). */
  channel: string;
  source: string;
  medium: string;
  campaign: string | null;
  term?: string | null;
  content?: string | null;
  /** The journey behind an email click or push open. */
  journeyId?: string | null;
  storeId?: string | null;
  at: string;
  eventId: string;
}

export interface TouchEvent {
  id: string;
  name: string | null;
  type: string;
  channel: string;
  storeId: string | null;
  timestamp: string;
  /** The stored Segment message: `properties`, `context`. */
  payload: { properties?: Record<string, unknown>; context?: Record<string, unknown> };
}

const PUSH_OPENED = new Set(['Push Opened', 'Push Notification Opened', 'Notification Opened']);

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** `utm_*` of a URL or a query string, or null when there is no `utm_source`. */
export function utmOf(urlOrSearch: unknown): { source: string; medium: string | null; campaign: string | null; term: string | null; content: string | null } | null {
  const value = text(urlOrSearch);
  if (!value) return null;
  const query = value.includes('?') ? value.slice(value.indexOf('?') + 1) : value.startsWith('utm_') ? value : null;
  if (!query) return null;
  const params = new URLSearchParams(query.split('#')[0]);
  const source = text(params.get('utm_source'));
  if (!source) return null;
  return { source, medium: text(params.get('utm_medium')), campaign: text(params.get('utm_campaign')), term: text(params.get('utm_term')), content: text(params.get('utm_content')) };
}

/** The touch an event is, or null when it says nothing about how the person came. */
export function touchOf(event: TouchEvent): Touch | null {
  const properties = event.payload.properties ?? {};
  const context = event.payload.context ?? {};
  const base = { at: event.timestamp, eventId: event.id };
  if (event.name === 'Email Link Clicked')
    return { ...base, kind: 'email_click', channel: 'email', source: 'email', medium: 'email', campaign: text(properties.journeyId), journeyId: text(properties.journeyId) };
  if (event.name && PUSH_OPENED.has(event.name))
    return { ...base, kind: 'push_open', channel: 'push', source: 'push', medium: 'push', campaign: text(properties.journeyId), journeyId: text(properties.journeyId) };
  const campaign = context.campaign && typeof context.campaign === 'object' ? (context.campaign as Record<string, unknown>) : null;
  const campaignSource = text(campaign?.source);
  if (campaign && campaignSource)
    return {
      ...base,
      kind: 'campaign',
      channel: event.channel,
      source: campaignSource,
      medium: text(campaign.medium) ?? 'unknown',
      campaign: text(campaign.name),
      term: text(campaign.term),
      content: text(campaign.content),
    };
  const page = context.page && typeof context.page === 'object' ? (context.page as Record<string, unknown>) : null;
  const utm = utmOf(page?.search) ?? utmOf(page?.url) ?? (event.type === 'page' ? (utmOf(properties.search) ?? utmOf(properties.url)) : null);
  if (utm) return { ...base, kind: 'campaign', channel: event.channel, source: utm.source, medium: utm.medium ?? 'unknown', campaign: utm.campaign, term: utm.term, content: utm.content };
  if (event.name === 'Store Entered') {
    const storeId = event.storeId ?? text(properties.storeId);
    return { ...base, kind: 'store_visit', channel: 'store', source: storeId ?? 'store', medium: 'store_visit', campaign: null, storeId };
  }
  return null;
}

/**
 * The first and last touch before an order placed at `orderAt`, from the person's events in their
 * canonical order: touches after the order or older than the lookback window do not count.
 */
export function chooseTouches(events: readonly TouchEvent[], orderAt: string, lookbackMs = LOOKBACK_MS): { first: Touch | null; last: Touch | null; touches: number } {
  const end = Date.parse(orderAt);
  const start = end - lookbackMs;
  let first: Touch | null = null;
  let last: Touch | null = null;
  let touches = 0;
  for (const event of events) {
    const at = Date.parse(event.timestamp);
    if (!(at >= start && at <= end)) continue;
    const touch = touchOf(event);
    if (!touch) continue;
    touches += 1;
    if (!first || at < Date.parse(first.at)) first = touch;
    if (!last || at >= Date.parse(last.at)) last = touch;
  }
  return { first, last, touches };
}
