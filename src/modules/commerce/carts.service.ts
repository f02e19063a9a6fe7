import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import type { CartTable } from './commerce.tables.js';
import { MAX_LINE_QUANTITY, type AddCartItemBody, type Cart, type CartLine, type CreateCartBody } from './carts.schemas.js';
import { categoryLineage, promotionsInPlay } from './promotions.service.js';
import { priceBasket } from './pricing.js';
import type { Channel } from '../identity/channels.js';
import { requireCustomerOrStaffFor, actorOf, channelOf, profileIdsAnswering, requireLiveProfileId } from './people.js';

type CartRow = Selectable<CartTable>;
type Db = Kysely<DB>;
const DEFAULT_CURRENCY = 'EUR';

/**
 * Cart ids are also what lets an anonymous device use its cart (no sign-in yet), so they carry
 * 100 random bits beside the time part, like an unguessable token.
 */
function newCartId(now: Date): string {
  return `${newId('crt', now.getTime())}${randomBytes(8).toString('hex').slice(0, 10)}`;
}

/**
 * Starts a cart. A person has one active cart whatever the device: when the caller names a person
 * (a signed-in customer, or staff naming a profile) who already has one, that cart is returned.
 */
export async function createCart(ctx: Ctx, input: CreateCartBody): Promise<{ cart: Cart; created: boolean }> {
  let profileId: string | null = null;
  if (ctx.principal.kind === 'customer') {
    if (input.profileId && (await liveProfileId(ctx.db, input.profileId)) !== (await liveProfileId(ctx.db, ctx.principal.profileId)))
      throw new AppError('commerce.not_your_cart', 'A customer can only start a cart of their own');
    profileId = await requireLiveProfileId(ctx, ctx.principal.profileId);
  } else if (input.profileId) {
    if (ctx.principal.kind !== 'staff') throw new AppError('commerce.not_your_cart', 'Naming a profile needs a signed-in customer or staff');
    profileId = await requireLiveProfileId(ctx, input.profileId);
  } else if (!input.anonymousId) {
    throw new AppError('commerce.identity_required', 'Give the anonymousId of the device (or sign in): a cart must belong to someone', {
      errors: [{ path: 'body/anonymousId', message: 'is required without a signed-in customer or a profileId' }],
    });
  }
  if (profileId) {
    const existing = await activeCartOf(ctx, profileId, { anonymousId: input.anonymousId });
    if (existing) return { cart: existing, created: false };
  }
  const now = ctx.clock.now();
  const row: CartRow = {
    id: newCartId(now),
    profile_id: profileId,
    anonymous_id: input.anonymousId ?? null,
    channel: input.channel,
    status: 'active',
    merged_into: null,
    currency: DEFAULT_CURRENCY,
    promo_code: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await ctx.db.insertInto('carts').values(row).execute();
  return { cart: await view(ctx, row), created: true };
}

/** A cart by id; a cart folded into another answers with the one it went into. */
export async function getCart(ctx: Ctx, id: string): Promise<Cart> {
  const cart = await usableCart(ctx, id);
  return view(ctx, cart);
}

export async function addItem(ctx: Ctx, cartId: string, input: AddCartItemBody): Promise<Cart> {
  return changeItem(ctx, cartId, input.sku, input.channel, (current) => current + input.quantity);
}

export async function setItemQuantity(ctx: Ctx, cartId: string, sku: string, quantity: number, channel?: string): Promise<Cart> {
  return changeItem(ctx, cartId, sku, channel, () => quantity, { mustExist: quantity === 0 });
}

export async function removeItem(ctx: Ctx, cartId: string, sku: string): Promise<Cart> {
  return changeItem(ctx, cartId, sku, undefined, () => 0, { mustExist: true });
}

async function changeItem(
  ctx: Ctx,
  cartId: string,
  sku: string,
  channel: string | undefined,
  next: (current: number) => number,
  options: { mustExist?: boolean } = {},
): Promise<Cart> {
  const cart = await usableCart(ctx, cartId);
  if (cart.status !== 'active') throw new AppError('commerce.cart_not_active', `Cart ${cart.id} is ${cart.status}`);
  const variant = await ctx.db.selectFrom('product_variants').select(['sku', 'currency']).where('sku', '=', sku).executeTakeFirst();
  if (!variant) throw new AppError('commerce.unknown_sku', `No product variant has sku ${sku}`);
  const now = ctx.clock.now().toISOString();
  const by = actorOf(ctx);
  const addedChannel = channel ?? channelOf(ctx, cart.channel);
  await ctx.db.transaction().execute(async (trx) => {
    // Touching the cart first locks its row (PostgreSQL), so changes to one cart queue up instead of
    // losing each other's increments, and re-checks it was not folded or ordered meanwhile.
    const touched = await trx.updateTable('carts').set({ updated_at: now }).where('id', '=', cart.id).where('status', '=', 'active').executeTakeFirst();
    if (Number(touched.numUpdatedRows) !== 1) throw new AppError('commerce.cart_not_active', `Cart ${cart.id} is no longer active`);
    const current = await trx.selectFrom('cart_items').select('quantity').where('cart_id', '=', cart.id).where('sku', '=', sku).executeTakeFirst();
    if (!current && options.mustExist) throw new AppError('commerce.item_not_in_cart', `${sku} is not in cart ${cart.id}`);
    const quantity = next(current?.quantity ?? 0);
    if (quantity > MAX_LINE_QUANTITY)
      throw new AppError('commerce.quantity_too_large', `At most ${MAX_LINE_QUANTITY} of one item per cart (${sku} would be ${quantity})`);
    if (quantity === 0) await trx.deleteFrom('cart_items').where('cart_id', '=', cart.id).where('sku', '=', sku).execute();
    else if (current) await trx.updateTable('cart_items').set({ quantity, updated_at: now }).where('cart_id', '=', cart.id).where('sku', '=', sku).execute();
    else
      await trx
        .insertInto('cart_items')
        .values({ cart_id: cart.id, sku, quantity, added_channel: addedChannel, added_by: by, added_at: now, updated_at: now })
        .execute();
    await publishDomainEvent(trx, ctx.clock, {
      type: 'commerce.cart_updated',
      subjectId: cart.id,
      // The person it belongs to now, also when the cart was started on a device before they were known.
      payload: { cartId: cart.id, profileId: await ownerOf(trx, cart), anonymousId: cart.anonymous_id, sku, quantity, previousQuantity: current?.quantity ?? 0, channel: addedChannel },
    });
  });
  return view(ctx, { ...cart, updated_at: now });
}

/** The cart (following a fold into another) if this caller may use it. */
async function usableCart(ctx: Ctx, id: string): Promise<CartRow> {
  let cart = await ctx.db.selectFrom('carts').selectAll().where('id', '=', id).executeTakeFirst();
  if (cart?.status === 'merged' && cart.merged_into) cart = await ctx.db.selectFrom('carts').selectAll().where('id', '=', cart.merged_into).executeTakeFirst();
  if (!cart) throw new AppError('commerce.cart_not_found', `No cart ${id}`);
  // A cart started for a known person is theirs (and staff's); one started by an anonymous device
  // is used by whoever holds its unguessable id, as storefront carts are.
  if (cart.profile_id) await requireCustomerOrStaffFor(ctx, cart.profile_id, 'This cart belongs to a signed-in customer');
  return cart;
}

/**
 * The person's active cart, whatever channel started it. When the person has several (a cart
 * started anonymously on the web before they signed in on the app), they are folded into one:
 * the rule, documented in the README, is that the most recently changed cart that was started for
 * the signed-in person survives (else the most recently changed one), the others' lines are added
 * to it, quantities of the same sku summed up to the per-line maximum, and the others are marked
 * merged, answering with the survivor from then on.
 */
export async function activeCartOf(ctx: Ctx, profileId: string, options: { anonymousId?: string | undefined } = {}): Promise<Cart | null> {
  const live = await requireLiveProfileId(ctx, profileId);
  const { profileIds, anonymousIds } = await profileIdsAnswering(ctx.db, live);
  if (options.anonymousId) anonymousIds.push(options.anonymousId);
  const carts = await ctx.db
    .selectFrom('carts')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => {
      const ors = [eb('profile_id', 'in', profileIds)];
      if (anonymousIds.length > 0) ors.push(eb.and([eb('profile_id', 'is', null), eb('anonymous_id', 'in', anonymousIds)]));
      return eb.or(ors);
    })
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (carts.length === 0) return null;
  const survivor = carts.find((c) => c.profile_id !== null) ?? carts[0]!;
  const others = carts.filter((c) => c.id !== survivor.id);
  if (others.length > 0) await fold(ctx, survivor, others);
  const fresh = await ctx.db.selectFrom('carts').selectAll().where('id', '=', survivor.id).executeTakeFirstOrThrow();
  return view(ctx, fresh);
}

