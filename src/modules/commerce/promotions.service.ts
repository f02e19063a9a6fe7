/**
 * Promotions: one definition serves every channel (web, app, till, email codes), priced by the pure
 * `pricing.ts`. Codes are either shared (typed by anyone, reusable) or personal single-use codes
 * issued to one person (a journey's offer, a welcome code): a personal code presented by someone
 * else is `unknown`, a used one is `used`.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/common.schemas.js';
import { newId } from '../../platform/ids.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { commerceMemory, toPricing, type CommerceMemory } from './commerce-memory.js';
import type { PromotionCodeTable, PromotionTable } from './commerce.tables.js';
import type { AppliedPromotion, PresentedCode, Promotion as PricingPromotion } from './pricing.js';
import type { CreatePromotionBody, IssueCodesBody, Promotion, PromotionCode, PromotionCodePage } from './promotions.schemas.js';

type Db = Kysely<DB>;
type PromotionRow = Selectable<PromotionTable>;
type CodeRow = Selectable<PromotionCodeTable>;

export const normaliseCode = (code: string): string => code.trim().toUpperCase();

function view(row: PromotionRow): Promotion {
  const p = toPricing(row);
  return { ...p, active: row.active === 1, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * The active promotions for pricing a basket, and the presented codes resolved: a code that does not
 * exist, belongs to someone else, is used up or expired resolves to no promotion (refused as `unknown`
 * by pricing, with the reason kept here for the message).
 */
export async function promotionsInPlay(db: Db, input: { codes: readonly string[]; profileId: string | null; at?: string; memory?: CommerceMemory }): Promise<{ promotions: PricingPromotion[]; presented: PresentedCode[] }> {
  // The active promotions come from memory (frozen, shared): a copy, since a scoped code adds to it.
  const promotions = [...(input.memory ?? (await commerceMemory(db))).promotions];
  const presented: PresentedCode[] = [];
  // Who presents the codes matters only for personal codes: read only when there are codes.
  const person = input.profileId && input.codes.length > 0 ? ((await liveProfileId(db, input.profileId)) ?? input.profileId) : null;
  for (const typed of input.codes) {
    const code = normaliseCode(typed);
    const row = await db.selectFrom('promotion_codes').selectAll().where('code', '=', code).executeTakeFirst();
    const base = row && usable(row, person, input.at) ? promotions.find((p) => p.id === row.promotion_id) : undefined;
    if (base && row?.scope_product_id) {
      // A code for one product: the same promotion, narrowed to that product, for this basket only.
      const narrowed = { ...base, id: `${base.id}~${row.scope_product_id}`, target: { productIds: [row.scope_product_id] } };
      promotions.push(narrowed);
      presented.push({ code: typed, promotionId: narrowed.id });
    } else presented.push({ code: typed, promotionId: base ? base.id : null });
  }
  return { promotions, presented };
}

function usable(row: CodeRow, person: string | null, at?: string): boolean {
  if (row.profile_id && row.profile_id !== person) return false;
  if (row.single_use === 1 && row.redeemed_count > 0) return false;
  if (row.expires_at && at && row.expires_at <= at) return false;
  return true;
}

