import type { Transport } from './http.js';

/** A Segment-style event: `userId` or `anonymousId`, plus whatever the call type takes. */
export interface TrackingEvent {
  userId?: string;
  anonymousId?: string;
  messageId?: string;
  timestamp?: string;
  sentAt?: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
  previousId?: string;
  [key: string]: unknown;
}

export interface TrackingAnswer {
  success: true;
  stored: number;
  duplicates: number;
  rejected: { index: number; messageId: string | null; field: string; message: string }[];
}

/** Segment's HTTP Tracking API; create the client with a source's `writeKey`. */
export function trackingApi(call: Transport) {
  const send = (path: string) => (event: TrackingEvent) => call<TrackingAnswer>('POST', path, { body: event });
  return {
    tracking: {
      identify: send('/v1/identify'),
      /** `await client.tracking.track({ userId, event: 'Product Viewed', properties: { sku } })` */
      track: send('/v1/track'),
      page: send('/v1/page'),
      screen: send('/v1/screen'),
      alias: send('/v1/alias'),
      group: send('/v1/group'),
      batch: (batch: (TrackingEvent & { type: string })[], extra: { sentAt?: string; context?: Record<string, unknown> } = {}) =>
        call<TrackingAnswer>('POST', '/v1/batch', { body: { batch, ...extra } }),
    },
  };
}
