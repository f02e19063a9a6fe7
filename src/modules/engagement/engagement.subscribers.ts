import type { Subscriber } from '../../platform/outbox/outbox.js';
import { handleEngineEvent } from './journey-engine.js';
import type { WeatherProvider } from './weather.js';
import type { Config } from '../../platform/config.js';

/**
 * The journey engine hears every domain event: triggers, waits, exits and goals are data (active
 * journeys), not code. Events about nobody known are ignored. A tracked event reaches it as
 * `identity.event_tracked` under its own name.
 */
export function journeySubscriber(weather?: WeatherProvider, config?: Pick<Config, 'publicUrl'>): Subscriber {
  return {
    name: 'engagement.journeys',
    types: ['*'],
    async handle(event, ctx) {
      const payload = event.payload as Record<string, unknown>;
      const profileId = typeof payload.profileId === 'string' ? payload.profileId : null;
      if (!profileId) return;
      const tracked = event.type === 'identity.event_tracked';
      await handleEngineEvent(
        { db: ctx.db, clock: ctx.clock, weather, sqlite: ctx.sqlite, config },
        {
          name: tracked ? String(payload.name) : event.type,
          profileId,
          properties: tracked ? ((payload.properties as Record<string, unknown>) ?? {}) : payload,
          channel: typeof payload.channel === 'string' ? payload.channel : null,
          at: new Date(tracked && typeof payload.timestamp === 'string' ? payload.timestamp : event.occurredAt),
        },
      );
    },
  };
}
