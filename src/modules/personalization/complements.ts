/**
 * What goes with a scanned product, among the products in stock in this store: the same look from
 * other categories. No sales history is needed, only the catalog:
 *
 * - another category than the product's own (a dress suggests a jacket, a bag, shoes; not dresses);
 * - not from a parallel department, one whose sub-categories bear the same names as the product's
 *   department's (Homme has "Vestes et manteaux" as Femme does: it is another audience, not a
 *   complement);
 * - the same kind of goods: the candidate shares an attribute name with the product beyond `style`
 *   and `season` (clothes, shoes and bags have a `material`, cosmetics an `ingredient`);
 * - then ranked by the same `style`, a compatible `season` (the same, or either all-season), a
 *   shared colour, the product's own department first; one product per category (categories of the
 *   same name count as one), at most half from the product's own department, so the suggestions
 *   make an outfit.
 *
 * With a shopper's taste (her pass shown to the mirror: what her purchases on every channel say),
 * what she already bought is left out, and a candidate ranks higher when it comes in a size she
 * buys in that department (a shoe size says nothing of a skirt's), in a colour she buys, or from a
 * category she has bought from. Her taste outweighs the look's finer points (season, colour match,
 * department) but not its style.
 */

export interface CategoryNode {
  id: string;
  name: string;
  parentId: string | null;
}

export interface ProductLike {
  id: string;
  category: { id: string } | null;
  attributes: Record<string, unknown>;
  variants: { color: string | null; size?: string | null }[];
}

/** What a shopper's history says she likes (GET /v1/mirror/shopper), with where what she bought sits in the catalog. */
export interface ShopperTaste {
  /** Per department (its top category), the sizes she bought there, most bought first. */
  sizesByDepartment: Record<string, string[]>;
  colors: string[];
  boughtProductIds: string[];
  boughtCategoryIds: string[];
}

const folded = (value: string | null | undefined) => value?.trim().toLowerCase() ?? '';

// One index per category list, however many products are weighed against it (sizeFor runs per candidate).
const indexes = new WeakMap<readonly CategoryNode[], Map<string, CategoryNode>>();

/** Categories by id, built once per list. */
export function categoryIndex(categories: readonly CategoryNode[]): Map<string, CategoryNode> {
  let byId = indexes.get(categories);
  if (!byId) indexes.set(categories, (byId = new Map(categories.map((c) => [c.id, c]))));
  return byId;
}

/**
 * Her taste from her purchases (latest first) and the categories of the products among them that the
 * catalog still has (`categoryOf`, by product id).
 */
export function shopperTaste(
  shopper: { preferredColors: string[]; purchases: { productId: string; size: string | null }[] },
  categoryOf: ReadonlyMap<string, string>,
  categories: CategoryNode[],
): ShopperTaste {
  const byId = categoryIndex(categories);
  const counts = new Map<string, Map<string, number>>();
  for (const { productId, size } of shopper.purchases) {
    const category = categoryOf.get(productId);
    if (!category || !size) continue;
    const department = departmentOf(category, byId);
    const sizes = counts.get(department) ?? new Map<string, number>();
    sizes.set(size, (sizes.get(size) ?? 0) + 1);
    counts.set(department, sizes);
  }
  return {
    // Most bought first; among equals, the latest bought (purchases come latest first).
    sizesByDepartment: Object.fromEntries([...counts].map(([department, sizes]) => [department, [...sizes].sort((a, b) => b[1] - a[1]).map(([size]) => size)])),
    colors: shopper.preferredColors,
    boughtProductIds: shopper.purchases.map((p) => p.productId),
    boughtCategoryIds: [...new Set(shopper.purchases.flatMap((p) => categoryOf.get(p.productId) ?? []))],
  };
}

/** The size she buys most in this product's department that it comes in, or null. */
export function sizeFor(product: ProductLike, taste: ShopperTaste, categories: CategoryNode[]): string | null {
  if (!product.category) return null;
  const mine = taste.sizesByDepartment[departmentOf(product.category.id, categoryIndex(categories))] ?? [];
  const sizes = new Set(product.variants.map((v) => folded(v.size)));
  return mine.find((size) => sizes.has(folded(size))) ?? null;
}

