import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { getConsents } from '../identity/consent/consent.service.js';
import { DEFAULT_QUIET_HOURS, type DeliveryChannel, type PastSend, type Recipient } from './contact-policy.js';

export interface RecipientView extends Recipient {
  profileId: string;
  locale: 'fr' | 'en';
  email: string | null;
  phone: string | null;
  traits: Record<string, unknown>;
  favouriteStoreId: string | null;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * What the contact policy and the templates need to know about a person, read in one place: four
 * queries (the single values together, traits, consents, messages of the last week or engaged with).
 */
export async function loadRecipient(db: Kysely<DB>, profileId: string, now: Date): Promise<RecipientView> {
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  // Plain SQL: these run for every message decided, and building them with the query builder cost
  // more than running them. Both engines read the same text.
  const [singles, traitRows, consents, messages] = await Promise.all([
    sql<{ favourite_store_id: string | null; account_email: string | null; device_id: string | null; phone: string | null; store_timezone: string | null }>`
      select (select favourite_store_id from profiles where id = ${profileId}) as favourite_store_id,
        (select email from customer_accounts where profile_id = ${profileId} limit 1) as account_email,
        (select id from push_subscriptions where profile_id = ${profileId} limit 1) as device_id,
        (select value from profile_identities where profile_id = ${profileId} and type = 'phone' order by last_seen_at desc limit 1) as phone,
        (select timezone from locations where id = (select favourite_store_id from profiles where id = ${profileId})) as store_timezone`.execute(db),
    db.selectFrom('profile_traits').select(['name', 'value']).where('profile_id', '=', profileId).execute(),
    getConsents(db, profileId),
    // Marketing sends of the last week (caps) and every message answered (the best channel), at once.
    sql<{ channel: string; status: string; sent_at: string | null; transactional: number; priority: number; opened_at: string | null; clicked_at: string | null }>`
      select channel, status, sent_at, transactional, priority, opened_at, clicked_at from messages
      where profile_id = ${profileId} and ((status = 'sent' and sent_at >= ${since}) or opened_at is not null or clicked_at is not null)`.execute(db),
  ]);
  const single = singles.rows[0]!;
  const account = single.account_email === null ? undefined : { email: single.account_email };
  const profile = { favourite_store_id: single.favourite_store_id };
  const sent = messages.rows.filter((m) => m.status === 'sent' && m.sent_at !== null && m.sent_at >= since);
  const engaged = new Map<string, number>();
  for (const m of messages.rows) if (m.opened_at !== null || m.clicked_at !== null) engaged.set(m.channel, (engaged.get(m.channel) ?? 0) + 1);
  const traits = Object.fromEntries(traitRows.map((t) => [t.name, JSON.parse(t.value) as unknown]));
  const email = typeof traits.email === 'string' ? traits.email : (account?.email ?? null);
  // The identity graph keeps phones in E.164, what SMS gateways expect.
  const phone = single.phone ?? (typeof traits.phone === 'string' ? traits.phone : null);
  const language = String(traits.language ?? traits.locale ?? 'fr').toLowerCase();
  return {
    profileId,
    locale: language.startsWith('en') ? 'en' : 'fr',
    email,
    phone,
    traits,
    favouriteStoreId: profile.favourite_store_id ?? null,
    consents: Object.fromEntries(Object.entries(consents).map(([purpose, state]) => [purpose, state.granted])),
    // Push needs a subscribed device; the inbox needs an account to read it from.
    reachable: { email: email !== null, sms: phone !== null, inbox: account !== undefined, push: single.device_id !== null },
    timezone: typeof traits.timezone === 'string' ? traits.timezone : (single.store_timezone ?? 'Europe/Paris'),
    quietHours: DEFAULT_QUIET_HOURS,
    recentSends: sent.map((s): PastSend => ({ channel: s.channel as DeliveryChannel, at: s.sent_at!, transactional: s.transactional === 1, priority: s.priority })),
    engagement: Object.fromEntries(engaged),
  };
}
