import type { Channel } from '../modules/identity/channels.js';
import type { RowSink, RowValues } from './bulk-writer.js';
import { base32 } from './demo-ids.js';
import type { Random } from './random.js';

/** The identifiers one person is known by; each event carries those its channel would know. */
export interface KnownIdentifiers {
  userId: string | null;
  anonymousId: string | null;
  deviceId: string | null;
  deviceType: 'ios' | 'android' | null;
  email: string | null;
  phone: string | null;
  loyaltyCard: string | null;
  instagram: string | null;
  language: 'fr' | 'en';
}

export type EventType = 'track' | 'page' | 'screen' | 'identify';

/** Identity types as the identity module stores them (`profile_identities.type`). */
export type IdentityType = 'userId' | 'anonymousId' | 'deviceId' | 'email' | 'phone' | 'loyalty_card' | 'instagram';

const LIBRARIES: Record<Channel, { name: string; version: string }> = {
  web: { name: 'analytics.js', version: 'next-1.76.0' },
  app: { name: 'analytics-swift', version: '1.7.2' },
  store: { name: 'stylenow-till', version: '3.2.0' },
  instagram: { name: 'passerelle-instagram', version: '1.0.0' },
  email: { name: 'stylenow-esp-webhook', version: '1.0.0' },
  call_centre: { name: 'stylenow-telephony', version: '2.1.0' },
  chat: { name: 'passerelle-chat', version: '1.0.0' },
  kiosk: { name: 'stylenow-mirror', version: '1.4.2' },
};
const ANDROID_LIBRARY = { name: 'analytics-kotlin', version: '1.16.3' };

interface ChannelTemplate {
  /** `"userId":"…","anonymousId":"…",` or empty: the identifiers this channel's events carry. */
  ids: string;
  /** The serialised `context` object. */
  context: string;
  /** Identifier keys in the order ingestion extracts them (userId, anonymousId, traits, device, external ids). */
  keys: [IdentityType, string][];
  /** Traits the channel's context carries (`context.traits`): they count as traits, as ingestion counts them. */
  traits: [string, string][];
  /** `keys` as the events table stores them (JSON array of `type:value`). */
  identifiers: string;
}

/** A trait's latest value, with where and when it came from (`profile_traits`). */
export interface TraitValue {
  value: unknown;
  sourceId: string;
  channel: Channel;
  at: string;
  orderKey: string;
}

/**
 * Writes one person's events as ingestion stores them: the raw Segment payload plus what the
 * server adds (receivedAt, originalTimestamp, channel), the identifier keys it names, its canonical
 * order key and the resolved profile. Meanwhile it keeps what ingestion derives from events (traits
 * with their source, channels, first and last sighting of each identifier, the latest order key),
 * so the person's other rows say the same as the history. Payloads are assembled from per-channel
 * pieces serialised once per person: serialising the same context again for millions of events was
 * most of the generator's time.
 */
export class HistoryWriter {
  #ordinal = 0;
  readonly #templates = new Map<string, ChannelTemplate>();
  /** First and last sighting of each identifier type, as ISO timestamps (they sort as strings). */
  readonly seen = new Map<IdentityType, [string, string]>();
  readonly traits = new Map<string, TraitValue>();
  readonly channels = new Map<Channel, { first: string; last: string; count: number }>();
  lastOrderKey = '';
  /** The consent choices an identify carried, as ingestion records them. */
  consent: { eventId: string; channel: Channel; at: string; choices: Record<string, boolean> } | undefined;
  count = 0;
  first = Number.POSITIVE_INFINITY;
  last = 0;

  constructor(
    private readonly writer: RowSink,
    private readonly sourceIds: Record<Channel, string>,
    readonly profileId: string,
    /** Unique per person: event ids and message ids are this plus an ordinal. */
    private readonly keyPrefix: string,
    private readonly ordinalWidth: number,
    private readonly who: KnownIdentifiers,
    private readonly random: Random,
  ) {}

