import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { IdParams } from '../../platform/http/common.schemas.js';
import { myProfileId } from '../identity/customers.service.js';
import { PreviewBody, CreateJourneyBody, Journey, JourneyStats, JourneyTemplateView, Message, MessagesQuery, UpdateJourneyBody } from './engagement.schemas.js';
import * as journeys from './journeys.service.js';
import { previewMessage } from './preview.js';
import * as messages from './messages.service.js';
import { journeyTimersTask } from './journey-timers.js';
import { deliverEmails } from './email-delivery.js';
import { emailTrackingRoutes } from './email-tracking.routes.js';
import * as push from './web-push.js';
import * as webhooks from './webhooks.js';
import { deliverSms } from './sms.js';
import { weatherOf } from './weather.js';

const MARKETING = ['marketer'] as const;
const READERS = ['marketer', 'agent'] as const;

export const engagementRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  const env = { db: deps.database.kysely, clock: deps.clock, postgres: deps.database.dialect === 'postgres', log: deps.log };
  const weather = weatherOf(deps);
  const timers = journeyTimersTask({ ...env, weather, sqlite: deps.database.sqlite, config: deps.config }, { database: deps.database, pollMs: deps.config.workerPollMs });
  app.backgroundWork.register(timers);
  // After the background work has stopped (registered first, in app.ts): its WAL worker, if any.
  app.addHook('onClose', async () => timers.close());
  app.backgroundWork.register({ name: 'deferred-messages', runOnce: () => messages.releaseDeferred(env) });
  const emailEnv = { ...env, config: deps.config };
  app.backgroundWork.register({ name: 'email-delivery', runOnce: () => deliverEmails(emailEnv) });
  app.backgroundWork.register({ name: 'push-delivery', runOnce: () => push.deliverPushes(emailEnv) });
  app.backgroundWork.register({ name: 'webhook-delivery', runOnce: () => webhooks.deliverWebhooks(env) });
  app.backgroundWork.register({ name: 'sms-delivery', runOnce: () => deliverSms(emailEnv) });
  await app.register(emailTrackingRoutes, { deps });

  const WebhookBody = Type.Object(
    {
      url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
      events: Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*|[a-z_]+\\.[a-z_]+)$' }), { minItems: 1, maxItems: 100, description: 'Domain event types (`commerce.order_placed`…) or `*`' }),
    },
    { additionalProperties: false },
  );
  const WebhookEndpoint = Type.Object({ id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), secretHint: Type.String(), createdAt: Type.String() });
  app.post(
    '/v1/webhooks',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to domain events; deliveries are signed (Passerelle-Signature) with the secret shown only in this answer',
        body: WebhookBody,
        response: { 201: Type.Object({ id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), secret: Type.String(), createdAt: Type.String() }), ...problemResponses(400) },
      },
    },
    async (request, reply) => reply.code(201).send(await webhooks.createEndpoint(ctxOf(request, deps), request.body)),
  );
  app.get(
    '/v1/webhooks',
    { config: { access: ['admin'] }, schema: { tags: ['webhooks'], summary: 'Webhook endpoints (never their secrets)', response: { 200: Type.Object({ items: Type.Array(WebhookEndpoint) }) } } },
    async (request) => webhooks.listEndpoints(ctxOf(request, deps)),
  );
  app.delete(
    '/v1/webhooks/:id',
    { config: { access: ['admin'] }, schema: { tags: ['webhooks'], summary: 'Stop sending to an endpoint', params: IdParams, response: { 204: Type.Null(), ...problemResponses(404) } } },
    async (request, reply) => {
      await webhooks.deleteEndpoint(ctxOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['webhooks'],
        summary: 'Recent deliveries with their attempts and last answer',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                eventId: Type.String(),
                eventType: Type.String(),
                status: Type.String(),
                attempts: Type.Integer(),
                lastStatus: Type.Union([Type.Integer(), Type.Null()]),
                lastError: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.String(),
                deliveredAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => webhooks.listDeliveries(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/push/vapid-public-key',
    { config: { access: 'public' }, schema: { tags: ['push'], summary: "The installation's VAPID public key, for PushManager.subscribe's applicationServerKey", response: { 200: Type.Object({ publicKey: Type.String() }) } } },
    async () => ({ publicKey: (await push.vapidKeys(deps.database.kysely)).publicKey }),
  );

  const PushSubscriptionBody = Type.Object(
    {
      endpoint: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
      keys: Type.Object({ p256dh: Type.String({ minLength: 80, maxLength: 100 }), auth: Type.String({ minLength: 16, maxLength: 30 }) }, { additionalProperties: false }),
      device: Type.Optional(Type.String({ maxLength: 200 })),
      expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    },
    { additionalProperties: false },
  );
  app.post(
    '/v1/me/push-subscriptions',
    {
      config: { access: ['customer'] },
      schema: { tags: ['me'], summary: "Register this device's push subscription (PushSubscription.toJSON())", body: PushSubscriptionBody, response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400) } },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      return reply.code(201).send(await push.subscribe(ctx, await myProfileId(ctx), request.body));
    },
  );
  app.delete(
    '/v1/me/push-subscriptions',
    {
      config: { access: ['customer'] },
      schema: { tags: ['me'], summary: 'Forget a device (by its endpoint)', querystring: Type.Object({ endpoint: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      await push.unsubscribe(ctx, await myProfileId(ctx), request.query.endpoint);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/journeys/templates',
    { config: { access: MARKETING }, schema: { tags: ['journeys'], summary: 'Ready-made journeys and their parameters (`delay` is the main wait)', response: { 200: Type.Object({ items: Type.Array(JourneyTemplateView) }) } } },
    async () => ({ items: journeys.listTemplates() }),
  );

  app.post(
    '/v1/journeys',
    {
      config: { access: MARKETING },
      schema: {
        tags: ['journeys'],
        summary: 'Create a journey (draft) from a template and its params, or from a full definition; an invalid one is refused with a message per faulty step',
        body: CreateJourneyBody,
        response: { 201: Journey, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await journeys.createJourney(ctxOf(request, deps), request.body)),
  );

  app.post(
    '/v1/journeys/preview',
    {
      config: { access: MARKETING },
      schema: {
        tags: ['journeys'],
        summary: "Render a message template with sample data (or a real person's profile) in French or English, as it would be sent",
        body: PreviewBody,
        response: { 200: Type.Object({ subject: Type.Union([Type.String(), Type.Null()]), body: Type.String(), locale: Type.String() }), ...problemResponses(400, 404) },
      },
    },
    async (request) => previewMessage(ctxOf(request, deps), request.body),
  );

  app.get(
    '/v1/journeys',
    { config: { access: READERS }, schema: { tags: ['journeys'], summary: 'Every journey', response: { 200: Type.Object({ items: Type.Array(Journey) }) } } },
    async (request) => ({ items: await journeys.listJourneys(ctxOf(request, deps)) }),
  );

  app.get(
    '/v1/journeys/:id',
    { config: { access: READERS }, schema: { tags: ['journeys'], summary: 'One journey, current version', params: IdParams, response: { 200: Journey, ...problemResponses(404) } } },
    async (request) => journeys.getJourney(ctxOf(request, deps), request.params.id),
  );

  app.put(
    '/v1/journeys/:id',
    {
      config: { access: MARKETING },
      schema: { tags: ['journeys'], summary: 'Save a new version (runs in progress keep theirs)', params: IdParams, body: UpdateJourneyBody, response: { 200: Journey, ...problemResponses(400, 404) } },
    },
    async (request) => journeys.updateJourney(ctxOf(request, deps), request.params.id, request.body.definition),
  );

  for (const [action, status] of [
    ['activate', 'active'],
    ['pause', 'paused'],
  ] as const) {
    app.post(
      `/v1/journeys/:id/${action}`,
      { config: { access: MARKETING }, schema: { tags: ['journeys'], summary: action === 'activate' ? 'Start entering people' : 'Stop entering people (runs in progress go on)', params: IdParams, response: { 200: Journey, ...problemResponses(404) } } },
      async (request) => journeys.setJourneyStatus(ctxOf(request, deps), request.params.id, status),
    );
  }

  app.get(
    '/v1/journeys/:id/stats',
    { config: { access: READERS }, schema: { tags: ['journeys'], summary: 'Entered, exited, converted, messages by status and reason, control group uplift', params: IdParams, response: { 200: JourneyStats, ...problemResponses(404) } } },
    async (request) => journeys.journeyStats(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/messages',
    { config: { access: READERS }, schema: { tags: ['messages'], summary: 'Every message decided: sent, deferred, or suppressed with its reason', querystring: MessagesQuery, response: { 200: Type.Object({ items: Type.Array(Message) }) } } },
    async (request) => messages.listMessages(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/me/inbox',
    { config: { access: ['customer'] }, schema: { tags: ['me'], summary: 'My in-app inbox', response: { 200: Type.Object({ items: Type.Array(Message) }) } } },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return messages.inboxOf(ctx, await myProfileId(ctx));
    },
  );
};
