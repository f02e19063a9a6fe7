import type { Generated } from 'kysely';

export interface ProfileTable {
  id: string;
  /** JSON object: trait name → value. */
  traits: string;
  favourite_store_id: string | null;
  /** When this profile was merged into another, the survivor. */
  merged_into: string | null;
  /** The identifier this profile was made for; it decides which profile survives a merge and revives on unmerge. */
  anchor: Generated<string | null>;
  /** The canonical order key of the latest event that touched this profile (owned, or naming one of its identifiers). */
  last_order_key: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface ProfileIdentityTable {
  /** userId, anonymousId, email, phone, deviceId, loyalty_card, instagram, … */
  type: string;
  /** Normalised (emails lower-cased, phones E.164). */
  value: string;
  profile_id: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface CustomerAccountTable {
  id: string;
  profile_id: string;
  email: string;
  password_hash: string;
  created_at: string;
}

export interface SourceTable {
  id: string;
  name: string;
  channel: string;
  store_id: string | null;
  write_key_hash: string;
  /** The first characters of the key, to recognise it in a list without revealing it. */
  write_key_hint: string;
  created_at: string;
  disabled_at: string | null;
}

export interface EventTable {
  id: string;
  source_id: string;
  message_id: string;
  profile_id: string | null;
  /** track, identify, page, screen, alias, group */
  type: string;
  /** Event name for track, page or screen name. */
  name: string | null;
  channel: string;
  store_id: string | null;
  timestamp: string;
  received_at: string;
  /** The whole event as received (JSON). */
  payload: string;
  /** JSON array of the identifier keys (`email:julie@example.fr`) the event names. */
  identifiers: Generated<string>;
  /** Canonical order: corrected timestamp, source, message id. */
  order_key: Generated<string>;
  /** 1 when kept without anything that identifies the person (no analytics consent). */
  anonymized: Generated<number>;
}

export interface IdentitySkipTable {
  identifier: string;
  event_id: string;
  reason: string;
}

export interface IdentityMergeTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  survivor_anchor: string;
  merged_anchor: string;
  event_id: string | null;
  via: string | null;
  reason: string;
  created_at: string;
  reverted_at: string | null;
  reverted_by: string | null;
}

export interface IdentitySeparationTable {
  id: string;
  a: string;
  b: string;
  merge_id: string | null;
  created_at: string;
}

export interface ProfileTraitTable {
  profile_id: string;
  name: string;
  /** JSON value. */
  value: string;
  source_id: string | null;
  channel: string | null;
  updated_at: string;
  order_key: string;
  /** For a name trait (first, last or full name), the name as searched (name-keys.ts); otherwise null. */
  search_key: Generated<string | null>;
}

/** The end of a name trait's search key from an inner word on, kept by triggers on `profile_traits`. */
export interface ProfileNameWordTable {
  key: string;
  profile_id: string;
  /** The trait it comes from. */
  name: string;
}

export interface ProfileChannelTable {
  profile_id: string;
  channel: string;
  first_seen: string;
  last_seen: string;
  events: number;
}

export interface ConsentTable {
  profile_id: string;
  purpose: string;
  granted: number;
  channel: string;
  /** Who recorded it: `customer`, `staff:<id>`, `event:<id>`, `merge`, `unsubscribe`. */
  source: string;
  wording_version: string | null;
  updated_at: string;
}

export interface ConsentHistoryTable {
  id: string;
  profile_id: string;
  purpose: string;
  granted: number;
  channel: string;
  source: string;
  wording_version: string | null;
  reason: string | null;
  at: string;
}

export interface AuditLogTable {
  id: string;
  /** `staff:<id>`, `token:<id>` or `bootstrap`. */
  actor: string;
  role: string | null;
  action: string;
  profile_id: string | null;
  request_id: string | null;
  at: string;
}

/** SHA-256 of erased identifiers: events about them from before the erasure are not taken again. */
export interface SuppressedIdentifierTable {
  hash: string;
  erased_at: string;
}

export interface IdentityTables {
  profiles: ProfileTable;
  profile_identities: ProfileIdentityTable;
  customer_accounts: CustomerAccountTable;
  sources: SourceTable;
  events: EventTable;
  identity_skips: IdentitySkipTable;
  identity_merges: IdentityMergeTable;
  identity_separations: IdentitySeparationTable;
  profile_traits: ProfileTraitTable;
  profile_name_words: ProfileNameWordTable;
  profile_channels: ProfileChannelTable;
  consents: ConsentTable;
  consent_history: ConsentHistoryTable;
  audit_log: AuditLogTable;
  suppressed_identifiers: SuppressedIdentifierTable;
}
