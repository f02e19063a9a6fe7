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
 * - some constraint is a whole word (or a prefix resolved to a few words), and no size, colour or
 *   category constraint is small: walk that word's products in listing order in the
 *   (term, sort_key, product_id) index, probing the other constraints, and stop at the page's end
 *   (see walkTermsInOrder): no sort, and a page costs the rows read until it fills;
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
import { productInStockAtSql, productsInStockAtSql, type InStockFilter } from '../inventory/availability.service.js';
import type { CatalogMemory } from './catalog-memory.js';

export type SearchConstraint =
  | { kind: 'term'; match: TermMatch }
  /** Any of these whole terms: what a prefix becomes when it covers only a few (see resolvePrefixes). */
  | { kind: 'terms'; terms: string[] }
  | { kind: 'size'; key: string }
  | { kind: 'color'; key: string }
  | { kind: 'category'; ids: string[] }
  /** At least one variant (of the size/colour asked, if any) available at this store (inventory's definition). */
  | { kind: 'stock'; filter: InStockFilter };

/** A product's place in listings, and the content of a cursor. */
export interface SortPosition {
  id: string;
  sort_key: string;
}

export interface SearchTuning {
  /** Below this many matches, a constraint is enumerated and its products sorted. */
  driverLimit: number;
  /** Walk a word's products in listing order when a word is among the constraints (default true; false: the older plans only). */
  termWalk?: boolean;
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
  memory?: CatalogMemory,
): Promise<SortPosition[]> {
  if (constraints.length === 0) return scanInOrder(db, [], after, need);
  const resolved = await resolvePrefixes(db, constraints, memory);
  if (resolved === null) return [];
  return plan(db, resolved, after, need, tuning, memory);
}

async function plan(
  db: Kysely<DB>,
  constraints: SearchConstraint[],
  after: SortPosition | undefined,
  need: number,
  tuning: SearchTuning,
  memory: CatalogMemory | undefined,
): Promise<SortPosition[]> {
  // Words that can be walked in listing order are counted further: which one drives the walk, and
  // which are merged rather than probed, depends on their sizes (see walkTermsInOrder).
  const termWalk = tuning.termWalk !== false;
  const caps = constraints.map((c) => (termWalk && isWholeWords(c) ? WORD_COUNT_CAP : tuning.driverLimit + 1));
  const counts = await countMatches(db, constraints, caps, memory);
  if (counts.some((count) => count === 0)) return [];
  const smallest = indexOfMin(counts);
  const walkable = termWalk ? smallestTermConstraint(constraints, counts) : -1;
  if (walkable >= 0 && (constraints[smallest]!.kind === 'term' || constraints[smallest]!.kind === 'terms' || counts[smallest]! > tuning.driverLimit)) {
    return walkTermsInOrder(db, constraints, counts, after, need);
  }
  if (counts[smallest]! <= tuning.driverLimit) return enumerateAndSort(db, constraints, smallest, after, need);

  const window = tuning.window(need);
  const found = await scanInOrder(db, constraints, after, need, window);
  if (found.length >= need) return found;
  const end = await windowEnd(db, after, window);
  if (!end) return found;
  // Exact sizes now, to enumerate the cheapest constraint; counting an index range is cheap.
  const exact = await countMatches(db, constraints, Number.POSITIVE_INFINITY, memory);
  const rest = await enumerateAndSort(db, constraints, indexOfMin(exact), end, need - found.length);
  return [...found, ...rest];
}

/**
 * Words are counted whole: a plain count of an index range (25,000 rows: 1 ms on SQLite, 3 on
 * PostgreSQL) costs less than a capped one, whose LIMIT subquery SQLite materialises row by row.
 */
const WORD_COUNT_CAP = Number.POSITIVE_INFINITY;
/** A word list merged with the driver's when at most this many times longer; a longer one is probed per driver row. */
const MERGE_RATIO = 4;

/** A whole word, or the few words of a resolved prefix: what the (term, sort_key, product_id) index lists in order. */
function isWholeWords(constraint: SearchConstraint): boolean {
  return (constraint.kind === 'term' && constraint.match.kind === 'exact') || constraint.kind === 'terms';
}

