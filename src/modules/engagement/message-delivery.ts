import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import type { MessageTable } from './engagement.tables.js';
import { inTransaction } from '../../platform/db/transaction.js';

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
 * Sends decided messages of one channel. A batch is leased (one conditional update) before sending,
 * each sent outside any transaction, then marked delivered with the transport `send` names; a crash
 * between the two can send one twice, never lose one. Failures retry with backoff (1, 2, 4, 8 min),
 * then fail.
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
  // Outcomes are written together, in one transaction, unless sending takes a while (SMTP): past
  // 20 ms since the first unwritten one they are written at once, so a crash repeats at most the
  // sends of those 20 ms (as before, a send is never lost, and may be repeated).
  type Outcome = { id: string; set: Partial<Pick<Message, 'delivered_at' | 'transport' | 'attempts' | 'claimed_until' | 'status' | 'reason'>> };
  let outcomes: Outcome[] = [];
  let since = 0;
  const write = async () => {
    if (outcomes.length === 0) return;
    const batch = outcomes;
    outcomes = [];
    await inTransaction(env.db, async (trx) => {
      for (const outcome of batch) await trx.updateTable('messages').set(outcome.set).where('id', '=', outcome.id).execute();
    });
  };
  let done = 0;
  for (const message of claimed) {
    const id = message.id;
    const attempts = message.attempts + 1;
    if (outcomes.length === 0) since = performance.now();
    try {
      const transport = await send(message);
      outcomes.push({ id, set: { delivered_at: env.clock.now().toISOString(), transport, attempts, claimed_until: null } });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      env.log.warn({ err: error, messageId: id, channel, attempts }, 'message delivery failed');
      outcomes.push({
        id,
        set:
          attempts >= MAX_DELIVERY_ATTEMPTS
            ? { status: 'failed', reason: `delivery_failed: ${reason}`.slice(0, 500), attempts, claimed_until: null }
            : { attempts, claimed_until: new Date(env.clock.now().getTime() + 30_000 * 2 ** attempts).toISOString() },
      });
    }
    if (performance.now() - since > 20) await write();
    done += 1;
  }
  await write();
  return done;
}
