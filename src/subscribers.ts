import type { Deps } from './platform/context.js';
import type { Subscriber } from './platform/outbox/outbox.js';
import { journeySubscriber } from './modules/engagement/engagement.subscribers.js';
import { weatherOf } from './modules/engagement/weather.js';
import { webhookSubscriber } from './modules/engagement/webhooks.js';
import { tillSaleSubscriber } from './modules/inventory/till-sales.js';
import { tillOrderSubscriber, transferArrivalSubscriber } from './modules/commerce/orders.background.js';
import { attributionSubscriber, surveyAnswerSubscriber } from './modules/insights/insights.subscribers.js';

/** Every module's reactions to domain events, composed once like the migrations. */
export function allSubscribers(deps: Deps): Subscriber[] {
  return [journeySubscriber(weatherOf(deps), deps.config), webhookSubscriber, tillSaleSubscriber(), tillOrderSubscriber, transferArrivalSubscriber, surveyAnswerSubscriber, attributionSubscriber];
}
