import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/database.js';

export interface MetricsOptions {
  poolStats(): PoolStats;
  dialect: string;
}

/** Prometheus metrics: requests and latency per route, the database pool, and the process (event-loop lag included). */
export const metricsPlugin = fp<MetricsOptions>(async function metricsPlugin(app: FastifyInstance, options) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const requests = new Counter({
    name: 'passerelle_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'passerelle_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pool = new Gauge({
    name: 'passerelle_db_pool_connections',
    help: 'Database connections by state (SQLite has one connection)',
    labelNames: ['state', 'dialect'] as const,
    registers: [registry],
    collect() {
      const stats = options.poolStats();
      this.set({ state: 'total', dialect: options.dialect }, stats.total);
      this.set({ state: 'idle', dialect: options.dialect }, stats.idle);
      this.set({ state: 'waiting', dialect: options.dialect }, stats.waiting);
    },
  });
  void pool;

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps the label set small (`/v1/products/:id`, not every id).
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    latency.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
});