async function fold(ctx: Ctx, survivor: CartRow, others: CartRow[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const other of others) {
      // Claiming the cart first means two concurrent folds never move the same lines twice.
      const claimed = await trx
        .updateTable('carts')
        .set({ status: 'merged', merged_into: survivor.id, updated_at: now })
        .where('id', '=', other.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const lines = await trx.selectFrom('cart_items').selectAll().where('cart_id', '=', other.id).execute();
      for (const line of lines) {
        const existing = await trx.selectFrom('cart_items').select('quantity').where('cart_id', '=', survivor.id).where('sku', '=', line.sku).executeTakeFirst();
        if (existing)
          await trx
            .updateTable('cart_items')
            .set({ quantity: Math.min(MAX_LINE_QUANTITY, existing.quantity + line.quantity), updated_at: now })
            .where('cart_id', '=', survivor.id)
            .where('sku', '=', line.sku)
            .execute();
        else await trx.insertInto('cart_items').values({ ...line, cart_id: survivor.id, updated_at: now }).execute();
      }
      await publishDomainEvent(trx, ctx.clock, {
        type: 'commerce.cart_merged',
        subjectId: survivor.id,
        payload: { cartId: survivor.id, mergedCartId: other.id, profileId: survivor.profile_id, lines: lines.length },
      });
    }
    await trx.updateTable('carts').set({ updated_at: now }).where('id', '=', survivor.id).execute();
  });
}

