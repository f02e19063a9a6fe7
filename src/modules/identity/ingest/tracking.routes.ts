import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.js';
import { ctxOf } from '../../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../../platform/http/route-helpers.js';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, createIngestor, trackBatch, trackOne } from './tracking.service.js';
import type { EventType } from './segment-event.js';

// analytics.js sends `"userId": null` for a visitor not yet identified (Segment accepts it): null is "absent".
const SegmentId = Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Null()]));

const SegmentEvent = Type.Object(
  {
    userId: SegmentId,
    anonymousId: SegmentId,
    messageId: Type.Optional(Type.String()),
    timestamp: Type.Optional(Type.String()),
    sentAt: Type.Optional(Type.String()),
    event: Type.Optional(Type.String({ description: 'track: the event name (Segment e-commerce names, e.g. "Product Viewed")' })),
    name: Type.Optional(Type.String({ description: 'page/screen: its name' })),
    properties: Type.Optional(Type.Object({}, { additionalProperties: true })),
    traits: Type.Optional(Type.Object({}, { additionalProperties: true })),
    context: Type.Optional(Type.Object({}, { additionalProperties: true })),
    previousId: Type.Optional(Type.String({ description: 'alias: the id the person had before' })),
    groupId: Type.Optional(Type.String()),
    writeKey: Type.Optional(Type.String({ description: 'The write key, when not sent as the Basic user name' })),
  },
  { additionalProperties: true, description: "A Segment event (HTTP Tracking API); unknown fields are kept as sent" },
);

const BatchBody = Type.Object(
  {
    batch: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'Events, each with its own `type`' }),
    sentAt: Type.Optional(Type.String()),
    context: Type.Optional(Type.Object({}, { additionalProperties: true })),
    writeKey: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const TrackingAnswer = Type.Object({
  success: Type.Literal(true),
  stored: Type.Integer({ description: 'Events stored by this call' }),
  duplicates: Type.Integer({ description: 'Events already stored (same source and messageId): acknowledged, not stored again' }),
  rejected: Type.Array(
    Type.Object({ index: Type.Integer(), messageId: Type.Union([Type.String(), Type.Null()]), field: Type.String(), message: Type.String() }),
    { description: 'Batch events refused one by one (the others are stored)' },
  ),
});

const ROUTES: [EventType, string][] = [
  ['identify', 'i'],
  ['track', 't'],
  ['page', 'p'],
  ['screen', 's'],
  ['alias', 'a'],
  ['group', 'g'],
];

/**
 * The log level of the tracking routes: `warn` when the process logs at `info`, else none (the
 * process's level applies). Tracking calls come by the thousand a second, and Fastify's two request
 * lines at `info` (received, completed) cost about a tenth of a call's CPU: here a call answered
 * 2xx is counted in `/metrics`, not logged, and one answered 4xx or 5xx is logged once by
 * `logRefusedCall`. At `debug` or `trace` every call is logged, as on the other routes.
 */
export function trackingLogLevel(log: Pick<FastifyBaseLogger, 'level'>): 'warn' | undefined {
  return log.level === 'info' ? 'warn' : undefined;
}

/** The one line of a tracking call answered 4xx (a warning) or 5xx (an error), with what was asked. */
function logRefusedCall(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (reply.statusCode >= 400) {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (reply.statusCode >= 500) reply.log.error(line, 'request completed');
    else reply.log.warn(line, 'request completed');
  }
  done();
}

/** Segment's HTTP Tracking API, long and short paths, JSON or text/plain (what analytics.js sends). */
export const trackingRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  const ingestor = createIngestor(deps);
  // Requests in flight finish before close; their grouped transaction must commit before the database closes.
  app.addHook('onClose', () => ingestor.close());
  // analytics.js posts JSON as text/plain to avoid a CORS preflight; here both are JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      const problem = new AppError('platform.invalid_json', `Body is not valid JSON: ${(error as Error).message}`);
      done(problem, undefined);
    }
  });
  // Browsers call from the shop's own origin. Retry-After is exposed so analytics.js can honour a 429's delay.
  // A callback hook, not an async one: no promise to make and wait for on every call.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('access-control-allow-origin', request.headers.origin ?? '*');
    reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-expose-headers', 'retry-after');
    done(null, payload);
  });
  const logLevel = trackingLogLevel(deps.log);
  if (logLevel) app.addHook('onResponse', logRefusedCall);

  const rateLimit = {
    max: deps.config.trackingRateLimit,
    timeWindow: 1000,
    keyGenerator: (request: FastifyRequest) => request.headers.authorization ?? request.ip,
  };
  const common = { tags: ['tracking'], response: { 200: TrackingAnswer, ...problemResponses(400, 401, 413, 429) } };

  for (const [type, short] of ROUTES) {
    for (const path of [`/v1/${type}`, `/v1/${short}`]) {
      app.post(
        path,
        {
          bodyLimit: MAX_EVENT_BYTES,
          logLevel,
          config: { access: ['source'], rateLimit },
          schema: { ...common, summary: `Segment ${type}${path.length < 7 ? ' (short path)' : ''}`, body: SegmentEvent, consumes: ['application/json', 'text/plain'] },
        },
        async (request) => trackOne(ctxOf(request, deps), ingestor, type, request.body),
      );
    }
  }
  for (const path of ['/v1/batch', '/v1/b']) {
    app.post(
      path,
      {
        bodyLimit: MAX_BATCH_BYTES,
        config: { access: ['source'], rateLimit },
        schema: { ...common, summary: `Segment batch of up to 2,500 events${path === '/v1/b' ? ' (short path)' : ''}`, body: BatchBody, consumes: ['application/json', 'text/plain'] },
      },
      async (request) => trackBatch(ctxOf(request, deps), ingestor, request.body, Number(request.headers['content-length'] ?? 0)),
    );
  }
  // CORS preflight: analytics.js sends the write key as Basic auth, `X-Retry-Count` on retries, and a
  // shop may add its own headers (deliveryStrategy.config.headers), so the headers asked for are allowed.
  app.options('/v1/*', { logLevel, config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    reply
      .header('access-control-allow-origin', request.headers.origin ?? '*')
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'content-type, authorization, x-retry-count')
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });
};
