export const personalizationErrorStatus = {
  'personalization.consent_required': 409,
  'personalization.pass_invalid': 401,
  'personalization.consent_withdrawn': 403,
} as const satisfies Record<string, number>;