/** The whole-word constraint with the fewest matches, or -1. */
function smallestTermConstraint(constraints: SearchConstraint[], counts: number[]): number {
  let best = -1;
  constraints.forEach((constraint, index) => {
    if (isWholeWords(constraint) && (best < 0 || counts[index]! < counts[best]!)) best = index;
  });
  return best;
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
async function resolvePrefixes(db: Kysely<DB>, constraints: SearchConstraint[], memory: CatalogMemory | undefined): Promise<SearchConstraint[] | null> {
  const resolved: SearchConstraint[] = [];
  for (const constraint of constraints) {
    if (constraint.kind !== 'term' || constraint.match.kind !== 'prefix') {
      resolved.push(constraint);
      continue;
    }
    const from = constraint.match.prefix;
    const key = `prefix:${from}`;
    let terms = memory?.fact<string[]>(key);
    if (!terms) {
      terms = await wordsStartingWith(db, from);
      memory?.keepFact(key, terms);
    }
    if (terms.length === 0) return null;
    resolved.push(terms.length <= MAX_PREFIX_TERMS ? { kind: 'terms', terms } : constraint);
  }
  return resolved;
}

/** The first MAX_PREFIX_TERMS + 1 distinct words that start with `from`: enough to tell "a few" from "many". */
async function wordsStartingWith(db: Kysely<DB>, from: string): Promise<string[]> {
  const to = prefixUpperBound(from);
  const { rows } = await sql<{ term: string }>`
    WITH RECURSIVE found(term, n) AS (
      SELECT (SELECT min(t.term) FROM product_search_terms t WHERE t.term >= ${from} AND t.term < ${to}), 1
      UNION ALL
      SELECT (SELECT min(t.term) FROM product_search_terms t WHERE t.term > found.term AND t.term < ${to}), found.n + 1
      FROM found WHERE found.term IS NOT NULL AND found.n <= ${MAX_PREFIX_TERMS}
    )
    SELECT term FROM found WHERE term IS NOT NULL`.execute(db);
  return rows.map((row) => row.term);
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
    case 'stock':
      return productsInStockAtSql(constraint.filter);
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
    case 'stock':
      return productInStockAtSql(constraint.filter, id);
  }
}

