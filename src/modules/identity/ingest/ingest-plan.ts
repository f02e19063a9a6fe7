import { IdentityGraph, sortByStrength, type Separation } from '../resolution/identity-graph.js';
import { DEFAULT_RULES, identifierKey, type Identifier } from '../resolution/identifiers.js';
import type { Purpose } from '../consent/purposes.js';
import type { NormalisedEvent, SourceInfo } from './segment-event.js';

/**
 * Planning a batch, without I/O. The batch is cut into runs; a run is applied with a handful of
 * whole-batch reads and writes and gives exactly what `storeEvent` one event at a time, in arrival
 * order, gives:
 *
 * - A run is planned in arrival order, each event seeing the run's earlier ones, deciding what
 *   `storeEvent` and the in-order path of `resolveEvent` (`applyInOrder` + `writeOutcome` in
 *   resolver.ts) would: kept without identity or not, owner, new profiles, identities, skips.
 *   (Canonical order would give the same people but can pick other anchors and profile ids, and
 *   those decide which profile row, with its consents, follows a component resolved again later.)
 * - A run stops before an event that is late (not newer than the order mark of a profile it names,
 *   the run's own events included), that merges profiles, or whose consent choices would change
 *   what is recorded: that event goes alone through the sequential path (resolution again from
 *   history, merge record and rebuilt traits, consent history), then the next run starts after it.
 *   Choices already recorded (Segment's consent tools repeat them on every event) change nothing,
 *   as in `setConsents`, and stay in the run.
 * - So nothing in a run changes recorded consents, and who refused analytics is what was read
 *   before the run.
 */

export interface QueuedEvent {
  /** Position in the caller's list, for its answer. */
  index: number;
  source: SourceInfo;
  event: NormalisedEvent;
  keys: string[];
  /** Its consent choices (`context.consent`), often none. */
  choices: Partial<Record<Purpose, boolean>>;
}

export interface RecordedChoice {
  granted: boolean;
  wordingVersion: string | null;
}

/** What the database says about a run's identifiers and their profiles before the run. */
export interface RunState {
  owners: ReadonlyMap<string, string>;
  orderMarks: ReadonlyMap<string, string>;
  consents: ReadonlyMap<string, ReadonlyMap<string, RecordedChoice>>;
  /** Identity components, for the profiles `profilesToSeed` named. */
  members(profileId: string): Identifier[];
}

function ownersOf(item: QueuedEvent, owners: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const key of item.keys) {
    const owner = owners.get(key);
    if (owner !== undefined && !found.includes(owner)) found.push(owner);
  }
  return found;
}

const refusedAnalytics = (state: Pick<RunState, 'consents'>, profileId: string) => state.consents.get(profileId)?.get('analytics')?.granted === false;

/** Kept without identity, as `storeEvent` decides: analytics refused by the event or by a profile it names. */
function isAnonymised(item: QueuedEvent, named: string[], state: Pick<RunState, 'consents'>): boolean {
  const analytics = item.choices.analytics;
  return analytics === false || (analytics !== true && named.some((owner) => refusedAnalytics(state, owner)));
}

/** Whether `setConsents(profileId, choices)` would write nothing: every choice already recorded, as events record them. */
function changesNothing(choices: QueuedEvent['choices'], profileId: string, state: Pick<RunState, 'consents'>): boolean {
  const recorded = state.consents.get(profileId);
  for (const [purpose, granted] of Object.entries(choices)) {
    const before = recorded?.get(purpose);
    if (!before || before.granted !== granted || before.wordingVersion !== null) return false;
  }
  return true;
}

/** Simple events name only identifiers of one existing profile: nothing to decide, no graph needed. */
function isSimple(item: QueuedEvent, owners: ReadonlyMap<string, string>): boolean {
  const first = owners.get(item.keys[0]!);
  return first !== undefined && item.keys.every((key) => owners.get(key) === first);
}

/**
 * What the events that decide something (not simple, not anonymised) need from the database, as
 * `applyInOrder` reads it: the identity component of each profile they name (limits,
 * separations) and their own keys (separations).
 */
export function profilesToSeed(candidates: readonly QueuedEvent[], state: Omit<RunState, 'members'>): { profiles: string[]; keys: string[] } {
  const profiles = new Set<string>();
  const keys = new Set<string>();
  for (const item of candidates) {
    if (isSimple(item, state.owners) || isAnonymised(item, ownersOf(item, state.owners), state)) continue;
    for (const owner of ownersOf(item, state.owners)) profiles.add(owner);
    for (const key of item.keys) keys.add(key);
  }
  return { profiles: [...profiles], keys: [...keys] };
}

export interface AppliedEvent {
  item: QueuedEvent;
  eventId: string;
  /** The owning profile, or null when kept without identity. */
  profileId: string | null;
}

export interface IdentityChange {
  identifier: Identifier;
  profileId: string;
  firstSeen: string;
  lastSeen: string;
}

