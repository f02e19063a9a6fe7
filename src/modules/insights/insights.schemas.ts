import { Type, type Static, type TSchema } from 'typebox';
import { SURVEY_TOKEN_PATTERN } from './survey-token.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Bilingual = Type.Object({ fr: Type.String(), en: Type.String() });

export const SurveyTokenParams = Type.Object({ token: Type.String({ pattern: SURVEY_TOKEN_PATTERN, maxLength: 400, description: 'The signed token of a survey link' }) });

export const SurveyAnswer = Type.Object({
  id: Type.String(),
  survey: Type.String({ description: '`post_purchase`' }),
  orderId: Type.String(),
  profileId: Nullable(Type.String()),
  storeId: Nullable(Type.String({ description: "The order's store (pickup, ship to store, reserve and try, till), else the store the answer named" })),
  orderChannel: Type.String({ description: 'The channel the order was placed on' }),
  answerChannel: Type.String({ description: 'The channel the answer came from (`web` for the survey page and this API)' }),
  score: Type.Integer({ minimum: 0, maximum: 10 }),
  comment: Nullable(Type.String()),
  answeredAt: Type.String({ format: 'date-time' }),
});
export type SurveyAnswer = Static<typeof SurveyAnswer>;

export const SurveyView = Type.Object({
  survey: Type.String(),
  orderId: Type.String(),
  placedAt: Type.String({ format: 'date-time' }),
  orderChannel: Type.String(),
  storeId: Nullable(Type.String()),
  storeName: Nullable(Type.String()),
  locale: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
  questions: Type.Object({ score: Bilingual, comment: Bilingual, keepOffers: Type.Object({ fr: Type.String(), en: Type.String(), wordingVersion: Type.String() }) }),
  marketingEmailConsent: Type.Boolean({ description: 'Whether new-product offers by email are consented to now' }),
  answer: Nullable(SurveyAnswer),
});
export type SurveyView = Static<typeof SurveyView>;

export const SurveyAnswerBody = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 10, description: 'How likely to recommend us, 0 to 10' }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    keepOffers: Type.Optional(Type.Boolean({ description: 'true records consent to new-product offers by email (`marketing_email`); false or absent changes nothing' })),
  },
  { additionalProperties: false },
);
export type SurveyAnswerBody = Static<typeof SurveyAnswerBody>;

const Period = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'From this instant (included)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'To this instant (excluded)' })),
};

export const SurveyReportQuery = Type.Object(
  { ...Period, storeId: Type.Optional(Type.String({ maxLength: 100 })), channel: Type.Optional(Type.String({ maxLength: 40, description: 'The orders’ channel' })) },
  { additionalProperties: false },
);
export type SurveyReportQuery = Static<typeof SurveyReportQuery>;

const Summary = {
  answers: Type.Integer(),
  averageScore: Nullable(Type.Number()),
  nps: Nullable(Type.Number({ description: 'Promoters (9–10) minus detractors (0–6), in points from −100 to 100' })),
  promoters: Type.Integer(),
  passives: Type.Integer(),
  detractors: Type.Integer(),
};
export const SurveyReport = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  total: Type.Object(Summary),
  byStore: Type.Array(Type.Object({ storeId: Nullable(Type.String()), storeName: Nullable(Type.String()), ...Summary })),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), ...Summary })),
});
export type SurveyReport = Static<typeof SurveyReport>;

export const Touch = Type.Object({
  kind: Type.Union([Type.Literal('campaign'), Type.Literal('email_click'), Type.Literal('push_open'), Type.Literal('store_visit')]),
  channel: Type.String(),
  source: Type.String(),
  medium: Type.String(),
  campaign: Nullable(Type.String()),
  term: Type.Optional(Nullable(Type.String())),
  content: Type.Optional(Nullable(Type.String())),
  journeyId: Type.Optional(Nullable(Type.String())),
  storeId: Type.Optional(Nullable(Type.String())),
  at: Type.String({ format: 'date-time' }),
  eventId: Nullable(Type.String()),
});

const Money = Type.Object({ amount: Type.Integer({ description: 'Integer minor units' }), currency: Type.String() });

export const OrderAttribution = Type.Object({
  orderId: Type.String(),
  orderChannel: Type.String(),
  placedAt: Type.String({ format: 'date-time' }),
  total: Money,
  lookbackDays: Type.Integer(),
  touches: Type.Integer({ description: 'Touches found in the lookback window' }),
  firstTouch: Nullable(Touch),
  lastTouch: Nullable(Touch),
  creditedJourney: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()), runId: Nullable(Type.String()) })),
});
export type OrderAttribution = Static<typeof OrderAttribution>;

export const AttributionReportQuery = Type.Object(
  { ...Period, model: Type.Optional(Type.Union([Type.Literal('first_touch'), Type.Literal('last_touch')], { default: 'last_touch' })) },
  { additionalProperties: false },
);
export type AttributionReportQuery = Static<typeof AttributionReportQuery>;

const Figures = { currency: Type.String(), orders: Type.Integer(), revenue: Type.Integer({ description: 'Integer minor units of `currency`' }) };
export const AttributionReport = Type.Object({
  model: Type.Union([Type.Literal('first_touch'), Type.Literal('last_touch')]),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  lookbackDays: Type.Integer(),
  bySource: Type.Array(Type.Object({ source: Nullable(Type.String({ description: 'null: orders with no touch (direct)' })), medium: Nullable(Type.String()), campaign: Nullable(Type.String()), ...Figures })),
  byJourney: Type.Array(Type.Object({ journeyId: Type.String(), journeyName: Nullable(Type.String()), ...Figures })),
  totals: Type.Array(Type.Object(Figures)),
});
export type AttributionReport = Static<typeof AttributionReport>;
