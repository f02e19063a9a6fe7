export const insightsErrorStatus = {
  'insights.survey_not_found': 404,
  'insights.order_not_found': 404,
  'insights.not_your_order': 403,
  'insights.attribution_not_found': 404,
} as const satisfies Record<string, number>;