/** Why a product suits her: her size in its department, her colours, a category she buys from. */
export function tasteReasons(product: ProductLike, taste: ShopperTaste, categories: CategoryNode[]): { size: string | null; color: string | null; category: boolean } {
  const colours = new Set(product.variants.map((v) => folded(v.color)));
  return {
    size: sizeFor(product, taste, categories),
    color: taste.colors.find((color) => colours.has(folded(color))) ?? null,
    category: product.category !== null && taste.boughtCategoryIds.includes(product.category.id),
  };
}

const LOOK_KEYS = new Set(['style', 'season']);

/** The top-level category (department) of a category. */
export function departmentOf(categoryId: string, byId: Map<string, CategoryNode>): string {
  let current = byId.get(categoryId);
  for (let guard = 0; current?.parentId && byId.has(current.parentId) && guard < 20; guard++) current = byId.get(current.parentId);
  return current?.id ?? categoryId;
}

/** The departments to look in: the product's own, and those that are not parallel to it. */
export function complementDepartments(categoryId: string, categories: CategoryNode[]): string[] {
  const byId = categoryIndex(categories);
  const own = departmentOf(categoryId, byId);
  const childNames = (department: string) => new Set(categories.filter((c) => c.parentId === department).map((c) => c.name.toLowerCase()));
  const ownNames = childNames(own);
  return categories
    .filter((c) => c.parentId === null || !byId.has(c.parentId))
    .map((c) => c.id)
    .filter((department) => department === own || ![...childNames(department)].some((name) => ownNames.has(name)));
}

function seasonsMatch(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return true;
  return a === b || a === 'all-season' || b === 'all-season';
}

/**
 * How well a candidate goes with the product, by the look alone: null when it cannot (the product
 * itself, its own category, another kind of goods, a clashing season), else a score: the same style
 * (4), the same season (1), a shared colour (1), the product's own department (1).
 */
export function lookScorer(product: ProductLike, categories: CategoryNode[]): (candidate: ProductLike) => number | null {
  if (!product.category) return () => null;
  const byId = categoryIndex(categories);
  const ownDepartment = departmentOf(product.category.id, byId);
  const kinds = Object.keys(product.attributes).filter((key) => !LOOK_KEYS.has(key));
  const colours = new Set(product.variants.map((v) => v.color?.toLowerCase()).filter(Boolean));
  return (c) => {
    if (c.id === product.id || !c.category || c.category.id === product.category!.id) return null;
    if (kinds.length > 0 && !kinds.some((key) => key in c.attributes)) return null;
    if (!seasonsMatch(product.attributes.season, c.attributes.season)) return null;
    let score = 0;
    if (product.attributes.style !== undefined && c.attributes.style === product.attributes.style) score += 4;
    if (product.attributes.season !== undefined && c.attributes.season === product.attributes.season) score += 1;
    if (c.variants.some((v) => colours.has(v.color?.toLowerCase()))) score += 1;
    if (departmentOf(c.category.id, byId) === ownDepartment) score += 1;
    return score;
  };
}

export function pickComplements<T extends ProductLike>({
  product,
  categories,
  candidates,
  limit = 4,
  taste,
}: {
  product: ProductLike;
  categories: CategoryNode[];
  candidates: T[];
  limit?: number;
  taste?: ShopperTaste | undefined;
}): T[] {
  if (!product.category) return [];
  const byId = categoryIndex(categories);
  const ownDepartment = departmentOf(product.category.id, byId);
  const look = lookScorer(product, categories);
  const scored = candidates
    .filter((c) => !taste?.boughtProductIds.includes(c.id))
    .flatMap((c) => {
      let score = look(c);
      if (score === null) return [];
      if (taste) {
        const suits = tasteReasons(c, taste, categories);
        if (suits.size !== null) score += 2;
        if (suits.color !== null) score += 1;
        if (suits.category) score += 1;
      }
      return [{ c, score, department: departmentOf(c.category!.id, byId) }];
    })
    .sort((a, b) => b.score - a.score);
  const picked: T[] = [];
  const usedCategories = new Set<string>();
  let fromOwn = 0;
  for (const { c, department } of scored) {
    if (picked.length >= limit) break;
    // One per kind of item: Femme's and Homme's "Pantalons et jeans" are one kind.
    const kind = byId.get(c.category!.id)?.name.toLowerCase() ?? c.category!.id;
    if (usedCategories.has(kind)) continue;
    if (department === ownDepartment && fromOwn >= Math.ceil(limit / 2)) continue;
    usedCategories.add(kind);
    if (department === ownDepartment) fromOwn += 1;
    picked.push(c);
  }
  return picked;
}
