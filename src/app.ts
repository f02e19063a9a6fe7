import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from './platform/context.js';
import { validatorCompiler } from './platform/http/validation.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { authPlugin } from './platform/http/auth.plugin.js';
import { metricsPlugin } from './platform/http/metrics.plugin.js';
import { Problem } from './platform/http/problem.js';
import { resolveBearer } from './modules/staff/staff.service.js';
import { resolveWriteKey } from './modules/identity/sources.service.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { trackingRoutes } from './modules/identity/ingest/tracking.routes.js';
import { profilesRoutes } from './modules/identity/profiles/profiles.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { storesRoutes } from './modules/catalog/stores.routes.js';
import { inventoryRoutes } from './modules/inventory/inventory.routes.js';
import { availabilityRoutes } from './modules/inventory/availability.routes.js';
import { cartsRoutes } from './modules/commerce/carts.routes.js';
import { ordersRoutes } from './modules/commerce/orders.routes.js';
import { engagementRoutes } from './modules/engagement/engagement.routes.js';
import { insightsRoutes } from './modules/insights/insights.routes.js';
import { mirrorRoutes } from './modules/personalization/mirror.routes.js';
import { createBackgroundWork, type BackgroundWork } from './platform/work/background-work.js';
import { outboxTask } from './platform/outbox/outbox.js';
import { idempotencySweepTask } from './platform/http/idempotency.js';
import { allSubscribers } from './subscribers.js';
import { webAppsPlugin } from './platform/http/web-apps.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Durable background work of this process (outbox, expiry, timers); modules register tasks. */
    backgroundWork: BackgroundWork;
  }
}

export type App = Awaited<ReturnType<typeof buildApp>>;

export interface BuildAppOptions {
  /** Pino logger options or false; defaults to the process logger in `deps.log`. */
  logger?: boolean;
}

/** Composes the modules into one Fastify app. No listen: tests inject or listen themselves. */
export async function buildApp(deps: Deps) {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${Math.random().toString(36).slice(2, 12)}`,
    // Ongoing requests finish on close; idle keep-alive sockets are dropped at once.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
    // Signed survey tokens (person and order, then the signature) are longer than Fastify's default 100.
    routerOptions: { maxParamLength: 512 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.addSchema(Problem);
  // While shutting down, answers close their connection: keep-alive sockets would otherwise hold
  // the process open for Fastify's 72 s keep-alive timeout after the last request.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  const backgroundWork = createBackgroundWork({ pollMs: deps.config.workerPollMs, log: deps.log });
  app.decorate('backgroundWork', backgroundWork);
  backgroundWork.register(outboxTask(deps, allSubscribers(deps)));
  backgroundWork.register(idempotencySweepTask(deps));
  // Stops with the app: its callers close the database only after `app.close()` resolves.
  app.addHook('onClose', async () => backgroundWork.stop());

  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Passerelle API',
        version: '0.1.0',
        description: 'Omnichannel customer-experience platform: one customer, one stock, one cart, every channel.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Staff session, API token or customer session' },
          writeKey: { type: 'http', scheme: 'basic', description: "A source's write key as the user name, empty password (Segment's convention)" },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin, {
    adminToken: deps.config.adminToken,
    resolveBearer: (token) => resolveBearer(deps, token),
    resolveWriteKey: (key) => resolveWriteKey(deps, key),
  });
  await app.register(metricsPlugin, { poolStats: () => deps.database.poolStats(), dialect: deps.database.dialect });

  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: 'Ready to serve', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(staffRoutes, { deps });
  await app.register(identityRoutes, { deps });
  await app.register(trackingRoutes, { deps });
  await app.register(profilesRoutes, { deps });
  await app.register(catalogRoutes, { deps });
  await app.register(storesRoutes, { deps });
  await app.register(inventoryRoutes, { deps });
  await app.register(availabilityRoutes, { deps });
  await app.register(cartsRoutes, { deps });
  await app.register(ordersRoutes, { deps });
  await app.register(engagementRoutes, { deps });
  await app.register(insightsRoutes, { deps });
  await app.register(mirrorRoutes, { deps });
  await app.register(webAppsPlugin);

  await app.ready();
  return app;
}
