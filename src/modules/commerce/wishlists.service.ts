import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { publishDomainEvent } from '../../platform/outbox/outbox.js';
import { firstImage } from './carts.service.js';
import type { Wishlist } from './carts.schemas.js';
import { actorOf, channelOf, profileIdsAnswering, requireCustomerOrStaffFor, requireLiveProfileId } from './people.js';

/**
 * A wishlist is the person's, across channels: items saved by a profile later merged into this one
 * show too. Writes go to the live profile.
 */
export async function getWishlist(ctx: Ctx, profileId: string): Promise<Wishlist> {
  const live = await requireLiveProfileId(ctx, profileId);
  await requireCustomerOrStaffFor(ctx, live, "This wishlist belongs to another customer");
  const { profileIds } = await profileIdsAnswering(ctx.db, live);
  const rows = await ctx.db
    .selectFrom('wishlist_items')
    .innerJoin('product_variants', 'product_variants.sku', 'wishlist_items.sku')
    .innerJoin('products', 'products.id', 'product_variants.product_id')
    .select([
      'wishlist_items.sku',
      'wishlist_items.added_channel',
      'wishlist_items.added_by',
      'wishlist_items.added_at',
      'product_variants.product_id',
      'product_variants.size',
      'product_variants.color',
      'product_variants.price_amount',
      'product_variants.currency',
      'product_variants.images as variant_images',
      'products.name',
      'products.images as product_images',
    ])
    .where('wishlist_items.profile_id', 'in', profileIds)
    .orderBy('wishlist_items.added_at', 'desc')
    .orderBy('wishlist_items.sku')
    .execute();
  const seen = new Set<string>();
  const items = rows
    .filter((r) => (seen.has(r.sku) ? false : (seen.add(r.sku), true)))
    .map((r) => ({
      sku: r.sku,
      productId: r.product_id,
      name: r.name,
      size: r.size,
      color: r.color,
      image: firstImage(r.variant_images) ?? firstImage(r.product_images),
      price: { amount: r.price_amount, currency: r.currency },
      addedChannel: r.added_channel,
      addedBy: r.added_by,
      addedAt: r.added_at,
    }));
  return { profileId: live, items };
}

/** Adding what is already there changes nothing (and keeps when and where it was first saved). */
export async function addToWishlist(ctx: Ctx, profileId: string, sku: string, channel?: string): Promise<{ wishlist: Wishlist; added: boolean }> {
  const live = await requireLiveProfileId(ctx, profileId);
  await requireCustomerOrStaffFor(ctx, live, "This wishlist belongs to another customer");
  const variant = await ctx.db.selectFrom('product_variants').select('sku').where('sku', '=', sku).executeTakeFirst();
  if (!variant) throw new AppError('commerce.unknown_sku', `No product variant has sku ${sku}`);
  const { profileIds } = await profileIdsAnswering(ctx.db, live);
  const addedChannel = channel ?? channelOf(ctx, ctx.principal.kind === 'customer' ? 'app' : 'web');
  const added = await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('wishlist_items').select('sku').where('profile_id', 'in', profileIds).where('sku', '=', sku).executeTakeFirst();
    if (existing) return false;
    await trx
      .insertInto('wishlist_items')
      .values({ profile_id: live, sku, added_channel: addedChannel, added_by: actorOf(ctx), added_at: ctx.clock.now().toISOString() })
      .onConflict((c) => c.columns(['profile_id', 'sku']).doNothing())
      .execute();
    await publishDomainEvent(trx, ctx.clock, { type: 'commerce.wishlist_item_added', subjectId: live, payload: { profileId: live, sku, channel: addedChannel } });
    return true;
  });
  return { wishlist: await getWishlist(ctx, live), added };
}

export async function removeFromWishlist(ctx: Ctx, profileId: string, sku: string): Promise<Wishlist> {
  const live = await requireLiveProfileId(ctx, profileId);
  await requireCustomerOrStaffFor(ctx, live, "This wishlist belongs to another customer");
  const { profileIds } = await profileIdsAnswering(ctx.db, live);
  const removed = await ctx.db.deleteFrom('wishlist_items').where('profile_id', 'in', profileIds).where('sku', '=', sku).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new AppError('commerce.item_not_in_wishlist', `${sku} is not in this wishlist`);
  return getWishlist(ctx, live);
}
