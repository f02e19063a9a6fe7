import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The kinds of identifier the graph knows, strongest first. */
export const IDENTIFIER_TYPES = ['userId', 'email', 'phone', 'loyalty_card', 'instagram', 'external', 'deviceId', 'anonymousId'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface Identifier {
  type: string;
  value: string;
}

export interface IdentifierRule {
  /** Lower is stronger: when a merge would break a limit, the weaker identifiers of the event are left out. */
  priority: number;
  /** How many values of this type one profile may hold; a merge that would exceed it does not happen. */
  limit: number;
  /** `strong` identifiers name one person (a login, an email); `weak` ones name a browser or a device. */
  trust: 'strong' | 'medium' | 'weak';
}

/**
 * Merge protection. Two userIds never merge (limit 1); a person may have several emails, phones and
 * cards, and many browsers and devices. Other external ids (`context.externalIds[].type`) share the
 * `external` rule unless named here.
 */
export const DEFAULT_RULES: Record<string, IdentifierRule> = {
  userId: { priority: 0, limit: 1, trust: 'strong' },
  email: { priority: 1, limit: 5, trust: 'strong' },
  phone: { priority: 2, limit: 5, trust: 'strong' },
  loyalty_card: { priority: 3, limit: 3, trust: 'strong' },
  instagram: { priority: 4, limit: 3, trust: 'medium' },
  external: { priority: 5, limit: 10, trust: 'medium' },
  deviceId: { priority: 6, limit: 20, trust: 'weak' },
  anonymousId: { priority: 7, limit: 200, trust: 'weak' },
};

export function ruleFor(type: string, rules: Record<string, IdentifierRule> = DEFAULT_RULES): IdentifierRule {
  return rules[type] ?? rules.external!;
}

/** Values that clients send when they have nothing: never identifiers. */
const BLOCKED_VALUES = new Set([
  '', 'null', 'undefined', 'nil', 'none', 'nan', 'anonymous', 'anon', 'unknown', 'guest', 'test', 'user', 'customer',
  '0', '-1', '1', '00000000-0000-0000-0000-000000000000', 'test@test.com', 'test@example.com', 'noemail@noemail.com',
  'no-reply@example.com', 'email@email.com', '[object object]', 'true', 'false',
]);

export function isBlockedValue(value: string): boolean {
  return BLOCKED_VALUES.has(value.trim().toLowerCase());
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One identifier in its canonical form, or null when it is not usable: emails trimmed and
 * lower-cased, phones in E.164 (French numbers without a country code are read as French),
 * instagram handles without `@` and lower-cased, blocked values dropped.
 */
export function normaliseIdentifier(type: string, raw: unknown): Identifier | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let value = String(raw).trim();
  if (value.length === 0 || value.length > 200 || isBlockedValue(value)) return null;
  switch (type) {
    case 'email':
      value = value.toLowerCase();
      if (!EMAIL.test(value)) return null;
      break;
    case 'phone': {
      const parsed = parsePhoneNumberFromString(value, 'FR');
      if (!parsed || !parsed.isPossible()) return null;
      value = parsed.number;
      break;
    }
    case 'instagram':
      value = value.replace(/^@/, '').toLowerCase();
      if (!value) return null;
      break;
    case 'loyalty_card':
      value = value.replace(/[\s-]/g, '').toUpperCase();
      break;
    default:
      break;
  }
  if (isBlockedValue(value)) return null;
  return { type, value };
}

export function identifierKey(identifier: Identifier): string {
  return `${identifier.type}:${identifier.value}`;
}

export function parseIdentifierKey(key: string): Identifier {
  const at = key.indexOf(':');
  return { type: key.slice(0, at), value: key.slice(at + 1) };
}
