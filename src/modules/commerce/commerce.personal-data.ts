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

/**
 * Carts (with their lines and events), wishlists, loyalty and personal codes are the person's; they
 * go with them. Orders stay for the accounts, without identity: no profile, no address.
 */
export const commercePersonalData: PersonalDataHandler = {
  name: 'commerce',
  async export(db, person) {
    const cartIds = await cartIdsOf(db, person);
    return {
      carts: cartIds.length ? await db.selectFrom('carts').selectAll().where('id', 'in', cartIds).orderBy('created_at').execute() : [],
      cartItems: cartIds.length ? await db.selectFrom('cart_items').selectAll().where('cart_id', 'in', cartIds).orderBy('added_at').execute() : [],
      wishlist: await db.selectFrom('wishlist_items').selectAll().where('profile_id', 'in', person.profileIds).orderBy('added_at').execute(),
      orders: await db.selectFrom('orders').selectAll().where('profile_id', 'in', person.profileIds).orderBy('placed_at').execute(),
      orderLines: await db
        .selectFrom('order_lines')
        .selectAll()
        .where('order_id', 'in', db.selectFrom('orders').select('id').where('profile_id', 'in', person.profileIds))
        .orderBy('order_id')
        .orderBy('line_no')
        .execute(),
      loyalty: await db.selectFrom('loyalty_accounts').selectAll().where('profile_id', 'in', person.profileIds).execute(),
      loyaltyEntries: await db.selectFrom('loyalty_entries').selectAll().where('profile_id', 'in', person.profileIds).orderBy('created_at').execute(),
      promotionCodes: await db.selectFrom('promotion_codes').selectAll().where('profile_id', 'in', person.profileIds).orderBy('created_at').execute(),
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
    await db.updateTable('orders').set({ profile_id: null, address: null }).where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('loyalty_entries').where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('loyalty_accounts').where('profile_id', 'in', person.profileIds).execute();
    await db.updateTable('promotion_codes').set({ profile_id: null }).where('profile_id', 'in', person.profileIds).where('redeemed_count', '>', 0).execute();
    await db.deleteFrom('promotion_codes').where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('event_deliveries').where('event_id', 'in', db.selectFrom('domain_events').select('id').where('subject_id', 'in', person.profileIds)).execute();
    await db.deleteFrom('domain_events').where('subject_id', 'in', person.profileIds).execute();
  },
};
