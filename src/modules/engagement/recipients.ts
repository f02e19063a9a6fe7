import type { Kysely } from 'kysely';
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

/** What the contact policy and the templates need to know about a person, read in one place. */
export async function loadRecipient(db: Kysely<DB>, profileId: string, now: Date): Promise<RecipientView> {
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const [profile, traitRows, account, consents, sent, engaged, devices, phoneIdentity] = await Promise.all([
    db.selectFrom('profiles').select(['id', 'favourite_store_id']).where('id', '=', profileId).executeTakeFirst(),
    db.selectFrom('profile_traits').select(['name', 'value']).where('profile_id', '=', profileId).execute(),
    db.selectFrom('customer_accounts').select('email').where('profile_id', '=', profileId).executeTakeFirst(),
    getConsents(db, profileId),
    db
      .selectFrom('messages')
      .select(['channel', 'sent_at', 'transactional', 'priority'])
      .where('profile_id', '=', profileId)
      .where('status', '=', 'sent')
      .where('sent_at', '>=', since)
      .execute(),
    db
      .selectFrom('messages')
      .select(['channel'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('profile_id', '=', profileId)
      .where((eb) => eb.or([eb('opened_at', 'is not', null), eb('clicked_at', 'is not', null)]))
      .groupBy('channel')
      .execute(),
    db.selectFrom('push_subscriptions').select('id').where('profile_id', '=', profileId).limit(1).execute(),
    db.selectFrom('profile_identities').select('value').where('profile_id', '=', profileId).where('type', '=', 'phone').orderBy('last_seen_at', 'desc').executeTakeFirst(),
  ]);
  const traits = Object.fromEntries(traitRows.map((t) => [t.name, JSON.parse(t.value) as unknown]));
  const email = typeof traits.email === 'string' ? traits.email : (account?.email ?? null);
  // The identity graph keeps phones in E.164, what SMS gateways expect.
  const phone = phoneIdentity?.value ?? (typeof traits.phone === 'string' ? traits.phone : null);
  const language = String(traits.language ?? traits.locale ?? 'fr').toLowerCase();
  const store = profile?.favourite_store_id
    ? await db.selectFrom('locations').select('timezone').where('id', '=', profile.favourite_store_id).executeTakeFirst()
    : undefined;
  return {
    profileId,
    locale: language.startsWith('en') ? 'en' : 'fr',
    email,
    phone,
    traits,
    favouriteStoreId: profile?.favourite_store_id ?? null,
    consents: Object.fromEntries(Object.entries(consents).map(([purpose, state]) => [purpose, state.granted])),
    // Push needs a subscribed device; the inbox needs an account to read it from.
    reachable: { email: email !== null, sms: phone !== null, inbox: account !== undefined, push: devices.length > 0 },
    timezone: typeof traits.timezone === 'string' ? traits.timezone : (store?.timezone ?? 'Europe/Paris'),
    quietHours: DEFAULT_QUIET_HOURS,
    recentSends: sent.map((s): PastSend => ({ channel: s.channel as DeliveryChannel, at: s.sent_at!, transactional: s.transactional === 1, priority: s.priority })),
    engagement: Object.fromEntries(engaged.map((e) => [e.channel, Number(e.n)])),
  };
}
