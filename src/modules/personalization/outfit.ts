import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { readProfileRows } from '../identity/profiles/profile-read.js';
import { profileView } from '../identity/profiles/profiles.service.js';
import { categoryIndex, complementDepartments, departmentOf, pickComplements, shopperTaste, sizeFor, type CategoryNode, type ProductLike } from './complements.js';

export interface OutfitItem {
  productId: string;
  name: string;
  category: string | null;
  /** Her size of it (the size she buys in its department), when it comes in one. */
  size: string | null;
  /** Of her size's variant, else the first one, in minor units. */
  price: { amount: number; currency: string };
  image: string | null;
}

interface Candidate {
  id: string;
  name: string;
  category: { id: string };
  categoryName: string | null;
  attributes: Record<string, unknown>;
  images: string;
  variants: { sku: string; color: string | null; size: string | null; price_amount: number; currency: string }[];
}

// Enough products of the complementary departments to choose from, however large the catalog.
const CANDIDATES = 400;

/**
 * What goes with what a person just bought, for journeys (`context.outfit`): products of other
 * categories with the same look (complements.ts, as the store's mirror chooses), in stock somewhere,
 * ranked by her history (her size in each department, her colours, the categories she buys from),
 * never what she already owns. The first bought product with a category sets the look.
 */
export async function outfitFor(db: Kysely<DB>, profileId: string, boughtIds: string[], limit = 3): Promise<OutfitItem[]> {
  if (boughtIds.length === 0) return [];
  const categoryRows = await db.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
  const categories: CategoryNode[] = categoryRows.map((c) => ({ id: c.id, name: c.name, parentId: c.parent_id }));
  const bought = await db.selectFrom('products').select(['id', 'category_id', 'attributes']).where('id', 'in', boughtIds).where('category_id', 'is not', null).execute();
  const first = boughtIds.map((id) => bought.find((b) => b.id === id)).find((b) => b !== undefined);
  if (!first) return [];
  const firstVariants = await db.selectFrom('product_variants').select(['color', 'size']).where('product_id', '=', first.id).execute();
  const product: ProductLike = { id: first.id, category: { id: first.category_id! }, attributes: JSON.parse(first.attributes) as Record<string, unknown>, variants: firstVariants };

  const byId = categoryIndex(categories);
  const departments = new Set(complementDepartments(first.category_id!, categories));
  const inDepartments = categories.filter((c) => departments.has(departmentOf(c.id, byId))).map((c) => c.id);
  const rows = await db
    .selectFrom('products as p')
    .select(['p.id', 'p.name', 'p.category_id', 'p.attributes', 'p.images'])
    .where('p.category_id', 'in', inDepartments)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('product_variants as v')
          .innerJoin('stock_levels as s', 's.sku', 'v.sku')
          .select('v.sku')
          .whereRef('v.product_id', '=', 'p.id')
          .where((eb) => eb(eb('s.on_hand', '-', eb('s.reserved', '+', eb.ref('s.safety_stock'))), '>', 0)),
      ),
    )
    .orderBy('p.id')
    .limit(CANDIDATES)
    .execute();
  if (rows.length === 0) return [];
  const variants = await db
    .selectFrom('product_variants')
    .select(['product_id', 'sku', 'color', 'size', 'price_amount', 'currency'])
    .where('product_id', 'in', rows.map((r) => r.id))
    .orderBy('position')
    .execute();
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: { id: r.category_id! },
    categoryName: byId.get(r.category_id!)?.name ?? null,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    images: r.images,
    variants: variants.filter((v) => v.product_id === r.id),
  }));

  // Her history: what she bought (this order included, so it is never suggested back) and where it sits in the catalog.
  const profile = await readProfileRows(db, profileId);
  const computed = profile ? profileView(profile).computed : null;
  const purchases = computed?.recentPurchases ?? [];
  const placed = purchases.length > 0 ? await db.selectFrom('products').select(['id', 'category_id']).where('id', 'in', purchases.map((p) => p.productId)).execute() : [];
  const taste = shopperTaste(
    { preferredColors: computed?.preferredColors ?? [], purchases: [...purchases, ...boughtIds.filter((id) => !purchases.some((p) => p.productId === id)).map((productId) => ({ productId, size: null }))] },
    new Map(placed.flatMap((p) => (p.category_id ? [[p.id, p.category_id] as const] : []))),
    categories,
  );
  return pickComplements({ product, categories, candidates, taste, limit }).map((c) => {
    const size = sizeFor(c, taste, categories);
    const shown = c.variants.find((v) => size !== null && v.size === size) ?? c.variants[0]!;
    return {
      productId: c.id,
      name: c.name,
      category: c.categoryName,
      size,
      price: { amount: shown.price_amount, currency: shown.currency },
      image: (JSON.parse(c.images) as string[])[0] ?? null,
    };
  });
}
