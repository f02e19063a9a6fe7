import { traitEntries } from '../profile-derived.js';
import { anonymisePayload } from './anonymise.js';
import type { AppliedEvent, RunPlan } from './ingest-plan.js';
import type { EventRow, IngestWrites, TraitRow } from './ingest-store.js';

/** The profiles whose trait rows must be read before a run's traits are written: those it adds traits to. */
export function profilesWithNewTraits(plan: RunPlan): string[] {
  const ids = new Set<string>();
  for (const { profileId, item } of plan.applied) {
    if (profileId !== null && !plan.newProfiles.has(profileId) && traitEntries(item.event.traits).length > 0) ids.add(profileId);
  }
  return [...ids];
}

function eventRow(applied: AppliedEvent): EventRow {
  const { item, eventId, profileId } = applied;
  const { event, source } = item;
  const anonymized = profileId === null;
  return {
    id: eventId,
    sourceId: source.id,
    messageId: event.messageId,
    profileId,
    type: event.type,
    name: event.name,
    channel: event.channel,
    storeId: event.storeId,
    timestamp: event.timestamp,
    receivedAt: event.receivedAt,
    // The payload is serialised here, once, and never parsed again on the way in.
    payload: JSON.stringify(anonymized ? anonymisePayload(event.payload) : event.payload),
    identifiers: anonymized ? '[]' : JSON.stringify(item.keys),
    orderKey: event.orderKey,
    anonymized: anonymized ? 1 : 0,
  };
}

interface TraitValue {
  value: string;
  sourceId: string;
  channel: string;
  updatedAt: string;
  orderKey: string;
}

/**
 * Turns a planned run into rows, with what `applyContribution` and `refreshTraitCache` would do event
 * by event: a trait is written over an older one only (by order key), channels keep first and last
 * seen and a count, and the trait cache of each profile that got traits is its trait rows as JSON.
 */
export function runWrites(plan: RunPlan, currentTraits: TraitRow[], now: string): IngestWrites {
  const traitRows = new Map<string, Map<string, TraitValue | TraitRow>>();
  const rowsOf = (profileId: string) => {
    let rows = traitRows.get(profileId);
    if (!rows) traitRows.set(profileId, (rows = new Map()));
    return rows;
  };
  for (const row of currentTraits) rowsOf(row.profileId).set(row.name, row);

  const written = new Map<string, Map<string, TraitValue>>();
  const channels = new Map<string, IngestWrites['channels'][number]>();
  const refreshed = new Set<string>();
  for (const { item, profileId } of plan.applied) {
    if (profileId === null) continue;
    const { event, source } = item;
    const entries = traitEntries(event.traits);
    if (entries.length > 0) {
      refreshed.add(profileId);
      const rows = rowsOf(profileId);
      for (const [name, raw] of entries) {
        const current = rows.get(name);
        if (current && !(current.orderKey < event.orderKey)) continue;
        const value: TraitValue = { value: JSON.stringify(raw), sourceId: source.id, channel: event.channel, updatedAt: event.timestamp, orderKey: event.orderKey };
        rows.set(name, value);
        let mine = written.get(profileId);
        if (!mine) written.set(profileId, (mine = new Map()));
        mine.set(name, value);
      }
    }
    const channelKey = `${profileId}\u0000${event.channel}`;
    const seen = channels.get(channelKey);
    if (!seen) channels.set(channelKey, { profileId, channel: event.channel, firstSeen: event.timestamp, lastSeen: event.timestamp, events: 1 });
    else {
      if (event.timestamp < seen.firstSeen) seen.firstSeen = event.timestamp;
      if (event.timestamp > seen.lastSeen) seen.lastSeen = event.timestamp;
      seen.events += 1;
    }
  }

  const cacheOf = (profileId: string) => {
    // Built as refreshTraitCache builds it (assignment into an object), in name order.
    const traits: Record<string, unknown> = {};
    for (const [name, row] of [...(traitRows.get(profileId) ?? new Map<string, TraitValue | TraitRow>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) traits[name] = JSON.parse(row.value);
    return JSON.stringify(traits);
  };
  const writes: IngestWrites = {
    now,
    profiles: [...plan.newProfiles].map(([id, { anchor }]) => ({ id, anchor, lastOrderKey: plan.marks.get(id) ?? '', traits: refreshed.has(id) ? cacheOf(id) : '{}' })),
    events: plan.applied.map(eventRow),
    identities: [...plan.identities.values()].map((c) => ({ type: c.identifier.type, value: c.identifier.value, profileId: c.profileId, firstSeen: c.firstSeen, lastSeen: c.lastSeen })),
    skips: plan.skips,
    traits: [...written].flatMap(([profileId, rows]) => [...rows].map(([name, t]) => ({ profileId, name, ...t }))),
    channels: [...channels.values()],
    marks: [...plan.marks].filter(([id]) => !plan.newProfiles.has(id)).map(([id, lastOrderKey]) => ({ id, lastOrderKey })),
    traitCaches: [...refreshed].filter((id) => !plan.newProfiles.has(id)).map((id) => ({ id, traits: cacheOf(id) })),
  };
  return writes;
}
