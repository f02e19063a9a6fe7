/**
 * `Idempotency-Key` for requests that move money or stock (DESIGN.md), after Stripe's API and the
 * IETF draft "The Idempotency-Key HTTP Header Field":
 *
 * - A request with a key runs in ONE transaction that first claims (caller, key) with an insert,
 *   then does the work, then stores the answer. A retry with the same key finds the row and gets the
 *   stored answer back (header `Idempotent-Replayed: true`); nothing runs twice. Two copies sent at
 *   once cannot both run: on PostgreSQL the second insert waits on the first's uncommitted row and
 *   then sees it; on SQLite writers are serialised anyway.
 * - Only successful answers (2xx) are stored. A refused request (4xx, 5xx) rolled back everything,
 *   claim included, so sending it again with the same key simply tries again.
 * - Keys are per caller (a staff member, an API token, a customer, a source): two callers may use
 *   the same key. The same key with a different request (method, route, parameters or body) is a
 *   422 `platform.idempotency_key_reused`.
 * - Keys are kept 24 hours, then swept by background work and free to be used again.
 * - Without the header, the work runs as it would anyway (its own transactions).
 * - A route may pass a group commit (platform/db/group-commit.ts): the request's transaction is then
 *   a savepoint in one its neighbours share on SQLite (claim, work and answer together, as alone),
 *   and it is answered once that transaction has committed. Without a key too, the work is then one
 *   unit of it.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CompiledQuery, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../clock.js';
import type { Ctx, Deps } from '../context.js';
import type { Principal } from '../auth/principal.js';
import type { GroupCommit } from '../db/group-commit.js';
import { isPostgres } from '../db/migration-helpers.js';
import { AppError } from '../errors.js';
import type { BackgroundTask } from '../work/background-work.js';
import { ctxOf } from './request-ctx.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** Route `headers` schema of a route that honours Idempotency-Key (documents it in the OpenAPI). */
export const IdempotencyHeaders = Type.Object({
  [IDEMPOTENCY_HEADER]: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Any unique string (a UUID): a retry with the same key replays the first successful answer and changes nothing',
    }),
  ),
});

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface IdempotencyRequest {
  caller: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
}

export type IdempotentOutcome<T> = { replayed: false; answer: Answer<T> } | { replayed: true; answer: Answer<unknown> };

export interface IdempotentOptions {
  /** Runs the request's transaction as a unit of a shared one (SQLite) instead of its own. */
  commits?: GroupCommit | undefined;
}

