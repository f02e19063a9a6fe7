import type { Transport } from './http.js';
import { seg } from './http.js';
import type {
  AttributionReport,
  AttributionReportQuery,
  OrderAttribution,
  SurveyAnswer,
  SurveyAnswerBody,
  SurveyReport,
  SurveyReportQuery,
  SurveyView,
} from '../src/modules/insights/insights.schemas.js';

export function insightsApi(call: Transport) {
  return {
    surveys: {
      /**
       * The survey a link leads to (no sign-in: the token from the link is the key).
       * @example const survey = await client.surveys.get(token);
       */
      get: (token: string) => call<SurveyView>('GET', `/v1/surveys/${seg(token)}`),
      /**
       * Answers it; a second answer replaces the first. `keepOffers: true` records consent to new-product offers by email.
       * @example await client.surveys.answer(token, { score: 9, comment: 'Parfait', keepOffers: true })
       */
      answer: (token: string, body: SurveyAnswerBody) => call<SurveyAnswer>('POST', `/v1/surveys/${seg(token)}/answers`, { body }),
      /**
       * Answers, average score and NPS per store and per order channel (staff; associates see their store).
       * @example await marketer.surveys.report({ from: '2026-12-01T00:00:00Z', storeId })
       */
      report: (query: Partial<SurveyReportQuery> = {}) => call<SurveyReport>('GET', '/v1/insights/surveys', { query }),
    },
    attribution: {
      /**
       * An order's first and last touch and the journey credited with it.
       * @example const path = await marketer.attribution.ofOrder(order.id);
       */
      ofOrder: (orderId: string) => call<OrderAttribution>('GET', `/v1/orders/${seg(orderId)}/attribution`),
      /**
       * Orders and revenue per touch source, medium, campaign and per credited journey.
       * @example await marketer.attribution.report({ model: 'first_touch' })
       */
      report: (query: Partial<AttributionReportQuery> = {}) => call<AttributionReport>('GET', '/v1/insights/attribution', { query }),
    },
  };
}
