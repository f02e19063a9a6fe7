import type { PersonalDataHandler } from './platform/personal-data.js';
import { outboxPersonalData } from './platform/outbox/outbox.personal-data.js';
import { commercePersonalData } from './modules/commerce/commerce.personal-data.js';
import { engagementPersonalData } from './modules/engagement/engagement.personal-data.js';
import { insightsPersonalData } from './modules/insights/insights.personal-data.js';

/** Every module's personal data beyond the identity module's own tables. */
export function personalDataHandlers(): PersonalDataHandler[] {
  // The outbox last: the other modules' erasure may still read the events about the person.
  return [commercePersonalData, engagementPersonalData, insightsPersonalData, outboxPersonalData];
}
