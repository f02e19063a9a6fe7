import type { Ctx, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId, newSecret } from '../../platform/ids.js';
import { hashSecret } from '../../platform/auth/passwords.js';
import type { Principal } from '../../platform/auth/principal.js';
import { storeExists } from '../catalog/stores.service.js';
import type { Channel } from './channels.js';
import type { CreateSourceBody, CreatedSource, Source } from './identity.schemas.js';
import type { SourceTable } from './identity.tables.js';

/**
 * Write keys are looked up on every tracking call, thousands a second (a query and a SHA-256 each,
 * about 4 % of a call): a key found is kept for `KEPT_KEY_MS`, per database. Rotating or disabling a
 * source forgets every kept key of this process, before its write and after it (so a lookup that
 * raced the change is not kept either): this process refuses the old key at once. Another process
 * on the same PostgreSQL database may accept it for up to `KEPT_KEY_MS` more. Unknown keys are not
 * kept (random keys cost no memory), and at most `MAX_KEPT_KEYS` are.
 */
const KEPT_KEY_MS = 1_000;
const MAX_KEPT_KEYS = 10_000;
let sourcesGeneration = 0;
const keptKeys = new WeakMap<object, Map<string, { principal: Principal; until: number; generation: number }>>();

function forgetKeptKeys(): void {
  sourcesGeneration += 1;
}

export async function resolveWriteKey(deps: Deps, writeKey: string): Promise<Principal | null> {
  if (writeKey.length < 10 || writeKey.length > 200) return null;
  let kept = keptKeys.get(deps.database.kysely);
  if (!kept) keptKeys.set(deps.database.kysely, (kept = new Map()));
  const now = performance.now();
  const hit = kept.get(writeKey);
  if (hit && hit.generation === sourcesGeneration && hit.until > now) return hit.principal;
  const generation = sourcesGeneration;
  const row = await deps.database.kysely
    .selectFrom('sources')
    .select(['id', 'channel', 'store_id'])
    .where('write_key_hash', '=', hashSecret(writeKey))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    kept.delete(writeKey);
    return null;
  }
  const principal: Principal = { kind: 'source', sourceId: row.id, channel: row.channel, storeId: row.store_id };
  if (generation === sourcesGeneration) {
    if (kept.size >= MAX_KEPT_KEYS) kept.clear();
    kept.set(writeKey, { principal, until: now + KEPT_KEY_MS, generation });
  }
  return principal;
}

function toSource(row: SourceTable): Source {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel as Channel,
    storeId: row.store_id,
    writeKeyHint: row.write_key_hint,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
  };
}

/** Creates a source and its write key; the key is in this answer only (stored hashed). */
export async function createSource(ctx: Ctx, input: CreateSourceBody & { writeKey?: string }): Promise<CreatedSource> {
  if (input.storeId && !(await storeExists(ctx, input.storeId))) {
    throw new AppError('platform.validation_failed', `No store ${input.storeId}`, { errors: [{ path: 'body/storeId', message: 'is not a known store' }] });
  }
  const writeKey = input.writeKey ?? newSecret('pwk');
  const row: SourceTable = {
    id: newId('src'),
    name: input.name,
    channel: input.channel,
    store_id: input.storeId ?? null,
    write_key_hash: hashSecret(writeKey),
    write_key_hint: writeKey.slice(0, 10),
    created_at: ctx.clock.now().toISOString(),
    disabled_at: null,
  };
  await ctx.db.insertInto('sources').values(row).execute();
  return { ...toSource(row), writeKey };
}

export async function listSources(ctx: Ctx): Promise<Source[]> {
  const rows = await ctx.db.selectFrom('sources').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toSource);
}

export async function rotateWriteKey(ctx: Ctx, id: string): Promise<CreatedSource> {
  const writeKey = newSecret('pwk');
  forgetKeptKeys();
  const result = await ctx.db
    .updateTable('sources')
    .set({ write_key_hash: hashSecret(writeKey), write_key_hint: writeKey.slice(0, 10) })
    .where('id', '=', id)
    .executeTakeFirst();
  forgetKeptKeys();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('identity.source_not_found', `No source ${id}`);
  const row = await ctx.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...toSource(row), writeKey };
}

export async function disableSource(ctx: Ctx, id: string): Promise<Source> {
  forgetKeptKeys();
  await ctx.db
    .updateTable('sources')
    .set({ disabled_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .execute();
  forgetKeptKeys();
  const row = await ctx.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('identity.source_not_found', `No source ${id}`);
  return toSource(row);
}
