export const engagementErrorStatus = {
  'engagement.invalid_definition': 400,
  'engagement.unknown_template': 404,
  'engagement.journey_not_found': 404,
  'engagement.step_not_available': 422,
  'engagement.webhook_not_found': 404,
} as const satisfies Record<string, number>;
