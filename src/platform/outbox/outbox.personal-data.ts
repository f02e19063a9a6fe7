import type { PersonalDataHandler } from '../personal-data.js';

/**
 * Domain events that name the person (a cart update, a tracked event, a till sale with its buyer):
 * removed with them, delivered or not. Payloads are JSON text on both engines, so one LIKE per id finds
 * them; the scan is the price of keeping events self-contained.
 */
export const outboxPersonalData: PersonalDataHandler = {
  name: 'domainEvents',
  async export(db, person) {
    const rows = await db
      .selectFrom('domain_events')
      .select(['id', 'type', 'occurred_at', 'payload'])
      .where((eb) => eb.or(person.profileIds.map((id) => eb('payload', 'like', `%"${id}"%`))))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
  },
  async erase(db, person) {
    for (const id of person.profileIds) {
      const naming = db.selectFrom('domain_events').select('id').where('payload', 'like', `%"${id}"%`);
      await db.deleteFrom('event_deliveries').where('event_id', 'in', naming).execute();
      await db.deleteFrom('domain_events').where('payload', 'like', `%"${id}"%`).execute();
    }
  },
};
