import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Person, PersonalDataHandler } from '../../platform/personal-data.js';

async function cartIdsOf(db: Kysely<DB>, person: Person): Promise<string[]> {
  const devices = person.identifiers.filter((i) => i.type === 'anonymousId').map((i) => i.value);
  const rows = await db
    .selectFrom('carts')
    .select('id')
    .where((eb) => eb.or([eb('profile_id', 'in', person.profileIds), ...(devices.length ? [eb('anonymous_id', 'in', devices)] : [])]))
    .execute();
  return rows.map((r) => r.id);
}

/** Carts (with their lines and events) and wishlists are the person's; they go with them. */
export const commercePersonalData: PersonalDataHandler = {
  name: 'commerce',
  async export(db, person) {
    const cartIds = await cartIdsOf(db, person);
    return {
      carts: cartIds.length ? await db.selectFrom('carts').selectAll().where('id', 'in', cartIds).orderBy('created_at').execute() : [],
      cartItems: cartIds.length ? await db.selectFrom('cart_items').selectAll().where('cart_id', 'in', cartIds).orderBy('added_at').execute() : [],
      wishlist: await db.selectFrom('wishlist_items').selectAll().where('profile_id', 'in', person.profileIds).orderBy('added_at').execute(),
    };
  },
  async erase(db, person) {
    const cartIds = await cartIdsOf(db, person);
    for (let i = 0; i < cartIds.length; i += 500) {
      const chunk = cartIds.slice(i, i + 500);
      await db.deleteFrom('cart_items').where('cart_id', 'in', chunk).execute();
      await db.deleteFrom('event_deliveries').where('event_id', 'in', db.selectFrom('domain_events').select('id').where('subject_id', 'in', chunk)).execute();
      await db.deleteFrom('domain_events').where('subject_id', 'in', chunk).execute();
      await db.deleteFrom('carts').where('id', 'in', chunk).execute();
    }
    await db.deleteFrom('wishlist_items').where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('event_deliveries').where('event_id', 'in', db.selectFrom('domain_events').select('id').where('subject_id', 'in', person.profileIds)).execute();
    await db.deleteFrom('domain_events').where('subject_id', 'in', person.profileIds).execute();
  },
};
