import type { PersonalDataHandler } from '../../platform/personal-data.js';

/** Messages (their bodies name the person), journey runs and push devices go with the person. */
export const engagementPersonalData: PersonalDataHandler = {
  name: 'engagement',
  async export(db, person) {
    return {
      messages: await db.selectFrom('messages').selectAll().where('profile_id', 'in', person.profileIds).orderBy('created_at').execute(),
      journeyRuns: await db.selectFrom('journey_runs').selectAll().where('profile_id', 'in', person.profileIds).orderBy('entered_at').execute(),
      pushDevices: await db.selectFrom('push_subscriptions').select(['id', 'device', 'created_at', 'last_success_at']).where('profile_id', 'in', person.profileIds).execute(),
    };
  },
  async erase(db, person) {
    await db.deleteFrom('messages').where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('journey_runs').where('profile_id', 'in', person.profileIds).execute();
    await db.deleteFrom('push_subscriptions').where('profile_id', 'in', person.profileIds).execute();
  },
};
