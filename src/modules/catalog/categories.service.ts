import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Category, CategoryList, CreateCategoryBody, UpdateCategoryBody } from './catalog.schemas.js';
import { categoryNameChains, chunks, inTransaction, refreshSearchTerms, uniqueViolation, type CategoryRow } from './products.repo.js';

export function toCategory(row: CategoryRow): Category {
  return { id: row.id, slug: row.slug, name: row.name, nameEn: row.name_en, parentId: row.parent_id, position: row.position };
}

/** A category by id or slug. */
export function findCategory(db: Kysely<DB>, idOrSlug: string): Promise<CategoryRow | undefined> {
  return db
    .selectFrom('categories')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .orderBy((eb) => eb.case().when('id', '=', idOrSlug).then(0).else(1).end())
    .executeTakeFirst();
}

/** Depth first: parents before their children, siblings by position then name. */
function treeOrder(rows: CategoryRow[]): CategoryRow[] {
  const children = new Map<string | null, CategoryRow[]>();
  const ids = new Set(rows.map((row) => row.id));
  for (const row of rows) {
    // A parent that no longer exists leaves its children at the top rather than hidden.
    const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: CategoryRow[] = [];
  const visit = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'fr'));
    for (const row of list) {
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}

export async function listCategories(ctx: Pick<Ctx, 'db'>): Promise<CategoryList> {
  const rows = await ctx.db.selectFrom('categories').selectAll().execute();
  return { items: treeOrder(rows).map(toCategory) };
}

/** The ids of a category and of every category below it. */
export async function categorySubtree(db: Kysely<DB>, rootId: string): Promise<string[]> {
  const rows = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const subtree = new Set([rootId]);
  // Repeat until stable: a few passes for any realistic depth, and immune to cycles.
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (row.parent_id && subtree.has(row.parent_id) && !subtree.has(row.id)) {
        subtree.add(row.id);
        grew = true;
      }
    }
  }
  return [...subtree];
}

async function resolveParent(db: Kysely<DB>, parent: string | null | undefined): Promise<string | null> {
  if (!parent) return null;
  const row = await findCategory(db, parent);
  if (!row) {
    throw new AppError('catalog.unknown_category', `No category ${parent} to be the parent`, { errors: [{ path: 'body/parentId', message: 'is not a known category id or slug' }] });
  }
  return row.id;
}

function slugTaken(slug: string): AppError {
  return new AppError('catalog.duplicate_slug', `A category already has the slug ${slug}`, { errors: [{ path: 'body/slug', message: 'is already used' }] });
}

export async function createCategory(ctx: Ctx, input: CreateCategoryBody): Promise<Category> {
  const row: CategoryRow = {
    id: newId('cat'),
    slug: input.slug,
    name: input.name,
    name_en: input.nameEn ?? null,
    parent_id: await resolveParent(ctx.db, input.parentId),
    position: input.position ?? 0,
  };
  if (await findCategory(ctx.db, input.slug)) throw slugTaken(input.slug);
  try {
    await ctx.db.insertInto('categories').values(row).execute();
  } catch (error) {
    if (uniqueViolation(error) === 'slug') throw slugTaken(input.slug);
    throw error;
  }
  return toCategory(row);
}

/**
 * Renaming or moving a category changes the words its products are found by (their category
 * names and those of its ancestors), so their search terms are rewritten in the same transaction.
 */
export async function updateCategory(ctx: Ctx, id: string, input: UpdateCategoryBody): Promise<Category> {
  const updated = await inTransaction(ctx.db, async (db) => {
    const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('catalog.category_not_found', `No category ${id}`);
    let parentId = row.parent_id;
    if (input.parentId !== undefined) {
      parentId = await resolveParent(db, input.parentId);
      if (parentId && (await categorySubtree(db, id)).includes(parentId)) {
        throw new AppError('catalog.category_cycle', 'A category cannot be placed under itself or one of its sub-categories', {
          errors: [{ path: 'body/parentId', message: 'is this category or one below it' }],
        });
      }
    }
    if (input.slug !== undefined && input.slug !== row.slug) {
      const other = await db.selectFrom('categories').select('id').where('slug', '=', input.slug).executeTakeFirst();
      if (other) throw slugTaken(input.slug);
    }
    const next: CategoryRow = {
      ...row,
      slug: input.slug ?? row.slug,
      name: input.name ?? row.name,
      name_en: input.nameEn === undefined ? row.name_en : input.nameEn,
      parent_id: parentId,
      position: input.position ?? row.position,
    };
    await db.updateTable('categories').set(next).where('id', '=', id).execute();
    if (next.name !== row.name || next.name_en !== row.name_en || next.parent_id !== row.parent_id) {
      const chains = await categoryNameChains(db);
      const subtree = await categorySubtree(db, id);
      const products = await db.selectFrom('products').select('id').where('category_id', 'in', subtree).execute();
      for (const part of chunks(products.map((p) => p.id), 500)) await refreshSearchTerms(db, part, chains);
    }
    return next;
  }).catch((error: unknown) => {
    if (uniqueViolation(error) === 'slug' && input.slug) throw slugTaken(input.slug);
    throw error;
  });
  return toCategory(updated);
}

/**
 * The ids of categories named by slug in an import; the missing ones are created with the slug as
 * their name (an admin renames them later), so a file can be imported into an empty catalog.
 */
export async function ensureCategorySlugs(db: Kysely<DB>, slugs: readonly string[]): Promise<{ ids: Map<string, string>; created: string[] }> {
  const ids = new Map<string, string>();
  for (const part of chunks([...new Set(slugs)], 500)) {
    for (const row of await db.selectFrom('categories').select(['id', 'slug']).where('slug', 'in', part).execute()) ids.set(row.slug, row.id);
  }
  const created = [...new Set(slugs)].filter((slug) => !ids.has(slug));
  for (const slug of created) {
    const id = newId('cat');
    await db.insertInto('categories').values({ id, slug, name: slug, name_en: null, parent_id: null, position: 0 }).execute();
    ids.set(slug, id);
  }
  return { ids, created };
}
