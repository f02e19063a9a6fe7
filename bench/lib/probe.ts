import { round } from './stats.js';

export interface ProbeAnswer {
  status: number;
  ms: number;
  bytes: number;
  body: unknown;
}

/** One request through fetch, timed, body parsed when JSON. */
export async function probe(origin: string, path: string, headers: Record<string, string> = {}): Promise<ProbeAnswer> {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the report
  }
  return { status: response.status, ms, bytes: Buffer.byteLength(text), body };
}

export type Availability = { ok: true; headers: Record<string, string>; note?: string } | { ok: false; reason: string };

/**
 * Whether a route answers 200, first as an anonymous caller, then with the admin token if it asks
 * for one: the benchmark then runs authenticated and says so, rather than measuring 401s.
 */
export async function checkRoute(origin: string, path: string, adminToken: string): Promise<Availability> {
  const anonymous = await probe(origin, path);
  if (anonymous.status === 200) return { ok: true, headers: {} };
  if (anonymous.status === 401 || anonymous.status === 403) {
    const headers = { authorization: `Bearer ${adminToken}` };
    const admin = await probe(origin, path, headers);
    if (admin.status === 200) return { ok: true, headers, note: `answers ${anonymous.status} to anonymous callers: measured with an admin token` };
  }
  return { ok: false, reason: `GET ${path} answered ${anonymous.status}: ${excerpt(anonymous.body)}` };
}

/** How many items an answer holds, whatever the list is called (`items`, `data`, `stores`, …). */
export function countItems(body: unknown): number | undefined {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value.length;
  }
  return undefined;
}

export interface KindProfile {
  kind: string;
  requests: number;
  /** Sequential requests on an otherwise idle server: the cost of one query of this kind. */
  medianMs: number;
  maxMs: number;
  /** Items in the first page, averaged: how much each kind of query returns. */
  meanItems: number | undefined;
  meanBytes: number;
  statuses: Record<string, number>;
  slowest: { path: string; ms: number };
}

/** Sends `perKind` requests of each kind one after the other and reports each kind apart. */
export async function profileKinds(
  origin: string,
  queries: readonly { kind: string; path: string }[],
  options: { perKind: number; headers: Record<string, string>; maxSeconds: number },
): Promise<KindProfile[]> {
  const kinds = [...new Set(queries.map((query) => query.kind))];
  const profiles: KindProfile[] = [];
  // A slow route must not stretch the run: each kind gets its share of the time budget.
  const perKindMs = (options.maxSeconds * 1000) / Math.max(1, kinds.length);
  for (const kind of kinds) {
    const deadline = performance.now() + perKindMs;
    const paths = queries.filter((query) => query.kind === kind).slice(0, options.perKind);
    const times: number[] = [];
    const items: number[] = [];
    let bytes = 0;
    const statuses: Record<string, number> = {};
    let slowest = { path: '', ms: 0 };
    for (const { path } of paths) {
      if (times.length > 0 && performance.now() > deadline) break;
      const answer = await probe(origin, path, options.headers);
      times.push(answer.ms);
      bytes += answer.bytes;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const count = countItems(answer.body);
      if (count !== undefined) items.push(count);
      if (answer.ms > slowest.ms) slowest = { path, ms: round(answer.ms) };
    }
    times.sort((a, b) => a - b);
    profiles.push({
      kind,
      requests: times.length,
      medianMs: round(times[Math.floor(times.length / 2)] ?? 0),
      maxMs: round(times[times.length - 1] ?? 0),
      meanItems: items.length > 0 ? round(items.reduce((a, b) => a + b, 0) / items.length) : undefined,
      meanBytes: Math.round(bytes / Math.max(1, times.length)),
      statuses,
      slowest,
    });
  }
  return profiles;
}

function excerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
