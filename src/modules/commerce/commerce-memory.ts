import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import { DEFAULT_COMMERCE_SETTINGS, type CommerceSettings } from './commerce-settings.js';
import type { PromotionTable } from './commerce.tables.js';
import type { Promotion as PricingPromotion } from './pricing.js';
import { revisionOf } from '../catalog/revisions.js';
import { deepFreeze } from '../../platform/deep-freeze.js';

/**
 * What every checkout and cart read needs and rarely changes, kept between requests of one process:
 * the active promotions (as pricing takes them), the category tree (for promotion targets) and the
 * commerce settings. Promotion codes and their redemptions are never kept: they are read live, so a
 * single-use code stays exact.
 *
 * Freshness: triggers change the 'commerce' revision on every change to promotions, categories or
 * commerce settings, whoever writes (the API, an import, a SQL fix; see the migration
 * `commerce_revision`). A request reads the revision once (one primary-key lookup) and loads
 * everything again when it moved, reading the revision before the rows, so what it keeps is at least
 * as new as that revision.
 *
 * The revision is a random stamp rather than a counter, because checkout reads it inside its
 * transaction: a transaction that changed a promotion sees its own new stamp, and if it rolls back,
 * the stamp it saw never comes back (a counter would come back with the next change and match what
 * the rolled-back transaction left here).
 */
export interface CommerceMemory {
  readonly revision: string;
  /** Active promotions, frozen: copy the array to add to it. */
  readonly promotions: readonly PricingPromotion[];
  /** A category and its parents, nearest first. */
  lineage(categoryId: string | null): string[];
  /** Frozen. */
  readonly settings: CommerceSettings;
}

const memories = new WeakMap<object, CommerceMemory>();

type SettingsKey = keyof CommerceSettings;
const KEYS = Object.keys(DEFAULT_COMMERCE_SETTINGS) as SettingsKey[];

/** The memory at the database's current revision (inside a transaction: as that transaction sees it). */
export async function commerceMemory(db: Kysely<DB>): Promise<CommerceMemory> {
  const revision = await revisionOf(db, 'commerce');
  // A transaction's Kysely is a new object each time; its adapter is its database's (one per Kysely instance).
  const key = db.getExecutor().adapter;
  const kept = memories.get(key);
  if (kept && revision !== undefined && kept.revision === revision) return kept;
  const memory = await load(db, revision ?? '');
  if (revision !== undefined) memories.set(key, memory);
  return memory;
}

async function load(db: Kysely<DB>, revision: string): Promise<CommerceMemory> {
  const promotionRows = await db.selectFrom('promotions').selectAll().where('active', '=', 1).execute();
  const categoryRows = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const settingRows = await db.selectFrom('commerce_settings').select(['key', 'value']).execute();
  const parent = new Map(categoryRows.map((r) => [r.id, r.parent_id]));
  const settings = structuredClone(DEFAULT_COMMERCE_SETTINGS);
  for (const row of settingRows) if ((KEYS as string[]).includes(row.key)) (settings as unknown as Record<string, unknown>)[row.key] = JSON.parse(row.value) as unknown;
  return Object.freeze({
    revision,
    promotions: deepFreeze(promotionRows.map(toPricing)),
    lineage(categoryId: string | null): string[] {
      const out: string[] = [];
      for (let id = categoryId; id && !out.includes(id); id = parent.get(id) ?? null) out.push(id);
      return out;
    },
    settings: deepFreeze(settings),
  });
}

export function toPricing(row: Selectable<PromotionTable>): PricingPromotion {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    value: row.value,
    target: JSON.parse(row.target) as PricingPromotion['target'],
    conditions: JSON.parse(row.conditions) as PricingPromotion['conditions'],
    requiresCode: row.requires_code === 1,
    stackable: row.stackable === 1,
    priority: row.priority,
  };
}
