import type { Deps } from '../../platform/context.js';

// Replaced by the CSV importer (work in progress in this commit).
export async function importProductsFile(_deps: Deps, _file: string, _options: { skipErrors: boolean }): Promise<number> {
  throw new Error('CSV import is not written yet');
}
