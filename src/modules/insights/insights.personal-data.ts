import type { PersonalDataHandler } from '../../platform/personal-data.js';

/**
 * Survey answers are the person's words: exported, and deleted on erasure. An order's attribution
 * keeps its figures for the reports (as the order itself does) but loses who it was and which of
 * their events were the touches.
 */
export const insightsPersonalData: PersonalDataHandler = {
  name: 'insights',
  async export(db, person) {
    return {
      surveyAnswers: await db.selectFrom('survey_answers').selectAll().where('profile_id', 'in', person.profileIds).orderBy('answered_at').execute(),
      orderAttributions: await db.selectFrom('order_attributions').selectAll().where('profile_id', 'in', person.profileIds).orderBy('placed_at').execute(),
    };
  },
  async erase(db, person) {
    await db.deleteFrom('survey_answers').where('profile_id', 'in', person.profileIds).execute();
    const rows = await db.selectFrom('order_attributions').select(['order_id', 'first_touch', 'last_touch']).where('profile_id', 'in', person.profileIds).execute();
    for (const row of rows) {
      const strip = (json: string | null) => {
        if (!json) return null;
        return JSON.stringify({ ...(JSON.parse(json) as Record<string, unknown>), eventId: null });
      };
      await db
        .updateTable('order_attributions')
        .set({ profile_id: null, first_touch: strip(row.first_touch), last_touch: strip(row.last_touch), credited_run_id: null })
        .where('order_id', '=', row.order_id)
        .execute();
    }
  },
};
