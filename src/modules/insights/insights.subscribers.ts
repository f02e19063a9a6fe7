import type { Subscriber } from '../../platform/outbox/outbox.js';
import { attributeOrder } from './attribution.service.js';
import { recordAnsweredEvent } from './surveys.service.js';

/** Survey answers tracked on any channel (`Survey Answered`, watched: see insights.routes.ts). */
export const surveyAnswerSubscriber: Subscriber = {
  name: 'insights.survey-answers',
  types: ['identity.event_tracked'],
  async handle(event, ctx) {
    const payload = event.payload as { profileId?: string; eventId?: string; name?: string; properties?: Record<string, unknown>; channel?: string; storeId?: string | null; timestamp?: string };
    if (payload.name !== 'Survey Answered' || !payload.profileId) return;
    await recordAnsweredEvent(ctx, {
      profileId: payload.profileId,
      eventId: payload.eventId ?? event.id,
      properties: payload.properties ?? {},
      channel: payload.channel ?? 'unknown',
      storeId: payload.storeId ?? null,
      timestamp: payload.timestamp ?? event.occurredAt,
    });
  },
};

/** Every order placed (checkout, and till sales once commerce has made them orders) gets its attribution. */
export const attributionSubscriber: Subscriber = {
  name: 'insights.attribution',
  types: ['commerce.order_placed'],
  async handle(event, ctx) {
    const payload = event.payload;
    const orderId = typeof payload.orderId === 'string' ? payload.orderId : event.subjectId;
    if (!orderId) return;
    await attributeOrder(ctx, { orderId, occurredAt: event.occurredAt, payload });
  },
};
