import { createHash } from 'node:crypto';
import { normaliseIdentifier, type Identifier } from '../resolution/identifiers.js';

export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'alias', 'group'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Channels whose devices are shared by many people (store tablets, kiosks): their device ids identify nobody. */
export const SHARED_DEVICE_CHANNELS = new Set(['store', 'kiosk']);

export interface SourceInfo {
  id: string;
  channel: string;
  storeId: string | null;
}

/** An event ready to store: validated, identifiers extracted, time corrected. */
export interface NormalisedEvent {
  messageId: string;
  type: EventType;
  /** Event name for track; page or screen name; null otherwise. */
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  identifiers: Identifier[];
  traits: Record<string, unknown>;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  channel: string;
  storeId: string | null;
  /** When it happened, corrected for the sender's clock skew (ISO 8601 UTC). */
  timestamp: string;
  receivedAt: string;
  /** Canonical order of events: time, then source and message id. */
  orderKey: string;
  /** The event as stored: the client's payload plus what the server adds (Segment's shape). */
  payload: Record<string, unknown>;
}

export type NormaliseResult = { ok: true; event: NormalisedEvent } | { ok: false; message: string; field: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Copies `source`'s own enumerable keys into `target`, as `{ ...target, ...source }` would (same keys,
 * same order). Spreading an object and then adding keys costs V8 about 4 µs an event here and leaves
 * an object that is as slow again to serialise; a plain copy costs a tenth of that.
 */
export function copyOwn(target: Record<string, unknown>, source: Record<string, unknown>, skip?: string): Record<string, unknown> {
  for (const key in source) {
    if (key === skip || !Object.hasOwn(source, key)) continue;
    // An own "__proto__" key (JSON.parse makes them) is data for a spread, not the prototype.
    if (key === '__proto__') Object.defineProperty(target, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else target[key] = source[key];
  }
  return target;
}

function parseTime(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? time : null;
}

/**
 * The identifiers an event names (API.md): userId, anonymousId, traits.email and traits.phone (also
 * under context.traits), context.device.id (not from shared store devices) and context.externalIds[].
 */
export function extractIdentifiers(raw: Record<string, unknown>, channel: string, type: unknown = raw.type): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (type: string, value: unknown) => {
    const identifier = normaliseIdentifier(type, value);
    if (identifier) found.set(`${identifier.type}:${identifier.value}`, identifier);
  };
  add('userId', raw.userId);
  add('anonymousId', raw.anonymousId);
  const context = isObject(raw.context) ? raw.context : {};
  // A group call's traits describe the company, not the person: its email must not link people.
  const personTraits = type === 'group' ? [context.traits] : [raw.traits, context.traits];
  for (const traits of personTraits) {
    if (!isObject(traits)) continue;
    add('email', traits.email);
    add('phone', traits.phone);
  }
  if (!SHARED_DEVICE_CHANNELS.has(channel) && isObject(context.device)) add('deviceId', context.device.id);
  if (Array.isArray(context.externalIds)) {
    for (const external of context.externalIds) {
      if (!isObject(external) || typeof external.type !== 'string') continue;
      const type = external.type.trim().toLowerCase();
      if (/^[a-z][a-z0-9_]{0,40}$/.test(type) && !['userid', 'anonymousid'].includes(type)) add(type === 'device_id' ? 'deviceId' : type, external.id);
    }
  }
  return [...found.values()];
}

/** A message id for events sent without one: a hash of the content, so a replay is still recognised. */
function contentMessageId(type: string, raw: Record<string, unknown>): string {
  return `hash-${createHash('sha256').update(type).update(JSON.stringify(raw)).digest('hex').slice(0, 32)}`;
}

/**
 * Validates one Segment event and brings it to the stored form. `typeHint` is the type the endpoint
 * implies (`/v1/track` → track); in a batch each event names its own.
 */
