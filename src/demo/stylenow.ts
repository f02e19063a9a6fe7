/**
 * What a newcomer (and a journey test) needs to use the StyleNow demo: logins, write keys, and the
 * ids of the stores the journeys of JOURNEYS.md take place in. The demo is public: never use these
 * keys or passwords on a real deployment (rotate the keys, disable the accounts).
 */
import type { Channel } from '../modules/identity/channels.js';
import type { StaffRole } from '../platform/auth/principal.js';

/** The demo's "today": history is spread over the 18 months before it. */
export const DEMO_NOW = '2026-11-01T00:00:00.000Z';
export const HISTORY_START = '2025-05-01T00:00:00.000Z';

/** Every demo login (staff and customers) uses this password. */
export const DEMO_PASSWORD = 'stylenow-demo';

/** Store ids are `sto_` + a readable slug, warehouses `whs_` + a slug. */
export const DEMO_STORES = {
  lyonPartDieu: 'sto_lyonpartdieu',
  lyonRepublique: 'sto_lyonrepublique',
  parisOpera: 'sto_parisopera',
  laDefense: 'sto_ladefense',
  reunion: 'sto_saintdenisreunion',
} as const;

export const DEMO_WAREHOUSES = { parisSud: 'whs_parissud', lyonEst: 'whs_lyonest' } as const;

export interface DemoStaff {
  email: string;
  name: string;
  role: StaffRole;
  storeId?: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { email: 'admin@stylenow.fr', name: 'Amélie Rousseau', role: 'admin' },
  { email: 'marketing@stylenow.fr', name: 'Marc Lefèvre', role: 'marketer' },
  { email: 'service@stylenow.fr', name: 'Nadia Benali', role: 'agent' },
  { email: 'vendeur.lyon@stylenow.fr', name: 'Lucas Girard', role: 'associate', storeId: DEMO_STORES.lyonPartDieu },
];

/**
 * One source per channel, each with a fixed, documented write key so events can be sent at once:
 * `curl -u demo_web_write_key: http://localhost:8080/v1/track -d '{…}'`. Stores share one till
 * source (store_id null): a till names its store in `properties.storeId`, as the API asks, and one
 * key is simpler to hand out in a demo than thirty.
 */
export const DEMO_SOURCES: readonly { id: string; name: string; channel: Channel; writeKey: string }[] = [
  { id: 'src_demoweb', name: 'Boutique en ligne stylenow.fr', channel: 'web', writeKey: 'demo_web_write_key' },
  { id: 'src_demoapp', name: 'Application StyleNow (iOS, Android)', channel: 'app', writeKey: 'demo_app_write_key' },
  { id: 'src_demostore', name: 'Caisses des magasins', channel: 'store', writeKey: 'demo_store_write_key' },
  { id: 'src_demoinstagram', name: 'Instagram @stylenow.fr', channel: 'instagram', writeKey: 'demo_instagram_write_key' },
  { id: 'src_demoemail', name: 'Routeur e-mail', channel: 'email', writeKey: 'demo_email_write_key' },
  { id: 'src_democallcentre', name: 'Service client téléphonique', channel: 'call_centre', writeKey: 'demo_call_centre_write_key' },
  { id: 'src_demochat', name: 'Chat du site et de l’application', channel: 'chat', writeKey: 'demo_chat_write_key' },
  { id: 'src_demokiosk', name: 'Bornes et miroirs connectés', channel: 'kiosk', writeKey: 'demo_kiosk_write_key' },
];

/** Demo customers with an account (password DEMO_PASSWORD), each with a scripted history. */
export const DEMO_CUSTOMERS = {
  julie: { profileId: 'cus_demojulie', email: 'julie.martin@example.fr' },
  sophie: { profileId: 'cus_demosophie', email: 'sophie.bernard@example.fr' },
  emma: { profileId: 'cus_demoemma', email: 'emma.wilson@example.com' },
} as const;
