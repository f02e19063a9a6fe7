import webpush from 'web-push';
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Config } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { deliverChannel, type DeliveryEnv } from './message-delivery.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The installation's VAPID key pair: made on first use and kept in the database, so subscriptions
 * made by browsers stay valid across restarts and across processes.
 */
export async function vapidKeys(db: Kysely<DB>): Promise<VapidKeys> {
  const row = await db.selectFrom('engagement_settings').select('value').where('key', '=', 'vapid').executeTakeFirst();
  if (row) return JSON.parse(row.value) as VapidKeys;
  const keys = webpush.generateVAPIDKeys();
  await db.insertInto('engagement_settings').values({ key: 'vapid', value: JSON.stringify(keys) }).onConflict((c) => c.column('key').doNothing()).execute();
  const stored = await db.selectFrom('engagement_settings').select('value').where('key', '=', 'vapid').executeTakeFirstOrThrow();
  return JSON.parse(stored.value) as VapidKeys;
}

export interface PushSubscriptionBody {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  device?: string | undefined;
}

/** A device subscribes (or re-subscribes: the endpoint is the key) for the signed-in customer. */
export async function subscribe(ctx: Ctx, profileId: string, body: PushSubscriptionBody): Promise<{ id: string }> {
  const p256dh = Buffer.from(body.keys.p256dh, 'base64url');
  const auth = Buffer.from(body.keys.auth, 'base64url');
  if (p256dh.length !== 65 || p256dh[0] !== 4 || auth.length !== 16)
    throw new AppError('platform.validation_failed', 'keys.p256dh must be an uncompressed P-256 point (65 bytes) and keys.auth 16 bytes, base64url', {
      errors: [{ path: 'body/keys', message: 'are not the keys of a push subscription' }],
    });
  const now = ctx.clock.now().toISOString();
  const existing = await ctx.db.selectFrom('push_subscriptions').select('id').where('endpoint', '=', body.endpoint).executeTakeFirst();
  if (existing) {
    await ctx.db.updateTable('push_subscriptions').set({ profile_id: profileId, p256dh: body.keys.p256dh, auth: body.keys.auth, device: body.device ?? null }).where('id', '=', existing.id).execute();
    return { id: existing.id };
  }
  const id = newId('psh');
  await ctx.db
    .insertInto('push_subscriptions')
    .values({ id, profile_id: profileId, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth, device: body.device ?? null, created_at: now, last_success_at: null })
    .execute();
  return { id };
}

export async function unsubscribe(ctx: Ctx, profileId: string, endpoint: string): Promise<void> {
  await ctx.db.deleteFrom('push_subscriptions').where('profile_id', '=', profileId).where('endpoint', '=', endpoint).execute();
}

/**
 * Delivers decided push messages to every device of the person (RFC 8291 encryption, VAPID
 * signature, by web-push). A device whose endpoint is gone (404/410) is forgotten; a message no device
 * accepted is retried.
 */
export function deliverPushes(env: DeliveryEnv & { config: Pick<Config, 'publicUrl'> }): Promise<number> {
  return deliverChannel(env, 'push', async (message) => {
    const keys = await vapidKeys(env.db);
    const devices = await env.db.selectFrom('push_subscriptions').selectAll().where('profile_id', '=', message.profile_id).execute();
    const payload = JSON.stringify({ messageId: message.id, title: message.subject, body: message.body });
    let delivered = 0;
    for (const device of devices) {
      try {
        await webpush.sendNotification({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, payload, {
          vapidDetails: { subject: env.config.publicUrl.startsWith('https:') ? env.config.publicUrl : 'mailto:push@passerelle.invalid', publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: 86_400,
          contentEncoding: 'aes128gcm',
        });
        delivered += 1;
        await env.db.updateTable('push_subscriptions').set({ last_success_at: env.clock.now().toISOString() }).where('id', '=', device.id).execute();
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) await env.db.deleteFrom('push_subscriptions').where('id', '=', device.id).execute();
        else env.log.warn({ err: error, messageId: message.id, device: device.id }, 'push to a device failed');
      }
    }
    if (delivered === 0) throw new Error('no device accepted it');
    return `webpush:${delivered}`;
  });
}
