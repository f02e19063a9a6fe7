import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { LocationTable } from './catalog.tables.js';

export type LocationRow = Selectable<LocationTable>;

export async function findStore(ctx: Pick<Ctx, 'db'>, id: string): Promise<LocationRow | undefined> {
  return ctx.db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** True when a location (store or warehouse) with this id exists. */
export async function storeExists(ctx: Pick<Ctx, 'db'>, id: string): Promise<boolean> {
  return (await ctx.db.selectFrom('locations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