/** Marks the codes an order used; a single-use code used meanwhile by another order makes this checkout fail. */
export async function redeemCodes(db: Db, applied: readonly AppliedPromotion[], order: { orderId: string; profileId: string | null; at: string }): Promise<void> {
  for (const a of applied) {
    if (!a.code) continue;
    const code = normaliseCode(a.code);
    const result = await db
      .updateTable('promotion_codes')
      .set((eb) => ({ redeemed_count: eb('redeemed_count', '+', 1), redeemed_order_id: order.orderId }))
      .where('code', '=', code)
      .where((eb) => eb.or([eb('single_use', '=', 0), eb('redeemed_count', '=', 0)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('commerce.promo_code_refused', `Promo code ${a.code} was used meanwhile`, { errors: [{ path: 'body/promoCode', message: 'used' }], extra: { reason: 'used' } });
  }
}

/** Category ids of a product's category and all its parents, for promotion targets. */
export async function categoryLineage(db: Db): Promise<(categoryId: string | null) => string[]> {
  return (await commerceMemory(db)).lineage;
}

function checkDefinition(input: CreatePromotionBody): void {
  const errors: { path: string; message: string }[] = [];
  if (input.kind === 'percent_off' && (input.value === undefined || input.value < 1 || input.value > 100)) errors.push({ path: 'body/value', message: 'a percentage from 1 to 100 is required' });
  if (input.kind === 'amount_off' && (input.value === undefined || input.value < 1)) errors.push({ path: 'body/value', message: 'an amount in minor units (≥ 1) is required' });
  const c = input.conditions ?? {};
  if (c.startsAt && c.endsAt && c.startsAt >= c.endsAt) errors.push({ path: 'body/conditions/endsAt', message: 'must be after startsAt' });
  if (errors.length > 0) throw new AppError('platform.validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
}

export async function createPromotion(ctx: Ctx, input: CreatePromotionBody): Promise<Promotion> {
  checkDefinition(input);
  const at = ctx.clock.now().toISOString();
  const row: PromotionRow = {
    id: newId('prm'),
    name: input.name,
    kind: input.kind,
    value: input.kind === 'free_delivery' ? 0 : input.value!,
    target: JSON.stringify(input.target ?? {}),
    conditions: JSON.stringify(input.conditions ?? {}),
    requires_code: input.requiresCode ? 1 : 0,
    stackable: input.stackable ? 1 : 0,
    priority: input.priority ?? 0,
    active: input.active === false ? 0 : 1,
    created_at: at,
    updated_at: at,
  };
  await inTransaction(ctx.db, async (trx) => {
    await trx.insertInto('promotions').values(row).execute();
    if (input.code) await insertCodes(trx, row.id, [{ code: normaliseCode(input.code), profileId: null, singleUse: false, expiresAt: null }], at);
  });
  return view(row);
}

export async function updatePromotion(ctx: Ctx, id: string, input: CreatePromotionBody): Promise<Promotion> {
  checkDefinition(input);
  await findPromotion(ctx.db, id);
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .updateTable('promotions')
    .set({
      name: input.name,
      kind: input.kind,
      value: input.kind === 'free_delivery' ? 0 : input.value!,
      target: JSON.stringify(input.target ?? {}),
      conditions: JSON.stringify(input.conditions ?? {}),
      requires_code: input.requiresCode ? 1 : 0,
      stackable: input.stackable ? 1 : 0,
      priority: input.priority ?? 0,
      active: input.active === false ? 0 : 1,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  return view(await findPromotion(ctx.db, id));
}

async function findPromotion(db: Db, id: string): Promise<PromotionRow> {
  const row = await db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('commerce.promotion_not_found', `No promotion ${id}`);
  return row;
}

export async function getPromotion(ctx: Ctx, id: string): Promise<Promotion> {
  return view(await findPromotion(ctx.db, id));
}

export async function listPromotions(ctx: Ctx): Promise<{ items: Promotion[] }> {
  const rows = await ctx.db.selectFrom('promotions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return { items: rows.map(view) };
}

// No 0/O or 1/I: codes are read aloud and typed at tills.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomCode(prefix: string): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${prefix}${s}`;
}

/** A code derived from a key (a journey run and step): the same key always gives the same code. */
export function personalCode(...key: string[]): string {
  const digest = createHash('sha256').update(key.join('\u0000')).digest();
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[digest[i]! % CODE_ALPHABET.length];
  return `P${s}`;
}

async function insertCodes(db: Db, promotionId: string, codes: { code: string; profileId: string | null; singleUse: boolean; expiresAt: string | null; productId?: string | null }[], at: string): Promise<void> {
  const existing = await db.selectFrom('promotion_codes').select('code').where('code', 'in', codes.map((c) => c.code)).execute();
  if (existing.length > 0) throw new AppError('commerce.code_taken', `Code ${existing[0]!.code} already exists`, { errors: [{ path: 'body/code', message: 'already exists' }] });
  for (let i = 0; i < codes.length; i += 500)
    await db
      .insertInto('promotion_codes')
      .values(codes.slice(i, i + 500).map((c) => ({ code: c.code, promotion_id: promotionId, profile_id: c.profileId, single_use: c.singleUse ? 1 : 0, redeemed_count: 0, redeemed_order_id: null, expires_at: c.expiresAt, scope_product_id: c.productId ?? null, created_at: at })))
      .execute();
}

/**
 * Issues codes of a promotion: one chosen `code` (shared unless `singleUse`), `count` random
 * single-use codes (a pool), or one personal single-use code for `profileId` (journeys' offers).
 */
export async function issueCodes(ctx: Pick<Ctx, 'db' | 'clock'>, promotionId: string, input: IssueCodesBody): Promise<PromotionCode[]> {
  const promotion = await findPromotion(ctx.db, promotionId);
  if (promotion.requires_code !== 1) throw new AppError('commerce.promotion_is_automatic', `Promotion ${promotionId} applies without a code`);
  const at = ctx.clock.now().toISOString();
  const profileId = input.profileId ? ((await liveProfileId(ctx.db, input.profileId)) ?? null) : null;
  if (input.profileId && !profileId) throw new AppError('identity.profile_not_found', `No profile ${input.profileId}`);
  const expiresAt = input.expiresAt ?? null;
  const productId = input.productId ?? null;
  if (productId && !(await ctx.db.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst()))
    throw new AppError('platform.validation_failed', `No product ${productId}`, { errors: [{ path: 'body/productId', message: 'no such product' }] });
  let codes: { code: string; profileId: string | null; singleUse: boolean; expiresAt: string | null; productId: string | null }[];
  if (input.code) codes = [{ code: normaliseCode(input.code), profileId, singleUse: input.singleUse ?? profileId !== null, expiresAt, productId }];
  else {
    const count = profileId ? 1 : (input.count ?? 1);
    const prefix = normaliseCode(input.prefix ?? '');
    const set = new Set<string>();
    while (set.size < count) set.add(randomCode(prefix));
    codes = [...set].map((code) => ({ code, profileId, singleUse: true, expiresAt, productId }));
  }
  await inTransaction(ctx.db, (trx) => insertCodes(trx, promotionId, codes, at));
  return codes.map((c) => ({ code: c.code, promotionId, profileId: c.profileId, singleUse: c.singleUse, redeemed: false, redeemedOrderId: null, expiresAt: c.expiresAt, productId: c.productId, createdAt: at }));
}

export async function listCodes(ctx: Ctx, promotionId: string, query: { cursor?: string | undefined; limit?: number | undefined }): Promise<PromotionCodePage> {
  await findPromotion(ctx.db, promotionId);
  const limit = query.limit ?? 50;
  const after = decodeCursor<{ code: string }>(query.cursor);
  let q = ctx.db.selectFrom('promotion_codes').selectAll().where('promotion_id', '=', promotionId);
  if (after) q = q.where('code', '>', after.code);
  const rows = await q.orderBy('code').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ code: r.code, promotionId: r.promotion_id, profileId: r.profile_id, singleUse: r.single_use === 1, redeemed: r.redeemed_count > 0, redeemedOrderId: r.redeemed_order_id, expiresAt: r.expires_at, productId: r.scope_product_id, createdAt: r.created_at })),
    nextCursor: rows.length > limit ? encodeCursor({ code: page.at(-1)!.code }) : null,
  };
}