/** The namespace of a principal's keys. */
export function callerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      if (principal.staffId) return `staff:${principal.staffId}`;
      return principal.tokenId ? `token:${principal.tokenId}` : 'staff:bootstrap';
    case 'customer':
      return `customer:${principal.profileId}`;
    case 'source':
      return `source:${principal.sourceId}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** JSON with object keys sorted, so the same request always has the same fingerprint. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function fingerprintOf(parts: { method: string; route: string; params?: unknown; query?: unknown; body?: unknown }): string {
  return createHash('sha256').update(canonical(parts)).digest('hex');
}

/**
 * The claim and the stored answer, on every keyed request: fixed SQL per engine, which Kysely would
 * otherwise build and compile each time at about the cost of running it.
 */
const STATEMENTS = (() => {
  const claim =
    'insert into idempotency_keys (caller, "key", fingerprint, method, path, status_code, response_body, created_at, expires_at) values (?, ?, ?, ?, ?, 0, \'\', ?, ?) on conflict (caller, "key") do nothing';
  const answer = 'update idempotency_keys set status_code = ?, response_body = ? where caller = ? and "key" = ?';
  const numbered = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return { sqlite: { claim, answer }, postgres: { claim: numbered(claim), answer: numbered(answer) } };
})();

/**
 * Runs `work` at most once per (caller, key), in one transaction with the claim (or one unit of a
 * group commit's). `work` must do all its writes through the `db` it is given (a transaction).
 */
export async function runIdempotent<T>(
  db: Kysely<DB>,
  clock: Clock,
  request: IdempotencyRequest,
  work: (trx: Kysely<DB>) => Promise<Answer<T>>,
  options: IdempotentOptions = {},
): Promise<IdempotentOutcome<T>> {
  const transact = <R>(fn: (trx: Kysely<DB>) => Promise<R>): Promise<R> => (options.commits ? options.commits.run(fn) : db.transaction().execute(fn));
  return transact(async (trx) => {
    const now = clock.now();
    const statements = isPostgres(trx as unknown as Kysely<unknown>) ? STATEMENTS.postgres : STATEMENTS.sqlite;
    // Placeholders for the answer until the work has answered, in this same transaction: nobody sees them.
    const claim = async () =>
      Number(
        (
          await trx.executeQuery(
            CompiledQuery.raw(statements.claim, [
              request.caller,
              request.key,
              request.fingerprint,
              request.method,
              request.path.slice(0, 2_000),
              now.toISOString(),
              new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
            ]),
          )
        ).numAffectedRows ?? 0,
      ) === 1;
    let claimed = await claim();
    if (!claimed) {
      const existing = await trx.selectFrom('idempotency_keys').selectAll().where('caller', '=', request.caller).where('key', '=', request.key).executeTakeFirstOrThrow();
      if (existing.expires_at > now.toISOString()) {
        if (existing.fingerprint !== request.fingerprint) {
          throw new AppError(
            'platform.idempotency_key_reused',
            `This Idempotency-Key was first used for another request (${existing.method} ${existing.path}); use a new key for a new request`,
            { errors: [{ path: `headers/${IDEMPOTENCY_HEADER}`, message: 'was already used with a different request' }] },
          );
        }
        return { replayed: true as const, answer: { status: existing.status_code, body: JSON.parse(existing.response_body) as unknown } };
      }
      // An expired key not yet swept: it is free again.
      await trx.deleteFrom('idempotency_keys').where('caller', '=', request.caller).where('key', '=', request.key).where('expires_at', '<=', now.toISOString()).execute();
      claimed = await claim();
      if (!claimed) throw new Error('idempotency key claimed twice in one transaction');
    }
    const answer = await work(trx);
    await trx.executeQuery(CompiledQuery.raw(statements.answer, [answer.status, JSON.stringify(answer.body ?? null), request.caller, request.key]));
    return { replayed: false as const, answer };
  });
}

/**
 * For a route handler: runs `work` with the request's context, once per Idempotency-Key when the
 * request has one, and sends its answer (or the stored one).
 *
 * @example
 * async (request, reply) => idempotent(request, reply, deps, async (ctx) => ({ status: 201, body: await createHold(ctx, request.body) }))
 */
export async function idempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  work: (ctx: Ctx) => Promise<Answer<T>>,
  options: IdempotentOptions = {},
): Promise<FastifyReply> {
  const ctx = ctxOf(request, deps);
  const header = request.headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    const { commits } = options;
    const answer = commits ? await commits.run((trx) => work({ ...ctx, db: trx })) : await work(ctx);
    return reply.code(answer.status).send(answer.body);
  }
  const outcome = await runIdempotent(
    deps.database.kysely,
    deps.clock,
    {
      caller: callerOf(request.principal),
      key,
      fingerprint: fingerprintOf({ method: request.method, route: request.routeOptions.url ?? request.url, params: request.params, query: request.query, body: request.body }),
      method: request.method,
      path: request.url,
    },
    (trx) => work({ ...ctx, db: trx }),
    options,
  );
  if (outcome.replayed) reply.header(REPLAYED_HEADER, 'true');
  return reply.code(outcome.answer.status).send(outcome.answer.body);
}

/** Deletes expired keys, at most once per `everyMs` of the clock. */
export function idempotencySweepTask(deps: Deps, everyMs = 60_000): BackgroundTask {
  let last: number | undefined;
  return {
    name: 'idempotency-sweep',
    async runOnce() {
      const now = deps.clock.now();
      if (last !== undefined && now.getTime() - last < everyMs) return 0;
      last = now.getTime();
      const result = await deps.database.kysely.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