/** Prices come from the catalog on every read, so a cart never shows a stale price. */
async function view(ctx: Pick<Ctx, 'db' | 'clock'>, cart: CartRow): Promise<Cart> {
  const db = ctx.db;
  const [rows, merged, owner] = await Promise.all([
    db
      .selectFrom('cart_items')
      .innerJoin('product_variants', 'product_variants.sku', 'cart_items.sku')
      .innerJoin('products', 'products.id', 'product_variants.product_id')
      .select([
        'cart_items.sku',
        'cart_items.quantity',
        'cart_items.added_channel',
        'cart_items.added_by',
        'cart_items.added_at',
        'product_variants.product_id',
        'product_variants.size',
        'product_variants.color',
        'product_variants.price_amount',
        'product_variants.currency',
        'product_variants.images as variant_images',
        'products.name',
        'products.images as product_images',
        'products.category_id',
      ])
      .where('cart_items.cart_id', '=', cart.id)
      .orderBy('cart_items.added_at')
      .orderBy('cart_items.sku')
      .execute(),
    db.selectFrom('carts').select('id').where('merged_into', '=', cart.id).orderBy('id').execute(),
    ownerOf(db, cart),
  ]);
  const currency = rows[0]?.currency ?? cart.currency;
  // Prices, promotions and availability as they are now, on every read.
  const [{ promotions, presented }, lineage, online] = await Promise.all([
    promotionsInPlay(db, { codes: cart.promo_code ? [cart.promo_code] : [], profileId: owner }),
    categoryLineage(db),
    rows.length
      ? db
          .selectFrom('stock_levels')
          .innerJoin('locations', 'locations.id', 'stock_levels.location_id')
          .select(['stock_levels.sku', 'stock_levels.on_hand', 'stock_levels.reserved', 'stock_levels.safety_stock'])
          .where('locations.kind', '=', 'warehouse')
          .where('stock_levels.sku', 'in', rows.map((r) => r.sku))
          .execute()
      : Promise.resolve([]),
  ]);
  const priced = priceBasket({
    lines: rows.map((r) => ({ sku: r.sku, productId: r.product_id, categoryIds: lineage(r.category_id), unitPrice: r.price_amount, quantity: r.quantity })),
    currency,
    channel: cart.channel as Channel,
    at: ctx.clock.now().toISOString(),
    // Delivery is chosen at checkout: the cart shows what the goods cost.
    delivery: { method: 'click_and_collect', fee: 0 },
    promotions,
    codes: presented,
  });
  const availableOnline = (sku: string) => online.filter((l) => l.sku === sku).reduce((n, l) => n + Math.max(0, l.on_hand - l.reserved - l.safety_stock), 0);
  const items: CartLine[] = rows.map((r, i) => ({
    sku: r.sku,
    productId: r.product_id,
    name: r.name,
    size: r.size,
    color: r.color,
    image: firstImage(r.variant_images) ?? firstImage(r.product_images),
    quantity: r.quantity,
    unitPrice: { amount: r.price_amount, currency: r.currency },
    lineTotal: { amount: r.price_amount * r.quantity, currency: r.currency },
    discount: { amount: priced.lines[i]?.discount ?? 0, currency: r.currency },
    availableOnline: availableOnline(r.sku),
    addedChannel: r.added_channel,
    addedBy: r.added_by,
    addedAt: r.added_at,
  }));
  return {
    id: cart.id,
    status: cart.status,
    channel: cart.channel,
    profileId: owner,
    anonymousId: cart.anonymous_id,
    mergedFrom: merged.map((m) => m.id),
    items,
    itemCount: items.reduce((n, i) => n + i.quantity, 0),
    subtotal: { amount: priced.subtotal, currency },
    discount: { amount: priced.discount, currency },
    total: { amount: priced.subtotal - priced.discount, currency },
    promotions: priced.applied.filter((a) => a.amount > 0),
    promoCode: cart.promo_code,
    promoCodeRefused: priced.refusedCodes[0]?.reason ?? null,
    createdAt: cart.created_at,
    updatedAt: cart.updated_at,
  };
}