  /**
   * What a channel's events carry for this person. An identify (sign-up, loyalty enrolment) carries
   * every identifier the person has, so each identity of the profile is named by some event.
   */
  #template(channel: Channel, storeId: string | null, forIdentify = false): ChannelTemplate {
    const cacheKey = `${forIdentify ? 'identify:' : ''}${channel}:${storeId ?? ''}`;
    let template = this.#templates.get(cacheKey);
    if (template) return template;
    const who = this.who;
    const ids: Record<string, string> = {};
    const keys: [IdentityType, string][] = [];
    const traits: [string, string][] = [];
    const context: Record<string, unknown> = { library: channel === 'app' && who.deviceType === 'android' ? ANDROID_LIBRARY : LIBRARIES[channel] };
    const external = (id: string, type: string) => ({ id, type, collection: 'users', encoding: 'none' });
    // Segment needs a userId or an anonymousId on every event: server-side senders use the account's
    // id when there is one, else the anonymous id the person already has.
    const identify = (withAnonymous: boolean) => {
      if (who.userId) ids.userId = who.userId;
      if (who.anonymousId && (withAnonymous || forIdentify || !who.userId)) ids.anonymousId = who.anonymousId;
      if (ids.userId) keys.push(['userId', ids.userId]);
      if (ids.anonymousId) keys.push(['anonymousId', ids.anonymousId]);
    };
    const contextTrait = (name: 'email' | 'phone', value: string) => {
      context.traits = { [name]: value };
      traits.push([name, value]);
      keys.push([name, value]);
    };
    const externals = () => {
      const list: ReturnType<typeof external>[] = [];
      if (who.loyaltyCard) {
        list.push(external(who.loyaltyCard, 'loyalty_card'));
        keys.push(['loyalty_card', who.loyaltyCard]);
      }
      if (who.instagram) {
        list.push(external(who.instagram, 'instagram'));
        keys.push(['instagram', who.instagram]);
      }
      context.externalIds = list;
    };
    switch (channel) {
      case 'web':
      case 'chat':
        identify(true);
        context.locale = who.language === 'en' ? 'en-GB' : 'fr-FR';
        break;
      case 'app':
        identify(false);
        context.app = { name: 'StyleNow', version: '5.4.0', build: '5402' };
        context.device = { id: who.deviceId, type: who.deviceType };
        context.os = who.deviceType === 'android' ? { name: 'Android', version: '15' } : { name: 'iOS', version: '18.1' };
        context.locale = who.language === 'en' ? 'en-GB' : 'fr-FR';
        if (who.deviceId) keys.push(['deviceId', who.deviceId]);
        break;
      case 'store':
      case 'kiosk':
        identify(false);
        if (storeId) context.storeId = storeId;
        if (forIdentify) break;
        if (who.loyaltyCard) {
          context.externalIds = [external(who.loyaltyCard, 'loyalty_card')];
          keys.push(['loyalty_card', who.loyaltyCard]);
        } else if (who.email) contextTrait('email', who.email);
        break;
      case 'email':
        identify(false);
        if (who.email && !forIdentify) contextTrait('email', who.email);
        break;
      case 'instagram':
        identify(false);
        if (who.instagram && !forIdentify) {
          context.externalIds = [external(who.instagram, 'instagram')];
          keys.push(['instagram', who.instagram]);
        }
        break;
      case 'call_centre':
        identify(false);
        if (who.phone && !forIdentify) contextTrait('phone', who.phone);
        break;
    }
    if (forIdentify && (who.loyaltyCard || who.instagram)) externals();
    // Traits come before device and external ids in ingestion's order.
    keys.sort((a, b) => KEY_ORDER[a[0]] - KEY_ORDER[b[0]]);
    const idsJson = JSON.stringify(ids);
    const identifiers = JSON.stringify(keys.map(([kind, value]) => `${kind}:${value}`));
    template = { ids: idsJson === '{}' ? '' : `${idsJson.slice(1, -1)},`, context: JSON.stringify(context), keys, traits, identifiers };
    this.#templates.set(cacheKey, template);
    return template;
  }

  #see(type: IdentityType, at: string): void {
    const range = this.seen.get(type);
    if (!range) this.seen.set(type, [at, at]);
    else {
      if (at < range[0]) range[0] = at;
      if (at > range[1]) range[1] = at;
    }
  }

  #trait(name: string, value: unknown, contribution: Omit<TraitValue, 'value'>): void {
    const current = this.traits.get(name);
    if (!current || current.orderKey < contribution.orderKey) this.traits.set(name, { value, ...contribution });
  }

  /** The person tells who they are (sign-up, loyalty enrolment): traits, and consent choices if any. */
  identify(channel: Channel, at: number, traits: Record<string, unknown>, consent?: Record<string, boolean>, storeId: string | null = null): string {
    const eventId = this.#write(channel, at, 'identify', null, traits, storeId, undefined, consent);
    if (consent) this.consent = { eventId, channel, at: new Date(at).toISOString(), choices: consent };
    return eventId;
  }

  emit(
    channel: Channel,
    at: number,
    type: Exclude<EventType, 'identify'>,
    name: string | null,
    /** An object, or the JSON text of one (assembled from cached parts on the hot paths). */
    properties: Record<string, unknown> | string,
    storeId: string | null = null,
    campaign?: Record<string, string>,
  ): string {
    return this.#write(channel, at, type, name, properties, storeId, campaign);
  }

  #write(
    channel: Channel,
    at: number,
    type: EventType,
    name: string | null,
    properties: Record<string, unknown> | string,
    storeId: string | null,
    campaign?: Record<string, string>,
    consent?: Record<string, boolean>,
  ): string {
    const template = this.#template(channel, storeId, type === 'identify');
    const key = this.keyPrefix + base32(this.#ordinal, this.ordinalWidth);
    this.#ordinal += 1;
    const sourceId = this.sourceIds[channel];
    const timestamp = new Date(at).toISOString();
    const messageId = `demo-${key}`;
    const orderKey = `${timestamp}|${sourceId}|${messageId}`;
    const contribution = { sourceId, channel, at: timestamp, orderKey };

    let keys = template.keys;
    let identifiers = template.identifiers;
    for (const [traitName, value] of template.traits) this.#trait(traitName, value, contribution);
    if (type === 'identify') {
      const traits = properties as Record<string, unknown>;
      for (const [traitName, value] of Object.entries(traits)) this.#trait(traitName, value, contribution);
      // Ingestion reads identifiers from the traits too: email and phone, right after the ids.
      const fromTraits: [IdentityType, string][] = [];
      if (typeof traits.email === 'string') fromTraits.push(['email', traits.email]);
      if (typeof traits.phone === 'string') fromTraits.push(['phone', traits.phone]);
      const merged = new Map([...keys.filter(([kind]) => kind === 'userId' || kind === 'anonymousId'), ...fromTraits, ...keys].map(([kind, value]) => [`${kind}:${value}`, [kind, value] as [IdentityType, string]]));
      keys = [...merged.values()];
      identifiers = JSON.stringify(keys.map(([kind, value]) => `${kind}:${value}`));
    }
    for (const [kind] of keys) this.#see(kind, timestamp);

    const head = type === 'track' ? `{"type":"track","event":${JSON.stringify(name)},` : type === 'identify' ? '{"type":"identify",' : `{"type":"${type}","name":${JSON.stringify(name)},`;
    const json = typeof properties === 'string' ? properties : JSON.stringify(properties);
    const body = type === 'identify' ? `"traits":${json}` : `"properties":${json}`;
    let context = template.context;
    if (campaign) context = `${context.slice(0, -1)},"campaign":${JSON.stringify(campaign)}}`;
    if (consent) context = `${context.slice(0, -1)},"consent":{"categoryPreferences":${JSON.stringify(consent)}}}`;
    // Tills and connectors send in batches, a little later than browsers and apps.
    const delay = channel === 'store' || channel === 'email' ? 1000 + this.random.int(0, 90_000) : 40 + this.random.int(0, 900);
    const receivedAt = new Date(at + delay).toISOString();
    // What ingestion adds to the payload it stores (see normaliseSegmentEvent).
    const payload = `${head}${template.ids}${body},"context":${context},"messageId":"${messageId}","timestamp":"${timestamp}","receivedAt":"${receivedAt}","originalTimestamp":"${timestamp}","channel":"${channel}"}`;
    const row: RowValues = [`evt_${key}`, sourceId, messageId, this.profileId, type, name, channel, storeId, timestamp, receivedAt, payload, identifiers, orderKey, 0];
    this.writer.add('events', row);

    const seen = this.channels.get(channel);
    if (!seen) this.channels.set(channel, { first: timestamp, last: timestamp, count: 1 });
    else {
      if (timestamp < seen.first) seen.first = timestamp;
      if (timestamp > seen.last) seen.last = timestamp;
      seen.count += 1;
    }
    if (orderKey > this.lastOrderKey) this.lastOrderKey = orderKey;
    this.count += 1;
    if (at < this.first) this.first = at;
    if (at > this.last) this.last = at;
    return `evt_${key}`;
  }
}

const KEY_ORDER: Record<IdentityType, number> = { userId: 0, anonymousId: 1, email: 2, phone: 3, deviceId: 4, loyalty_card: 5, instagram: 5 };