function exactTermProbe(term: string, id: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM product_search_terms t WHERE t.term = ${term} AND t.product_id = ${id})`;
}

const afterCondition = (after: SortPosition) => sql<SqlBool>`(p.sort_key, p.id) > (${after.sort_key}, ${after.id})`;

function where(conditions: RawBuilder<SqlBool>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

/**
 * How many rows each constraint has, counting no further than `cap` (Infinity: all; or one cap per
 * constraint), in one statement. Counts only steer the plan (every plan finds the same products), so
 * the memory may keep them; a stock filter's count moves with every sale and is always taken afresh.
 */
async function countMatches(db: Kysely<DB>, constraints: SearchConstraint[], caps: number | number[], memory: CatalogMemory | undefined): Promise<number[]> {
  const capOf = (index: number) => (typeof caps === 'number' ? caps : caps[index]!);
  const keys = constraints.map((constraint, index) => (memory && constraint.kind !== 'stock' ? `count:${capOf(index)}:${JSON.stringify(constraint)}` : undefined));
  const counts = keys.map((key) => (key === undefined ? undefined : memory!.fact<number>(key)));
  const missing = constraints.flatMap((constraint, index) => (counts[index] === undefined ? [{ constraint, index }] : []));
  if (missing.length > 0) {
    const columns = missing.map(({ constraint, index }) => {
      const cap = capOf(index);
      const limited = Number.isSafeInteger(cap) ? sql`${membersOf(constraint)} LIMIT ${cap}` : membersOf(constraint);
      return sql`(SELECT count(*) FROM (${limited}) AS m) AS ${sql.ref(`c${index}`)}`;
    });
    const { rows } = await sql<Record<string, number | string>>`SELECT ${sql.join(columns)}`.execute(db);
    for (const { index } of missing) {
      counts[index] = Number(rows[0]?.[`c${index}`] ?? 0);
      if (keys[index] !== undefined) memory!.keepFact(keys[index]!, counts[index]);
    }
  }
  return counts as number[];
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

/**
 * Reads the words' products in listing order from the (term, sort_key, product_id) index, after the
 * cursor, keeping those the other constraints accept (one index probe each), and stops as soon as
 * the page is full: the cost is the rows read until then, not the words' whole posting lists.
 * - Several whole words are intersected as ordered lists, a merge that reads each list once at
 *   worst (`femme homme`: two lists of 25,000 that never meet, 7 ms on SQLite and 13 ms on
 *   PostgreSQL, against 30 and 180 ms when one is walked and the other probed per product):
 *   SQLite merges an INTERSECT whose arms come ordered from an index; PostgreSQL plans a merge join
 *   on (sort_key, product_id) for the same words joined as rows.
 * - A prefix resolved to a few words, when no whole word is given, walks each word, each stopping
 *   at `need` rows: the page is the first `need` of their union, which can only hold products from
 *   each word's first `need`. With a whole word, it is one more probe.
 */
async function walkTermsInOrder(
  db: Kysely<DB>,
  constraints: SearchConstraint[],
  counts: number[],
  after: SortPosition | undefined,
  need: number,
): Promise<SortPosition[]> {
  const single = (c: SearchConstraint) => (c.kind === 'term' && c.match.kind === 'exact' ? c.match.term : c.kind === 'terms' && c.terms.length === 1 ? c.terms[0]! : null);
  const driver = smallestTermConstraint(constraints, counts);
  const driverWord = single(constraints[driver]!);
  // Words of comparable size are merged with the driver (reading a list in order is cheaper than a
  // probe per row); a word many times longer is probed only for the driver's rows.
  const wordIndexes =
    driverWord === null
      ? []
      : constraints
          .map((_, index) => index)
          .filter((index) => index === driver || (single(constraints[index]!) !== null && counts[index]! <= counts[driver]! * MERGE_RATIO))
          .sort((a, b) => counts[a]! - counts[b]! || (a === driver ? -1 : b === driver ? 1 : a - b));
  const driverIndexes = wordIndexes.length > 0 ? wordIndexes : [driver];
  const words = wordIndexes.length > 0 ? wordIndexes.map((index) => single(constraints[index]!)!) : (constraints[driver] as { terms: string[] }).terms;
  // The walked rows are `w`: the probes name their own rows `t`.
  const id = sql.ref('w.product_id');
  const postgres = isPostgres(db);
  // PostgreSQL is given the other whole words of comparable size as joins on (sort_key, product_id),
  // and plans a merge join for them (its probes cost several µs each); SQLite merges them with an
  // INTERSECT. Longer words, prefixes, sizes, colours and categories are probed per row.
  const joined = postgres ? constraints.map((_, index) => index).filter((index) => !driverIndexes.includes(index) && single(constraints[index]!) !== null && counts[index]! <= counts[driver]! * MERGE_RATIO) : [];
  const joinWords = [...(postgres && wordIndexes.length > 0 ? words.slice(1) : []), ...joined.map((index) => single(constraints[index]!)!)];
  const joins = sql.join(
    joinWords.map((term, n) => {
      const other = (column: string) => sql.ref(`w${n + 1}.${column}`);
      return sql`JOIN product_search_terms ${sql.ref(`w${n + 1}`)} ON ${other('term')} = ${term} AND ${other('sort_key')} = w.sort_key AND ${other('product_id')} = w.product_id`;
    }),
    sql` `,
  );
  const probes = constraints
    .filter((_, index) => !driverIndexes.includes(index) && !joined.includes(index))
    .map((c) => (c.kind === 'category' ? sql<SqlBool>`EXISTS (SELECT 1 FROM products p WHERE p.id = ${id} AND p.category_id IN (${sql.join(c.ids)}))` : accepts(c, id)));
  const afterW = after ? [sql<SqlBool>`(w.sort_key, w.product_id) > (${after.sort_key}, ${after.id})`] : [];
  // SQLite without statistics might seek the primary key (term, product_id) and sort; name the index.
  const index = postgres ? joins : sql`INDEXED BY product_search_terms_order_idx`;
  const arm = (term: string, tests: RawBuilder<SqlBool>[]) =>
    sql`SELECT w.sort_key, w.product_id AS id FROM product_search_terms w ${index} ${where([sql<SqlBool>`w.term = ${term}`, ...afterW, ...tests])}`;

  if (wordIndexes.length === 0) {
    const arms = words.map((term, n) => sql`SELECT * FROM (${arm(term, probes)} ORDER BY w.sort_key, w.product_id LIMIT ${need}) AS ${sql.ref(`a${n}`)}`);
    const { rows } = await sql<SortPosition>`SELECT DISTINCT u.id, u.sort_key FROM (${sql.join(arms, sql` UNION ALL `)}) u ORDER BY u.sort_key, u.id LIMIT ${need}`.execute(db);
    return rows;
  }
  if (words.length === 1 || postgres) {
    const { rows } = await sql<SortPosition>`${arm(words[0]!, probes)} ORDER BY w.sort_key, w.product_id LIMIT ${need}`.execute(db);
    return rows;
  }
  // SQLite, several words: the probes go on the fewest rows, the first arm (the smallest word).
  const arms = words.map((term, n) => arm(term, n === 0 ? probes : []));
  const { rows } = await sql<SortPosition>`${sql.join(arms, sql` INTERSECT `)} ORDER BY 1, 2 LIMIT ${need}`.execute(db);
  return rows;
}

function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
