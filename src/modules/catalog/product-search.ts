/**
 * Product search: which product ids, in (sort_key, id) order after a cursor, satisfy every
 * constraint (query words, category, size, colour). Portable SQL on the inverted index
 * `product_search_terms`, planned here rather than left to each engine's planner, because neither
 * engine can know that listings are ordered by name while names start with the product type: the
 * `robe` products all sit together under "r", so "walk the name index and test each product" — the
 * plan both engines pick on their own — reads most of the catalog before finding the first dress.
 *
 * The plan, from cheap capped counts of each constraint's matches:
 * - no constraint: walk the (sort_key, id) index;
 * - some constraint matches few products (≤ driverLimit): enumerate those (an index range), keep
 *   the ones every other constraint accepts (index probes), then sort the survivors;
 * - every constraint matches many: they are dense, so walk the name index for a bounded window and
 *   test each product; if the window did not fill the page (the matches are clustered further on),
 *   enumerate the smallest constraint from the window's end as above.
 * Each step is one indexed statement, so the cost is bounded by driverLimit or by the window,
 * except for the rare query whose every word is common but whose words rarely meet.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db-schema.js';
import { prefixUpperBound, type TermMatch } from './product-index.js';

export type SearchConstraint =
  | { kind: 'term'; match: TermMatch }
  /** Any of these whole terms: what a prefix becomes when it covers only a few (see resolvePrefixes). */
  | { kind: 'terms'; terms: string[] }
  | { kind: 'size'; key: string }
  | { kind: 'color'; key: string }
  | { kind: 'category'; ids: string[] };

/** A product's place in listings, and the content of a cursor. */
export interface SortPosition {
  id: string;
  sort_key: string;
}

export interface SearchTuning {
  /** Below this many matches, a constraint is enumerated and its products sorted. */
  driverLimit: number;
  /** Products read in name order before concluding that the matches lie further on. */
  window: (need: number) => number;
}

// Measured on 100,000 products (test/catalog/search-scale.bench.ts): sorting a candidate by name
// costs about 1 µs on SQLite and 4 µs on PostgreSQL, reading one product in name order and probing
// it about as much; so a page is cheaper from enumerating up to a few thousand candidates than from
// walking the name order, unless matches are dense, which a window of 1,500 products finds out.
export const SQLITE_TUNING: SearchTuning = { driverLimit: 6000, window: (need) => Math.max(1500, need * 25) };
export const POSTGRES_TUNING: SearchTuning = { driverLimit: 2500, window: (need) => Math.max(1500, need * 25) };

export async function searchPositions(
  db: Kysely<DB>,
  constraints: SearchConstraint[],
  after: SortPosition | undefined,
  need: number,
  tuning: SearchTuning = isPostgres(db) ? POSTGRES_TUNING : SQLITE_TUNING,
): Promise<SortPosition[]> {
  if (constraints.length === 0) return scanInOrder(db, [], after, need);
  const resolved = await resolvePrefixes(db, constraints);
  if (resolved === null) return [];
  return plan(db, resolved, after, need, tuning);
}

async function plan(db: Kysely<DB>, constraints: SearchConstraint[], after: SortPosition | undefined, need: number, tuning: SearchTuning): Promise<SortPosition[]> {
  const counts = await countMatches(db, constraints, tuning.driverLimit + 1);
  if (counts.some((count) => count === 0)) return [];
  const smallest = indexOfMin(counts);
  if (counts[smallest]! <= tuning.driverLimit) return enumerateAndSort(db, constraints, smallest, after, need);

  const window = tuning.window(need);
  const found = await scanInOrder(db, constraints, after, need, window);
  if (found.length >= need) return found;
  const end = await windowEnd(db, after, window);
  if (!end) return found;
  // Exact sizes now, to enumerate the cheapest constraint; counting an index range is cheap.
  const exact = await countMatches(db, constraints, Number.POSITIVE_INFINITY);
  const rest = await enumerateAndSort(db, constraints, indexOfMin(exact), end, need - found.length);
  return [...found, ...rest];
}

function indexOfMin(values: number[]): number {
  let best = 0;
  values.forEach((value, index) => {
    if (value < values[best]!) best = index;
  });
  return best;
}

const MAX_PREFIX_TERMS = 8;

/**
 * A prefix that covers only a few distinct terms (`robe` → robe, robert) becomes those terms. A
 * whole term is probed with a seek in the primary key (term, product_id), whose pages for that term
 * stay in cache; a prefix range can only be probed through (product_id, term), which jumps all over
 * the index: five times slower for a few thousand candidates on 100,000 products. The terms are
 * found by a loose index scan (one seek per term), so a prefix shared by many products costs no
 * more than one shared by few. Null when the prefix matches nothing.
 */