/** Whose cart it is now: its person followed through merges, or the person its device became. */
export async function ownerOf(db: Db, cart: Pick<CartRow, 'profile_id' | 'anonymous_id'>): Promise<string | null> {
  if (cart.profile_id) return (await liveProfileId(db, cart.profile_id)) ?? null;
  if (!cart.anonymous_id) return null;
  const identity = await db
    .selectFrom('profile_identities')
    .select('profile_id')
    .where('type', '=', 'anonymousId')
    .where('value', '=', cart.anonymous_id)
    .executeTakeFirst();
  return identity ? ((await liveProfileId(db, identity.profile_id)) ?? null) : null;
}

export function firstImage(json: string): string | null {
  try {
    const images = JSON.parse(json) as unknown;
    return Array.isArray(images) && typeof images[0] === 'string' ? images[0] : null;
  } catch {
    return null;
  }
}

/** Sets (or, with null, removes) the code the cart is priced with; checkout uses it unless given another. */
export async function setPromoCode(ctx: Ctx, cartId: string, code: string | null): Promise<Cart> {
  const cart = await usableCart(ctx, cartId);
  if (cart.status !== 'active') throw new AppError('commerce.cart_not_active', `Cart ${cart.id} is ${cart.status}`);
  const now = ctx.clock.now().toISOString();
  await ctx.db.updateTable('carts').set({ promo_code: code, updated_at: now }).where('id', '=', cart.id).execute();
  return view(ctx, { ...cart, promo_code: code, updated_at: now });
}
