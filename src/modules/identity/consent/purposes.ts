/** What a person may agree to, one by one. */
export const PURPOSES = ['marketing_email', 'marketing_push', 'marketing_sms', 'personalization', 'location', 'analytics'] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * Without a recorded choice: marketing, personalisation and location need an opt-in (GDPR, CNIL);
 * audience measurement is on until refused (the CNIL exemption for first-party analytics).
 */
export const DEFAULT_CONSENT: Record<Purpose, boolean> = {
  marketing_email: false,
  marketing_push: false,
  marketing_sms: false,
  personalization: false,
  location: false,
  analytics: true,
};

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

const SEGMENT_CATEGORIES: Record<string, Purpose[]> = {
  analytics: ['analytics'],
  personalization: ['personalization'],
  personalisation: ['personalization'],
  location: ['location'],
  marketing: ['marketing_email', 'marketing_push', 'marketing_sms'],
  advertising: ['marketing_email', 'marketing_push', 'marketing_sms'],
};

/**
 * Choices carried by an event's `context.consent.categoryPreferences` (Segment's consent object):
 * our purpose names, or Segment-style categories (`Analytics`, `Advertising`, …), any case.
 */
export function consentFromEvent(context: Record<string, unknown>): Partial<Record<Purpose, boolean>> {
  const consent = context.consent;
  if (typeof consent !== 'object' || consent === null) return {};
  const preferences = (consent as { categoryPreferences?: unknown }).categoryPreferences;
  if (typeof preferences !== 'object' || preferences === null) return {};
  const result: Partial<Record<Purpose, boolean>> = {};
  for (const [key, value] of Object.entries(preferences)) {
    if (typeof value !== 'boolean') continue;
    const name = key.trim().toLowerCase();
    const purposes = isPurpose(name) ? [name] : (SEGMENT_CATEGORIES[name] ?? []);
    for (const purpose of purposes) result[purpose] = value;
  }
  return result;
}

/** On a merge the most restrictive choice wins: one refusal is enough. */
export function mostRestrictive(values: (boolean | undefined)[]): boolean | undefined {
  const known = values.filter((value): value is boolean => value !== undefined);
  if (known.length === 0) return undefined;
  return known.every(Boolean);
}
