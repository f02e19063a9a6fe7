/**
 * The conditions journeys branch and filter on: plain JSON, so the console's editor can build them
 * and the API can validate them. Paths read the run's scope (`profile.traits.tier`,
 * `event.properties.sku`, `context.weather`).
 */
export type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'exists';
export const COMPARISONS: readonly Comparison[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { path: string; op: Comparison; value?: unknown };

export function valueAt(scope: unknown, path: string): unknown {
  let current: unknown = scope;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function evaluate(condition: Condition, scope: unknown): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, scope));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, scope));
  if ('not' in condition) return !evaluate(condition.not, scope);
  const actual = valueAt(scope, condition.path);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'gt':
      return comparable(actual, expected) && (actual as number) > (expected as number);
    case 'gte':
      return comparable(actual, expected) && (actual as number) >= (expected as number);
    case 'lt':
      return comparable(actual, expected) && (actual as number) < (expected as number);
    case 'lte':
      return comparable(actual, expected) && (actual as number) <= (expected as number);
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    case 'contains':
      return Array.isArray(actual) ? actual.includes(expected) : typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
  }
}

/** Numbers with numbers, strings with strings (ISO timestamps compare as strings). */
function comparable(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

/** Problems with a condition, each with its path inside the definition. */
export function conditionProblems(condition: unknown, at: string): string[] {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return [`${at}: a condition is an object`];
  const c = condition as Record<string, unknown>;
  const keys = Object.keys(c);
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    if (keys.length !== 1) return [`${at}: "${key}" stands alone`];
    const list = c[key];
    if (!Array.isArray(list) || list.length === 0) return [`${at}.${key}: a non-empty list of conditions`];
    return list.flatMap((item, i) => conditionProblems(item, `${at}.${key}[${i}]`));
  }
  if ('not' in c) return keys.length !== 1 ? [`${at}: "not" stands alone`] : conditionProblems(c.not, `${at}.not`);
  const problems: string[] = [];
  if (typeof c.path !== 'string' || !/^[A-Za-z_$][\w$]*(\.[\w$-]+)*$/.test(c.path)) problems.push(`${at}.path: a dotted path such as profile.traits.tier`);
  if (!COMPARISONS.includes(c.op as Comparison)) problems.push(`${at}.op: one of ${COMPARISONS.join(', ')}`);
  else if (c.op !== 'exists' && !('value' in c)) problems.push(`${at}.value: required for "${String(c.op)}"`);
  else if (c.op === 'in' && !Array.isArray(c.value)) problems.push(`${at}.value: a list for "in"`);
  const extra = keys.filter((k) => !['path', 'op', 'value'].includes(k));
  if (extra.length) problems.push(`${at}: unknown ${extra.join(', ')}`);
  return problems;
}
