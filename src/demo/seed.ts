import type { Deps } from '../platform/context.js';

export interface SeedOptions {
  customers: number;
  seed: number;
  onProgress?: (line: string) => void;
}

export interface SeedSummary {
  stores: number;
  warehouses: number;
  products: number;
  variants: number;
  sources: number;
  staff: number;
  customers: number;
  events: number;
}

export async function isDemoLoaded(deps: Deps): Promise<boolean> {
  const row = await deps.database.kysely.selectFrom('locations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

// Replaced by the generator (work in progress in this commit).
export async function seedDemo(_deps: Deps, _options: SeedOptions): Promise<SeedSummary> {
  throw new Error('The StyleNow demo generator is not written yet');
}
