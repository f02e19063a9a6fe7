import type { Channel } from '../modules/identity/channels.js';
import type { RowSink } from './bulk-writer.js';
import { writePersonRows, type CustomerCounts } from './customer-rows.js';
import type { DemoProduct, DemoVariant } from './catalog.js';
import { HistoryWriter, type KnownIdentifiers } from './event-writer.js';
import { Random, STREAM } from './random.js';
import { DEMO_CUSTOMERS, DEMO_STORES } from './stylenow.js';
import { object, orderProperties, productFields } from './touchpoints.js';
import type { DemoWorld } from './world.js';

/** A scripted event: [ISO time, channel, type, name, what it is about]. */
type Step =
  | { at: string; channel: Channel; view: string; size?: string }
  | { at: string; channel: Channel; wish: string; size: string }
  | { at: string; channel: Channel; order: [string, string][]; storeId?: string }
  | { at: string; channel: Channel; identify: true; consent?: Record<string, boolean> }
  | { at: string; channel: Channel; event: string; properties: Record<string, unknown>; storeId?: string; type?: 'track' | 'screen' };

export interface Persona {
  key: string;
  profileId: string;
  traits: Record<string, unknown>;
  who: KnownIdentifiers;
  favouriteStoreId: string | null;
  steps: Step[];
}

const { julie, sophie, emma } = DEMO_CUSTOMERS;

/**
 * The demo's named customers: Julie (J1, connected store in Lyon), Sophie (J3, organic cosmetics,
 * Instagram) and Emma (an English-speaking customer in Paris). Their histories are written out
 * step by step and do not depend on the seed. Their phones are in the 06 39 98 block reserved for
 * fiction and their cards below SN1000000000, which generated customers never use.
 */
export const PERSONAS: readonly Persona[] = [
  {
    key: 'julie',
    profileId: julie.profileId,
    traits: { firstName: 'Julie', lastName: 'Martin', email: julie.email, phone: '+33639980101', city: 'Lyon', postalCode: '69003', birthYear: 1991, language: 'fr', sizes: { top: 'S', bottom: '38', shoes: '38' } },
    who: { userId: '999001', anonymousId: '5c1a0000-0000-0000-0000-000000000001', deviceId: 'E621E1F8-C36C-095A-93FC-0C247A3E6E5F', deviceType: 'ios', email: julie.email, phone: '+33639980101', loyaltyCard: 'SN0000000001', instagram: 'julie.martin.lyon', language: 'fr' },
    favouriteStoreId: DEMO_STORES.lyonPartDieu,
    steps: [
      { at: '2025-09-12T18:40:00Z', channel: 'web', identify: true, consent: { location: true, marketing_email: true, marketing_push: true, personalization: true } },
      { at: '2025-09-12T18:42:00Z', channel: 'web', view: 'Jupe midi fluide', size: '38' },
      { at: '2025-09-20T14:05:00Z', channel: 'app', event: 'Store Entered', properties: { storeId: DEMO_STORES.lyonPartDieu, method: 'geofence' }, storeId: DEMO_STORES.lyonPartDieu },
      { at: '2025-09-20T14:32:00Z', channel: 'store', order: [['T-shirt en coton bio', 'S'], ['Jupe midi fluide', '38']], storeId: DEMO_STORES.lyonPartDieu },
      { at: '2026-03-02T08:10:00Z', channel: 'email', event: 'Email Opened', properties: { campaign_id: 'nouvelle-collection-printemps-2026', campaign_name: 'La collection printemps est arrivée', email_subject: 'La collection printemps est arrivée' } },
      { at: '2026-03-03T20:15:00Z', channel: 'app', event: 'Application Opened', properties: { from_background: false, version: '5.4.0', build: '5402' } },
      { at: '2026-03-03T20:17:00Z', channel: 'app', wish: 'Robe plissée en lin', size: '38' },
      { at: '2026-03-03T20:19:00Z', channel: 'app', wish: 'Jupe plissée en satin', size: '38' },
      { at: '2026-03-03T20:21:00Z', channel: 'app', wish: 'Trench imperméable', size: '38' },
      { at: '2026-04-18T12:30:00Z', channel: 'web', order: [['Sérum éclat à la vitamine C', '30 ml']] },
      { at: '2026-06-10T17:45:00Z', channel: 'instagram', event: 'Message Sent', properties: { conversation_id: 'instagram-julie-1', text: 'Bonjour ! La robe plissée en lin existe-t-elle en écru ?', direction: 'inbound' } },
      { at: '2026-09-26T15:10:00Z', channel: 'store', order: [['Pull col roulé en cachemire', 'S']], storeId: DEMO_STORES.lyonRepublique },
      { at: '2026-10-20T07:55:00Z', channel: 'app', view: 'Parapluie pliant', size: 'TU' },
    ],
  },
  {
    key: 'sophie',
    profileId: sophie.profileId,
    traits: { firstName: 'Sophie', lastName: 'Bernard', email: sophie.email, phone: '+33639980102', city: 'Paris', postalCode: '75011', birthYear: 1987, language: 'fr', sizes: { top: 'M', bottom: '40', shoes: '39' } },
    who: { userId: '999002', anonymousId: '5c1a0000-0000-0000-0000-000000000002', deviceId: null, deviceType: null, email: sophie.email, phone: '+33639980102', loyaltyCard: null, instagram: 'sophie.bernard.beaute', language: 'fr' },
    favouriteStoreId: null,
    steps: [
      { at: '2026-05-14T19:02:00Z', channel: 'instagram', event: 'Message Sent', properties: { conversation_id: 'instagram-sophie-1', text: 'Bonjour, vos crèmes sont-elles certifiées bio ?', direction: 'inbound' } },
      { at: '2026-05-14T19:20:00Z', channel: 'web', identify: true, consent: { marketing_email: true, personalization: true } },
      { at: '2026-05-14T19:21:00Z', channel: 'web', view: 'Crème hydratante à l’aloe vera', size: '50 ml' },
      { at: '2026-05-14T19:24:00Z', channel: 'web', view: 'Sérum éclat à la vitamine C', size: '30 ml' },
      { at: '2026-07-01T07:40:00Z', channel: 'email', event: 'Email Opened', properties: { campaign_id: 'soldes-ete-2026', campaign_name: 'Soldes d’été : c’est parti', email_subject: 'Soldes d’été : c’est parti' } },
    ],
  },
  {
    key: 'emma',
    profileId: emma.profileId,
    traits: { firstName: 'Emma', lastName: 'Wilson', email: emma.email, phone: '+33639980103', city: 'Paris', postalCode: '75006', birthYear: 1995, language: 'en', sizes: { top: 'M', bottom: '38', shoes: '39' } },
    who: { userId: '999003', anonymousId: null, deviceId: '9b2c0000-0000-0000-0000-000000000003', deviceType: 'android', email: emma.email, phone: '+33639980103', loyaltyCard: 'SN0000000003', instagram: null, language: 'en' },
    favouriteStoreId: DEMO_STORES.parisOpera,
    steps: [
      { at: '2026-02-07T10:29:00Z', channel: 'app', identify: true, consent: { location: false, marketing_email: false, marketing_push: true, personalization: true } },
      { at: '2026-02-07T10:30:00Z', channel: 'app', event: 'Application Opened', properties: { from_background: false, version: '5.4.0', build: '5402' } },
      { at: '2026-02-07T10:33:00Z', channel: 'app', view: 'Manteau long croisé en laine', size: '38' },
      { at: '2026-02-08T15:00:00Z', channel: 'store', order: [['Manteau long croisé en laine', '38'], ['Écharpe en cachemire', 'TU']], storeId: DEMO_STORES.parisOpera },
      { at: '2026-02-20T09:15:00Z', channel: 'call_centre', event: 'Call Completed', properties: { reason: 'échange de taille', durationSeconds: 312, queue: 'service-client', language: 'en' } },
    ],
  },
];

