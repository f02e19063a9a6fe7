import { ruleFor } from '../modules/identity/resolution/identifiers.js';
import type { RowSink } from './bulk-writer.js';
import { makeCustomer } from './customers.js';
import { base32 } from './demo-ids.js';
import { traitSearchKey } from '../modules/identity/name-keys.js';
import { HistoryWriter, type KnownIdentifiers } from './event-writer.js';
import { writeHistory } from './history.js';
import type { DemoWorld } from './world.js';

export interface CustomerCounts {
  events: number;
  identities: number;
}

const IDENTITY_FIELDS = [
  ['userId', 'userId'],
  ['anonymousId', 'anonymousId'],
  ['deviceId', 'deviceId'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['loyalty_card', 'loyaltyCard'],
  ['instagram', 'instagram'],
] as const;

/**
 * A person's rows besides their events, as ingestion would have derived them from those events:
 * the profile (current traits, anchor, latest order key), one identity per identifier with its first
 * and last sighting, traits with their source, channels, and the consent choices with their history.
 */
export function writePersonRows(
  sink: RowSink,
  history: HistoryWriter,
  person: { who: KnownIdentifiers; favouriteStoreId: string | null; createdAt: string },
  counts: CustomerCounts,
): void {
  const profileId = history.profileId;
  const identities: { type: string; value: string }[] = [];
  for (const [type, field] of IDENTITY_FIELDS) {
    const value = person.who[field];
    if (value) identities.push({ type, value });
  }
  // The anchor is the strongest identifier (the identity module's rules); a person has one of each type.
  let anchor: { type: string; value: string } | undefined;
  for (const identity of identities) if (!anchor || ruleFor(identity.type).priority < ruleFor(anchor.type).priority) anchor = identity;
  const traitNames = [...history.traits.keys()].sort();
  const traits: Record<string, unknown> = {};
  for (const name of traitNames) traits[name] = history.traits.get(name)!.value;
  sink.add('profiles', [
    profileId, JSON.stringify(traits), person.favouriteStoreId, null, anchor ? `${anchor.type}:${anchor.value}` : null, history.lastOrderKey,
    person.createdAt, new Date(Math.max(Date.parse(person.createdAt), history.last)).toISOString(),
  ]);
  for (const { type, value } of identities) {
    const seen = history.seen.get(type as never);
    sink.add('profile_identities', [type, value, profileId, seen?.[0] ?? person.createdAt, seen?.[1] ?? person.createdAt]);
  }
  for (const name of traitNames) {
    const trait = history.traits.get(name)!;
    const value = JSON.stringify(trait.value);
    sink.add('profile_traits', [profileId, name, value, trait.sourceId, trait.channel, trait.at, trait.orderKey, traitSearchKey(name, value)]);
  }
  for (const channel of [...history.channels.keys()].sort()) {
    const seen = history.channels.get(channel)!;
    sink.add('profile_channels', [profileId, channel, seen.first, seen.last, seen.count]);
  }
  const consent = history.consent;
  if (consent) {
    const purposes = Object.keys(consent.choices).sort();
    purposes.forEach((purpose, i) => {
      const granted = consent.choices[purpose] ? 1 : 0;
      const source = `event:${consent.eventId}`;
      sink.add('consents', [profileId, purpose, granted, consent.channel, source, null, consent.at]);
      sink.add('consent_history', [`cns_${consent.eventId.slice(4)}${base32(i, 1)}`, profileId, purpose, granted, consent.channel, source, null, null, consent.at]);
    });
  }
  counts.identities += identities.length;
  counts.events += history.count;
}

/** Customer n's profile, identities, history and what derives from it, added to the sink. */
export function writeCustomer(sink: RowSink, world: DemoWorld, index: number, counts: CustomerCounts): void {
  const { customer, random } = makeCustomer(world.seed, index);
  const history = new HistoryWriter(sink, world.sourceIds, customer.id, base32(index, 7), 2, customer, random);
  writeHistory(customer, random, world, history);
  writePersonRows(sink, history, { who: customer, favouriteStoreId: customer.favouriteStoreId, createdAt: new Date(Math.min(customer.since, history.first)).toISOString() }, counts);
}