async function resolvePrefixes(db: Kysely<DB>, constraints: SearchConstraint[]): Promise<SearchConstraint[] | null> {
  const resolved: SearchConstraint[] = [];
  for (const constraint of constraints) {
    if (constraint.kind !== 'term' || constraint.match.kind !== 'prefix') {
      resolved.push(constraint);
      continue;
    }
    const from = constraint.match.prefix;
    const to = prefixUpperBound(from);
    const { rows } = await sql<{ term: string }>`
      WITH RECURSIVE found(term, n) AS (
        SELECT (SELECT min(t.term) FROM product_search_terms t WHERE t.term >= ${from} AND t.term < ${to}), 1
        UNION ALL
        SELECT (SELECT min(t.term) FROM product_search_terms t WHERE t.term > found.term AND t.term < ${to}), found.n + 1
        FROM found WHERE found.term IS NOT NULL AND found.n <= ${MAX_PREFIX_TERMS}
      )
      SELECT term FROM found WHERE term IS NOT NULL`.execute(db);
    if (rows.length === 0) return null;
    resolved.push(rows.length <= MAX_PREFIX_TERMS ? { kind: 'terms', terms: rows.map((row) => row.term) } : constraint);
  }
  return resolved;
}

function termCondition(match: TermMatch): RawBuilder<SqlBool> {
  return match.kind === 'exact'
    ? sql<SqlBool>`t.term = ${match.term}`
    : sql<SqlBool>`t.term >= ${match.prefix} AND t.term < ${prefixUpperBound(match.prefix)}`;
}

/** The rows of one constraint, each naming a product (a product may appear more than once). */
function membersOf(constraint: SearchConstraint): RawBuilder<unknown> {
  switch (constraint.kind) {
    case 'term':
      return sql`SELECT t.product_id AS id FROM product_search_terms t WHERE ${termCondition(constraint.match)}`;
    case 'terms':
      return sql`SELECT t.product_id AS id FROM product_search_terms t WHERE t.term IN (${sql.join(constraint.terms)})`;
    case 'size':
      return sql`SELECT v.product_id AS id FROM product_variants v WHERE v.size_key = ${constraint.key}`;
    case 'color':
      return sql`SELECT v.product_id AS id FROM product_variants v WHERE v.color_key = ${constraint.key}`;
    case 'category':
      return sql`SELECT p.id AS id FROM products p WHERE p.category_id IN (${sql.join(constraint.ids)})`;
  }
}

/**
 * Does the product `id` (or the product row `p`, for the category) satisfy the constraint?
 * Each is one probe of an index: (product_id, term), (size_key, product_id), (color_key, product_id).
 */
function accepts(constraint: SearchConstraint, id: RawBuilder<unknown>): RawBuilder<SqlBool> {
  switch (constraint.kind) {
    case 'term':
      return constraint.match.kind === 'exact'
        ? exactTermProbe(constraint.match.term, id)
        : sql<SqlBool>`EXISTS (SELECT 1 FROM product_search_terms t WHERE t.product_id = ${id} AND ${termCondition(constraint.match)})`;
    case 'terms':
      // One primary-key seek per term: an IN list would lead SQLite to the (product_id, term) index.
      return sql<SqlBool>`(${sql.join(constraint.terms.map((term) => exactTermProbe(term, id)), sql` OR `)})`;
    case 'size':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM product_variants v WHERE v.size_key = ${constraint.key} AND v.product_id = ${id})`;
    case 'color':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM product_variants v WHERE v.color_key = ${constraint.key} AND v.product_id = ${id})`;
    case 'category':
      return sql<SqlBool>`p.category_id IN (${sql.join(constraint.ids)})`;
  }
}

