import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { StaffAccountTable } from './staff.tables.js';

export type StaffRow = Selectable<StaffAccountTable>;

export function findStaffByEmail(db: Kysely<DB>, email: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findStaffById(db: Kysely<DB>, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listStaff(db: Kysely<DB>, page: { after?: string | undefined; limit: number; role?: string | undefined; q?: string | undefined }): Promise<StaffRow[]> {
  let query = db.selectFrom('staff_accounts').selectAll().orderBy('id').limit(page.limit + 1);
  if (page.after) query = query.where('id', '>', page.after);
  if (page.role) query = query.where('role', '=', page.role);
  if (page.q) {
    const like = `%${page.q.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb('email', 'like', like)]));
  }
  return query.execute();
}
