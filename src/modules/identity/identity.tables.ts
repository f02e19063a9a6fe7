export interface ProfileTable {
  id: string;
  /** JSON object: trait name → value. */
  traits: string;
  favourite_store_id: string | null;
  /** When this profile was merged into another, the survivor. */
  merged_into: string | null;
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
}

export interface IdentityTables {
  profiles: ProfileTable;
  profile_identities: ProfileIdentityTable;
  customer_accounts: CustomerAccountTable;
  sources: SourceTable;
  events: EventTable;
}