function exactTermProbe(term: string, id: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM product_search_terms t WHERE t.term = ${term} AND t.product_id = ${id})`;
}

const afterCondition = (after: SortPosition) => sql<SqlBool>`(p.sort_key, p.id) > (${after.sort_key}, ${after.id})`;

function where(conditions: RawBuilder<SqlBool>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** How many rows each constraint has, counting no further than `cap` (Infinity: all), in one statement. */
async function countMatches(db: Kysely<DB>, constraints: SearchConstraint[], cap: number): Promise<number[]> {
  const columns = constraints.map((constraint, index) => {
    const limited = Number.isSafeInteger(cap) ? sql`${membersOf(constraint)} LIMIT ${cap}` : membersOf(constraint);
    return sql`(SELECT count(*) FROM (${limited}) AS m) AS ${sql.ref(`c${index}`)}`;
  });
  const { rows } = await sql<Record<string, number | string>>`SELECT ${sql.join(columns)}`.execute(db);
  return constraints.map((_, index) => Number(rows[0]?.[`c${index}`] ?? 0));
}

/** Walks products in name order (all of them, or the next `window`), keeping those that match. */
async function scanInOrder(db: Kysely<DB>, constraints: SearchConstraint[], after: SortPosition | undefined, need: number, window?: number): Promise<SortPosition[]> {
  const tests = constraints.map((constraint) => accepts(constraint, sql.ref('p.id')));
  const source =
    window === undefined
      ? sql`products p`
      : sql`(SELECT p.id, p.sort_key, p.category_id FROM products p ${where(after ? [afterCondition(after)] : [])} ORDER BY p.sort_key, p.id LIMIT ${window}) p`;
  const conditions = window === undefined && after ? [afterCondition(after), ...tests] : tests;
  const { rows } = await sql<SortPosition>`SELECT p.id, p.sort_key FROM ${source} ${where(conditions)} ORDER BY p.sort_key, p.id LIMIT ${need}`.execute(db);
  return rows;
}

/** The last product of the window that starts after `after`, or undefined when the catalog ends first. */
async function windowEnd(db: Kysely<DB>, after: SortPosition | undefined, window: number): Promise<SortPosition | undefined> {
  const { rows } = await sql<SortPosition>`SELECT p.id, p.sort_key FROM products p ${where(after ? [afterCondition(after)] : [])} ORDER BY p.sort_key, p.id LIMIT 1 OFFSET ${window - 1}`.execute(db);
  return rows[0];
}

/** Enumerates one constraint's products, keeps those the others accept, and sorts them by name. */
async function enumerateAndSort(
  db: Kysely<DB>,
  constraints: SearchConstraint[],
  driverIndex: number,
  after: SortPosition | undefined,
  need: number,
): Promise<SortPosition[]> {
  const driver = constraints[driverIndex]!;
  const others = constraints.filter((_, index) => index !== driverIndex);
  // The category test reads the product row (or the covering index): it runs where that is at hand.
  const probes = others.filter((c) => c.kind !== 'category').map((c) => accepts(c, sql.ref('d.id')));
  const rowTests = others.filter((c) => c.kind === 'category').map((c) => accepts(c, sql.ref('p.id')));
  if (after) rowTests.push(afterCondition(after));
  if (driver.kind === 'category') {
    // The (category_id, sort_key, id) index lists one category's products in name order already.
    const tests = [accepts(driver, sql.ref('p.id')), ...others.map((c) => accepts(c, sql.ref('p.id'))), ...(after ? [afterCondition(after)] : [])];
    const { rows } = await sql<SortPosition>`SELECT p.id, p.sort_key FROM products p ${where(tests)} ORDER BY p.sort_key, p.id LIMIT ${need}`.execute(db);
    return rows;
  }
  // A whole term names each product once; a prefix, a size or a colour may name it several times.
  const unique = (driver.kind === 'term' && driver.match.kind === 'exact') || (driver.kind === 'terms' && driver.terms.length === 1);
  const members = unique ? membersOf(driver) : sql`SELECT DISTINCT m.id FROM (${membersOf(driver)}) m`;

  if (isPostgres(db)) {
    // Two statements: PostgreSQL, left to join the candidates with products itself, merges or hashes
    // the whole products table. Given the ids as one array parameter it looks each one up; OFFSET 0
    // keeps it from walking the name index instead (the plan this module exists to avoid).
    const { rows: candidates } = await sql<{ id: string }>`SELECT d.id FROM (${members}) d ${where(probes)}`.execute(db);
    if (candidates.length === 0) return [];
    const ids = candidates.map((row) => row.id);
    const { rows } = await sql<SortPosition>`SELECT p.id, p.sort_key FROM (SELECT p.id, p.sort_key FROM products p ${where([sql<SqlBool>`p.id = ANY(${ids}::text[])`, ...rowTests])} OFFSET 0) p ORDER BY p.sort_key, p.id LIMIT ${need}`.execute(db);
    return rows;
  }
  // SQLite: one statement. CROSS JOIN is SQLite's way to keep the candidates as the outer loop, and
  // the covering index gives each candidate's name and category in one seek, without its row.
  const { rows } = await sql<SortPosition>`SELECT p.id, p.sort_key FROM (${members}) d CROSS JOIN products p INDEXED BY products_search_cover_idx ${where([sql<SqlBool>`p.id = d.id`, ...probes, ...rowTests])} ORDER BY p.sort_key, p.id LIMIT ${need}`.execute(db);
  return rows;
}

function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
