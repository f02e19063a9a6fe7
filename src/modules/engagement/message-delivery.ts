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
  const due = env.db
    .selectFrom('messages')
    .select(['id'])
    .where('channel', '=', channel)
    .where('status', '=', 'sent')
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .orderBy('created_at');
  // A look first: most polls find nothing, and a lease is a write.
  if (!(await due.limit(1).executeTakeFirst())) return 0;
  // Leased in one statement; the conditions are checked again on each row as it is updated, so a
  // message another process leased meanwhile is left to it.
  const claimed = await env.db
    .updateTable('messages')
    .set({ claimed_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('id', 'in', due.limit(BATCH))
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .returningAll()
    .execute();
  claimed.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
  let done = 0;
  for (const message of claimed) {
    const id = message.id;
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
