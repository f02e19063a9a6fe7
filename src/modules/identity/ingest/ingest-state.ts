import type { Separation } from '../resolution/identity-graph.js';
import { identifierKey, type Identifier } from '../resolution/identifiers.js';
import type { IngestStore } from './ingest-store.js';
import type { QueuedEvent, RecordedChoice, RunPlan } from './ingest-plan.js';

/**
 * What the database holds about the identifiers and profiles a batch names, read once and kept up
 * to date across the batch's runs: a run's own writes are known exactly (they were planned here),
 * so only what the sequential path changes behind it is read again: a merge's profiles, or
 * everything after an event resolved again from history or one that changed consent choices.
 */
export class IngestState {
  /** Identifier key → its profile; keys looked up without one are in `unowned`. */
  readonly owners = new Map<string, string>();
  readonly #unowned = new Set<string>();
  /** Profile → `last_order_key`, for every profile in `owners`' values. */
  readonly orderMarks = new Map<string, string>();
  /** Profile → its recorded consent choices (none recorded: absent). */
  readonly consents = new Map<string, Map<string, RecordedChoice>>();
  /** Profiles whose order mark and consents are known. */
  readonly #profiles = new Set<string>();
  /** Whole identity components of profiles, read when an event may change them. */
  readonly #members = new Map<string, Identifier[]>();
  #anySeparation: boolean | undefined;

  constructor(private readonly store: IngestStore) {}

  /** Reads what is not known yet about these events' identifiers and their profiles. */
  async load(items: readonly QueuedEvent[]): Promise<void> {
    const missing = new Map<string, Identifier>();
    for (const item of items) {
      item.event.identifiers.forEach((identifier, i) => {
        const key = item.keys[i]!;
        if (!this.owners.has(key) && !this.#unowned.has(key)) missing.set(key, identifier);
      });
    }
    if (missing.size > 0) {
      const found = await this.store.owners([...missing.values()]);
      for (const key of missing.keys()) {
        const owner = found.get(key);
        if (owner === undefined) this.#unowned.add(key);
        else this.owners.set(key, owner);
      }
    }
    const profiles = new Set<string>();
    for (const item of items) {
      for (const key of item.keys) {
        const owner = this.owners.get(key);
        if (owner !== undefined && !this.#profiles.has(owner)) profiles.add(owner);
      }
    }
    if (profiles.size === 0) return;
    const ids = [...profiles];
    const marks = await this.store.orderMarks(ids);
    for (const row of await this.store.consents(ids)) {
      let choices = this.consents.get(row.profileId);
      if (!choices) this.consents.set(row.profileId, (choices = new Map()));
      choices.set(row.purpose, { granted: row.granted === 1, wordingVersion: row.wordingVersion });
    }
    for (const id of ids) {
      this.#profiles.add(id);
      this.orderMarks.set(id, marks.get(id) ?? '');
    }
  }

  /** Reads the identity components of these profiles, when not known yet. */
  async loadMembers(profileIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(profileIds)].filter((id) => !this.#members.has(id));
    if (missing.length === 0) return;
    const found = await this.store.members(missing);
    for (const id of missing) this.#members.set(id, found.get(id) ?? []);
  }

  members(profileId: string): Identifier[] {
    return this.#members.get(profileId) ?? [];
  }

  /** Separations naming the members of these profiles or these keys (admins' unmerges: usually none). */
  async separations(profileIds: Iterable<string>, keys: Iterable<string>): Promise<Separation[]> {
    // Ingestion never adds separations, so one probe per batch tells whether there is any to look for.
    this.#anySeparation ??= await this.store.anySeparation();
    if (!this.#anySeparation) return [];
    const all = [...keys];
    for (const id of profileIds) for (const identifier of this.members(id)) all.push(identifierKey(identifier));
    return all.length > 0 ? this.store.separations(all) : [];
  }

  /** A planned run is written: its new identifiers, profiles and order marks are the database's now. */
  applied(plan: RunPlan): void {
    for (const [key, change] of plan.identities) {
      if (this.owners.has(key)) continue;
      this.#unowned.delete(key);
      this.owners.set(key, change.profileId);
      this.#members.get(change.profileId)?.push(change.identifier);
    }
    for (const id of plan.newProfiles.keys()) {
      this.#profiles.add(id);
      if (!this.#members.has(id)) {
        this.#members.set(
          id,
          [...plan.identities.values()].filter((c) => c.profileId === id).map((c) => c.identifier),
        );
      }
    }
    for (const [id, mark] of plan.marks) this.orderMarks.set(id, mark);
  }

  /**
   * A merge went through the sequential path: the profiles its identifiers named, and every
   * identifier they held, are read again.
   */
  forgetMerge(item: QueuedEvent): void {
    const profiles = new Set<string>();
    for (const key of item.keys) {
      const owner = this.owners.get(key);
      if (owner !== undefined) profiles.add(owner);
      this.owners.delete(key);
      this.#unowned.delete(key);
    }
    for (const [key, owner] of this.owners) if (profiles.has(owner)) this.owners.delete(key);
    for (const id of profiles) {
      this.#profiles.delete(id);
      this.orderMarks.delete(id);
      this.consents.delete(id);
      this.#members.delete(id);
    }
  }

  /** After an event resolved again from history or one with consent choices: anything may have moved. */
  forgetAll(): void {
    this.owners.clear();
    this.#unowned.clear();
    this.orderMarks.clear();
    this.consents.clear();
    this.#profiles.clear();
    this.#members.clear();
  }
}