export interface RunPlan {
  /** In arrival order: the first `applied.length` candidates. */
  applied: AppliedEvent[];
  /** Why the run stopped before the next candidate, if it did. */
  stop: 'consent' | 'late' | 'merge' | null;
  newProfiles: Map<string, { anchor: string }>;
  identities: Map<string, IdentityChange>;
  skips: { identifier: string; eventId: string; reason: string }[];
  /** Profile → the greatest order key of the run's events that touched it. */
  marks: Map<string, string>;
}

export interface PlanInput {
  /** The head of the queue, in arrival order. */
  candidates: readonly QueuedEvent[];
  state: RunState;
  separations: readonly Separation[];
  newEventId: () => string;
  newProfileId: () => string;
}

/** Plans the longest run at the head of the candidates. */
export function planRun({ candidates, state, separations, newEventId, newProfileId }: PlanInput): RunPlan {
  const owners = new Map(state.owners);
  const graph = new IdentityGraph(DEFAULT_RULES, separations);
  const profileOfRoot = new Map<string, string>();
  const seeded = new Set<string>();
  const plan: RunPlan = { applied: [], stop: null, newProfiles: new Map(), identities: new Map(), skips: [], marks: new Map() };
  const markOf = (profileId: string) => plan.marks.get(profileId) ?? state.orderMarks.get(profileId) ?? '';
  const touch = (profileId: string, orderKey: string) => {
    if (markOf(profileId) < orderKey) plan.marks.set(profileId, orderKey);
  };
  const see = (identifier: Identifier, key: string, profileId: string, at: string) => {
    const change = plan.identities.get(key);
    if (!change) plan.identities.set(key, { identifier, profileId, firstSeen: at, lastSeen: at });
    else {
      if (at < change.firstSeen) change.firstSeen = at;
      if (at > change.lastSeen) change.lastSeen = at;
    }
  };

  const hasChoices = (item: QueuedEvent) => {
    for (const _ in item.choices) return true;
    return false;
  };

  for (const item of candidates) {
    const { event } = item;
    const named = ownersOf(item, owners);
    if (isAnonymised(item, named, state)) {
      // storeEvent records the event's choices on every profile it names, then keeps it without identity.
      if (hasChoices(item) && !named.every((owner) => changesNothing(item.choices, owner, state))) {
        plan.stop = 'consent';
        break;
      }
      plan.applied.push({ item, eventId: newEventId(), profileId: null });
      continue;
    }
    if (named.some((owner) => markOf(owner) >= event.orderKey)) {
      plan.stop = 'late';
      break;
    }
    if (isSimple(item, owners)) {
      const profileId = named[0]!;
      if (hasChoices(item) && !changesNothing(item.choices, profileId, state)) {
        plan.stop = 'consent';
        break;
      }
      event.identifiers.forEach((identifier, i) => see(identifier, item.keys[i]!, profileId, event.timestamp));
      touch(profileId, event.orderKey);
      plan.applied.push({ item, eventId: newEventId(), profileId });
      continue;
    }
    // The graph holds the components of the profiles this event names (as applyInOrder seeds them),
    // plus what the run's earlier events built.
    for (const profileId of named) {
      if (seeded.has(profileId) || plan.newProfiles.has(profileId)) continue;
      seeded.add(profileId);
      const members = state.members(profileId);
      if (members.length > 0) profileOfRoot.set(graph.seed(members), profileId);
    }
    const outcome = graph.apply({ key: event.orderKey, identifiers: event.identifiers });
    const ownerRoot = graph.find(outcome.owner!)!;
    const merging = [...new Set(item.keys.filter((key) => graph.find(key) === ownerRoot).map((key) => owners.get(key)).filter((id): id is string => id !== undefined))].sort();
    if (merging.length > 1) {
      // The graph now holds a merge that is not written: the run ends here, and the graph with it.
      plan.stop = 'merge';
      break;
    }
    // A new profile has no choices recorded: an event with choices that makes one changes them.
    if (hasChoices(item) && (merging[0] === undefined || !changesNothing(item.choices, merging[0], state))) {
      plan.stop = 'consent';
      break;
    }
    const eventId = newEventId();
    let survivor = merging[0];
    if (survivor === undefined) {
      survivor = newProfileId();
      plan.newProfiles.set(survivor, { anchor: identifierKey(sortByStrength(event.identifiers.filter((i) => graph.find(identifierKey(i)) === ownerRoot))[0]!) });
    }
    profileOfRoot.set(ownerRoot, survivor);
    touch(survivor, event.orderKey);
    event.identifiers.forEach((identifier, i) => {
      const key = item.keys[i]!;
      const root = graph.find(key)!;
      let profileId = root === ownerRoot ? survivor : (profileOfRoot.get(root) ?? owners.get(key));
      if (profileId === undefined) {
        // Left out by the rules and new: it gets a profile of its own.
        profileId = newProfileId();
        plan.newProfiles.set(profileId, { anchor: key });
        profileOfRoot.set(root, profileId);
      }
      if (!owners.has(key)) owners.set(key, profileId);
      see(identifier, key, profileId, event.timestamp);
      touch(profileId, event.orderKey);
    });
    for (const skip of outcome.skipped) plan.skips.push({ identifier: skip.identifier, eventId, reason: `${skip.reason}:${skip.detail}` });
    plan.applied.push({ item, eventId, profileId: survivor });
  }
  return plan;
}