export function normaliseSegmentEvent(raw: unknown, source: SourceInfo, receivedAt: Date, typeHint?: EventType): NormaliseResult {
  if (!isObject(raw)) return { ok: false, field: '', message: 'an event must be a JSON object' };
  const type = (typeHint ?? raw.type) as EventType;
  if (!EVENT_TYPES.includes(type)) return { ok: false, field: 'type', message: `type must be one of ${EVENT_TYPES.join(', ')}` };
  const userId = typeof raw.userId === 'string' || typeof raw.userId === 'number' ? String(raw.userId) : null;
  const anonymousId = typeof raw.anonymousId === 'string' || typeof raw.anonymousId === 'number' ? String(raw.anonymousId) : null;
  if (!userId && !anonymousId) return { ok: false, field: 'userId', message: 'userId or anonymousId is required' };
  let name: string | null = null;
  if (type === 'track') {
    if (typeof raw.event !== 'string' || raw.event.trim() === '') return { ok: false, field: 'event', message: 'track needs an event name' };
    name = raw.event.slice(0, 200);
  } else if (type === 'page' || type === 'screen') {
    name = typeof raw.name === 'string' ? raw.name.slice(0, 200) : null;
  }
  if (type === 'alias' && (typeof raw.previousId !== 'string' || raw.previousId === '')) return { ok: false, field: 'previousId', message: 'alias needs previousId' };
  for (const field of ['traits', 'properties', 'context'] as const) {
    if (raw[field] !== undefined && !isObject(raw[field])) return { ok: false, field, message: `${field} must be an object` };
  }
  const context = isObject(raw.context) ? raw.context : {};
  const properties = isObject(raw.properties) ? raw.properties : {};
  const traits: Record<string, unknown> = {};
  if (isObject(context.traits)) copyOwn(traits, context.traits);
  if (type !== 'group' && isObject(raw.traits)) copyOwn(traits, raw.traits);

  // Segment's correction: timestamp = receivedAt − (sentAt − originalTimestamp).
  const received = receivedAt.getTime();
  const sentAt = parseTime(raw.sentAt);
  const original = parseTime(raw.timestamp ?? raw.originalTimestamp);
  if ((raw.timestamp !== undefined || raw.originalTimestamp !== undefined) && original === null) {
    return { ok: false, field: 'timestamp', message: 'timestamp is not a valid ISO 8601 date' };
  }
  const happened = original === null ? received : sentAt === null ? original : received - (sentAt - original);
  const timestamp = new Date(happened).toISOString();

  const identifiers = extractIdentifiers(raw, source.channel, type);
  if (type === 'alias') {
    const previous = normaliseIdentifier(/@/.test(String(raw.previousId)) ? 'email' : 'userId', raw.previousId);
    // previousId is the id the person had before: an anonymous id or an older user id.
    const asAnonymous = normaliseIdentifier('anonymousId', raw.previousId);
    if (previous?.type === 'email') identifiers.push(previous);
    else if (asAnonymous) identifiers.push(asAnonymous);
  }
  if (identifiers.length === 0) return { ok: false, field: 'userId', message: 'the event names no usable identifier (placeholder values such as "null" or "anonymous" do not count)' };

  const messageId = typeof raw.messageId === 'string' && raw.messageId.trim() !== '' ? raw.messageId.slice(0, 200) : contentMessageId(type, raw);
  const storeId = [properties.storeId, context.storeId, source.storeId].find((value): value is string => typeof value === 'string' && value !== '') ?? null;
  const receivedIso = receivedAt.toISOString();
  // The client's event plus what the server adds, without the write key: `{ ...raw, type, … }`.
  const payload = copyOwn({}, raw, 'writeKey');
  payload.type = type;
  payload.messageId = messageId;
  payload.timestamp = timestamp;
  payload.receivedAt = receivedIso;
  if (raw.timestamp !== undefined) payload.originalTimestamp = raw.timestamp;
  payload.channel = source.channel;
  return {
    ok: true,
    event: {
      messageId,
      type,
      name,
      userId,
      anonymousId,
      identifiers,
      traits,
      properties,
      context,
      channel: source.channel,
      storeId,
      timestamp,
      receivedAt: receivedIso,
      orderKey: `${timestamp}|${source.id}|${messageId}`,
      payload,
    },
  };
}
