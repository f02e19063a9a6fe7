import { DEFAULT_RULES, ruleFor, identifierKey, type Identifier, type IdentifierRule } from './identifiers.js';

/** One event as the graph sees it: its canonical order key and the identifiers it names together. */
export interface GraphEvent {
  /** Canonical order: corrected timestamp, then source and message id. Arrival order never counts. */
  key: string;
  identifiers: Identifier[];
}

/** A pair of identifiers an admin has unmerged: they may never end up in one profile again. */
export interface Separation {
  a: string;
  b: string;
}

export interface MergeDecision {
  /** The component that absorbs the other (the event owner's). */
  into: string;
  from: string;
  /** The identifier of the event that linked them. */
  via: string;
}

export interface SkipDecision {
  identifier: string;
  reason: 'limit' | 'separated';
  /** For `limit`: the identifier type whose limit the merge would have broken. */
  detail: string;
}

export interface EventOutcome {
  /** Root identifier of the component that owns the event (null when it named none). */
  owner: string | null;
  merges: MergeDecision[];
  skipped: SkipDecision[];
}

/** The state the merge decision needs about one component. */
export interface ComponentView {
  root: string;
  counts: Map<string, number>;
  members: Set<string>;
}

export function sortByStrength(identifiers: Identifier[], rules: Record<string, IdentifierRule> = DEFAULT_RULES): Identifier[] {
  return [...identifiers].sort((x, y) => ruleFor(x.type, rules).priority - ruleFor(y.type, rules).priority || identifierKey(x).localeCompare(identifierKey(y)));
}

/**
 * May these two components become one person? Not when one type would exceed its limit
 * (two userIds never merge), nor when an admin has separated identifiers on either side.
 */
export function mergeBlocker(
  a: ComponentView,
  b: ComponentView,
  separations: readonly Separation[],
  rules: Record<string, IdentifierRule> = DEFAULT_RULES,
): { reason: SkipDecision['reason']; detail: string } | null {
  for (const [type, count] of b.counts) {
    const limit = ruleFor(type, rules).limit;
    if ((a.counts.get(type) ?? 0) + count > limit) return { reason: 'limit', detail: type };
  }
  for (const separation of separations) {
    if ((a.members.has(separation.a) && b.members.has(separation.b)) || (a.members.has(separation.b) && b.members.has(separation.a))) {
      return { reason: 'separated', detail: `${separation.a} / ${separation.b}` };
    }
  }
  return null;
}

/**
 * The identity graph in memory: union-find over identifiers with merge protection. Applying events in
 * canonical order gives the same components whatever order they arrived in; the database-backed
 * resolver recomputes a neighbourhood through this class whenever an event arrives late.
 */
export class IdentityGraph {
  readonly #parent = new Map<string, string>();
  readonly #components = new Map<string, ComponentView>();

  constructor(
    private readonly rules: Record<string, IdentifierRule> = DEFAULT_RULES,
    private readonly separations: readonly Separation[] = [],
  ) {}

  find(key: string): string | undefined {
    if (!this.#parent.has(key)) return undefined;
    let root = key;
    while (this.#parent.get(root) !== root) root = this.#parent.get(root)!;
    let current = key;
    while (current !== root) {
      const next: string = this.#parent.get(current)!;
      this.#parent.set(current, root); // path compression
      current = next;
    }
    return root;
  }

  #ensure(identifier: Identifier): string {
    const key = identifierKey(identifier);
    const root = this.find(key);
    if (root !== undefined) return root;
    this.#parent.set(key, key);
    this.#components.set(key, { root: key, counts: new Map([[identifier.type, 1]]), members: new Set([key]) });
    return key;
  }

  apply(event: GraphEvent): EventOutcome {
    const outcome: EventOutcome = { owner: null, merges: [], skipped: [] };
    const ordered = sortByStrength(event.identifiers, this.rules);
    for (const identifier of ordered) {
      const root = this.#ensure(identifier);
      if (outcome.owner === null) {
        outcome.owner = root;
        continue;
      }
      if (root === outcome.owner) continue;
      const owner = this.#components.get(outcome.owner)!;
      const other = this.#components.get(root)!;
      const blocker = mergeBlocker(owner, other, this.separations, this.rules);
      if (blocker) {
        outcome.skipped.push({ identifier: identifierKey(identifier), reason: blocker.reason, detail: blocker.detail });
        continue;
      }
      this.#parent.set(root, outcome.owner);
      for (const [type, count] of other.counts) owner.counts.set(type, (owner.counts.get(type) ?? 0) + count);
      for (const member of other.members) owner.members.add(member);
      this.#components.delete(root);
      outcome.merges.push({ into: outcome.owner, from: root, via: identifierKey(identifier) });
    }
    return outcome;
  }

  /** Adds an existing profile's identifiers as one component, unchecked; returns its root. */
  seed(identifiers: Identifier[]): string {
    const keys = identifiers.map(identifierKey);
    const root = keys[0]!;
    const counts = new Map<string, number>();
    for (const identifier of identifiers) counts.set(identifier.type, (counts.get(identifier.type) ?? 0) + 1);
    for (const key of keys) this.#parent.set(key, root);
    this.#components.set(root, { root, counts, members: new Set(keys) });
    return root;
  }

  members(root: string): ReadonlySet<string> {
    return this.#components.get(root)?.members ?? new Set();
  }

  /** The components as sets of identifier keys. */
  components(): Map<string, Set<string>> {
    const result = new Map<string, Set<string>>();
    for (const [root, view] of this.#components) result.set(root, new Set(view.members));
    return result;
  }
}

/** Resolves a whole set of events from scratch, in canonical order. */
export function resolveAll(
  events: readonly GraphEvent[],
  rules: Record<string, IdentifierRule> = DEFAULT_RULES,
  separations: readonly Separation[] = [],
): { graph: IdentityGraph; owners: Map<string, string | null> } {
  const graph = new IdentityGraph(rules, separations);
  const owners = new Map<string, string | null>();
  for (const event of [...events].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) owners.set(event.key, graph.apply(event).owner);
  // Owners were roots at the time; report the final component of each.
  for (const [key, owner] of owners) owners.set(key, owner === null ? null : graph.find(owner)!);
  return { graph, owners };
}