function findVariant(world: DemoWorld, name: string, size: string): { product: DemoProduct; variant: DemoVariant } {
  const product = world.catalog.products.find((candidate) => candidate.name === name);
  if (!product) throw new Error(`Persona product "${name}" is not in the catalog`);
  const variant = product.variants.find((candidate) => candidate.size === size) ?? product.variants[0]!;
  return { product, variant };
}

export function writePersona(sink: RowSink, world: DemoWorld, persona: Persona, counts: CustomerCounts): void {
  const history = new HistoryWriter(sink, world.sourceIds, persona.profileId, `demo${persona.key}`, 2, persona.who, new Random(0, STREAM.persona, PERSONAS.indexOf(persona)));
  let orders = 0;
  for (const step of persona.steps) {
    const at = Date.parse(step.at);
    if ('identify' in step) {
      history.identify(step.channel, at, persona.traits, step.consent);
    } else if ('view' in step) {
      const { product, variant } = findVariant(world, step.view, step.size ?? 'TU');
      history.emit(step.channel, at, 'track', 'Product Viewed', object(productFields(product, variant)));
    } else if ('wish' in step) {
      const { product, variant } = findVariant(world, step.wish, step.size);
      history.emit(step.channel, at, 'track', 'Product Added to Wishlist', object(`"wishlist_id":"wl-${persona.key}"`, productFields(product, variant)));
    } else if ('order' in step) {
      orders += 1;
      const lines = step.order.map(([name, size]) => ({ ...findVariant(world, name, size), quantity: 1 }));
      const prefix = step.channel === 'store' ? 'M' : step.channel === 'app' ? 'A' : 'W';
      const extra = step.storeId ? { storeId: step.storeId } : { fulfillment: 'home_delivery' };
      history.emit(step.channel, at, 'track', 'Order Completed', orderProperties(`${prefix}-DEMO${persona.key.toUpperCase()}-${orders}`, lines, 0, extra), step.storeId ?? null);
    } else {
      history.emit(step.channel, at, step.type ?? 'track', step.event, step.properties, step.storeId ?? null);
    }
  }
  writePersonRows(sink, history, { who: persona.who, favouriteStoreId: persona.favouriteStoreId, createdAt: new Date(history.first - 60_000).toISOString() }, counts);
}
