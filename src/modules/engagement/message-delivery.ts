import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import type { MessageTable } from './engagement.tables.js';

const BATCH = 20;
const LEASE_MS = 60_000;
export const MAX_DELIVERY_ATTEMPTS = 5;

export interface DeliveryEnv {
  db: Kysely<DB>;
  clock: Clock;
  log: { warn(obj: unknown, msg: string): void };
}

export type Message = Selectable<MessageTable>;

/**
 * Sends decided messages of one channel. Each is leased (a conditional update) before sending, sent
 * outside any transaction, then marked delivered with the transport `send` names; a crash between the
 * two can send one twice, never lose one. Failures retry with backoff (1, 2, 4, 8 min), then fail.
 */
export async function deliverChannel(env: DeliveryEnv, channel: string, send: (message: Message) => Promise<string>): Promise<number> {
  const now = env.clock.now();
  const nowIso = now.toISOString();
  const due = await env.db
    .selectFrom('messages')
    .select(['id'])
    .where('channel', '=', channel)
    .where('status', '=', 'sent')
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .orderBy('created_at')
    .limit(BATCH)
    .execute();
  let done = 0;
  for (const { id } of due) {
    const claimed = await env.db
      .updateTable('messages')
      .set({ claimed_until: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const message = await env.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const attempts = message.attempts + 1;
    try {
      const transport = await send(message);
      await env.db.updateTable('messages').set({ delivered_at: env.clock.now().toISOString(), transport, attempts, claimed_until: null }).where('id', '=', id).execute();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      env.log.warn({ err: error, messageId: id, channel, attempts }, 'message delivery failed');
      await env.db
        .updateTable('messages')
        .set(
          attempts >= MAX_DELIVERY_ATTEMPTS
            ? { status: 'failed', reason: `delivery_failed: ${reason}`.slice(0, 500), attempts, claimed_until: null }
            : { attempts, claimed_until: new Date(env.clock.now().getTime() + 30_000 * 2 ** attempts).toISOString() },
        )
        .where('id', '=', id)
        .execute();
    }
    done += 1;
  }
  return done;
}
