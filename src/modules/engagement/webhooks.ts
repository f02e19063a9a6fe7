import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId, newSecret } from '../../platform/ids.js';
import type { DomainEvent, Subscriber } from '../../platform/outbox/outbox.js';

export const MAX_WEBHOOK_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

/**
 * `Passerelle-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Receivers recompute
 * it with their secret and refuse old timestamps (replays).
 */
export function signature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export function verifySignature(secret: string, body: string, header: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') === parts.v1;
}

export async function createEndpoint(ctx: Ctx, input: { url: string; events: string[] }) {
  const id = newId('whk');
  const secret = newSecret('whsec');
  const now = ctx.clock.now().toISOString();
  await ctx.db.insertInto('webhook_endpoints').values({ id, url: input.url, event_types: JSON.stringify(input.events), secret, created_at: now }).execute();
  return { id, url: input.url, events: input.events, secret, createdAt: now };
}

export async function listEndpoints(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
  return { items: rows.map((r) => ({ id: r.id, url: r.url, events: JSON.parse(r.event_types) as string[], secretHint: `${r.secret.slice(0, 10)}…`, createdAt: r.created_at })) };
}

export async function deleteEndpoint(ctx: Ctx, id: string): Promise<void> {
  const result = await ctx.db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('engagement.webhook_not_found', `No webhook endpoint ${id}`);
}

export async function listDeliveries(ctx: Ctx, endpointId: string) {
  const rows = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('created_at', 'desc').limit(100).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    })),
  };
}

/** The secret journey webhook steps are signed with: made once, kept in the database. */
export async function installationSecret(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('engagement_settings').select('value').where('key', '=', 'webhook_secret').executeTakeFirst();
  if (row) return row.value;
  await db.insertInto('engagement_settings').values({ key: 'webhook_secret', value: newSecret('whsec') }).onConflict((c) => c.column('key').doNothing()).execute();
  return (await db.selectFrom('engagement_settings').select('value').where('key', '=', 'webhook_secret').executeTakeFirstOrThrow()).value;
}

export async function enqueueDelivery(db: Kysely<DB>, clock: Clock, delivery: { endpointId: string | null; url: string; eventId: string; eventType: string; payload: unknown }): Promise<void> {
  const now = clock.now().toISOString();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: newId('whd'),
      endpoint_id: delivery.endpointId,
      url: delivery.url,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      payload: JSON.stringify(delivery.payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_status: null,
      last_error: null,
      claimed_until: null,
      created_at: now,
      delivered_at: null,
    })
    .onConflict((c) => c.columns(['url', 'event_id']).doNothing())
    .execute();
}

/**
 * Every domain event goes to the endpoints subscribed to its type, through a durable delivery. Events
 * no endpoint subscribes to when they are fanned out get no delivery at all (most events, most days).
 */
export const webhookSubscriber: Subscriber = {
  name: 'engagement.webhooks',
  types: ['*'],
  async interestedIn(db) {
    const wanted = new Set<string>();
    for (const endpoint of await db.selectFrom('webhook_endpoints').select('event_types').execute()) for (const type of JSON.parse(endpoint.event_types) as string[]) wanted.add(type);
    return (type) => wanted.has('*') || wanted.has(type);
  },
  async handle(event: DomainEvent, ctx) {
    const endpoints = await ctx.db.selectFrom('webhook_endpoints').select(['id', 'url', 'event_types']).execute();
    for (const endpoint of endpoints) {
      const types = JSON.parse(endpoint.event_types) as string[];
      if (!types.includes('*') && !types.includes(event.type)) continue;
      await enqueueDelivery(ctx.db, ctx.clock, { endpointId: endpoint.id, url: endpoint.url, eventId: event.id, eventType: event.type, payload: { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload } });
    }
  },
};

/** Retry delay after n failed attempts: 30 s, 1 min, 2 min… capped at 1 hour. */
export function webhookRetryMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

/**
 * Posts due deliveries, leased so any process may send; a 2xx is delivered, anything else retried
 * with backoff, then failed after 8 attempts.
 */
export async function deliverWebhooks(env: { db: Kysely<DB>; clock: Clock }): Promise<number> {
  const now = env.clock.now();
  const nowIso = now.toISOString();
  const due = await env.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(20)
    .execute();
  let done = 0;
  for (const { id } of due) {
    const claimed = await env.db
      .updateTable('webhook_deliveries')
      .set({ claimed_until: new Date(now.getTime() + 60_000).toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const delivery = await env.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const secret = delivery.endpoint_id
      ? (await env.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', delivery.endpoint_id).executeTakeFirst())?.secret
      : await installationSecret(env.db);
    if (!secret) {
      await env.db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'endpoint deleted', claimed_until: null }).where('id', '=', id).execute();
      continue;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'passerelle-signature': signature(secret, delivery.payload, env.clock.now()), 'passerelle-event-id': delivery.event_id, 'passerelle-event-type': delivery.event_type },
        body: delivery.payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = delivery.attempts + 1;
    const ok = status !== null && status >= 200 && status < 300;
    await env.db
      .updateTable('webhook_deliveries')
      .set(
        ok
          ? { status: 'delivered', attempts, last_status: status, last_error: null, delivered_at: env.clock.now().toISOString(), claimed_until: null }
          : {
              status: attempts >= MAX_WEBHOOK_ATTEMPTS ? 'failed' : 'pending',
              attempts,
              last_status: status,
              last_error: error ?? `HTTP ${status}`,
              next_attempt_at: new Date(env.clock.now().getTime() + webhookRetryMs(attempts)).toISOString(),
              claimed_until: null,
            },
      )
      .where('id', '=', id)
      .execute();
    done += 1;
  }
  return done;
}

