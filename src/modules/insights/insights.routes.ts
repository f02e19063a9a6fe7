import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../platform/http/common.schemas.js';
import { ctxOf } from '../../platform/http/request-ctx.js';
import { problemResponses, type RoutesOptions } from '../../platform/http/route-helpers.js';
import { AppError } from '../../platform/errors.js';
import { setWatchedEvents } from '../../platform/outbox/watches.js';
import { attributionReport, getOrderAttribution } from './attribution.service.js';
import {
  AttributionReport,
  AttributionReportQuery,
  OrderAttribution,
  SurveyAnswer,
  SurveyAnswerBody,
  SurveyReport,
  SurveyReportQuery,
  SurveyTokenParams,
  SurveyView,
} from './insights.schemas.js';
import { invalidScoreText, surveyFormPage, surveyProblemPage, surveyThanksPage, type Locale } from './survey-page.js';
import { answerSurvey, getSurvey, surveyReport } from './surveys.service.js';

const STAFF = ['admin', 'marketer', 'agent', 'associate'] as const;
const MARKETING = ['admin', 'marketer'] as const;
const PageQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])) });
const PageParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 400 }) });

/**
 * Surveys (the page and API the link leads to, a report) and attribution (per order, a report).
 * The survey routes are public: the signed token is the key (survey-token.ts).
 */
export const insightsRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  const db = deps.database.kysely;
  // Ingestion publishes only the tracked events someone watches: answers from any channel.
  await setWatchedEvents(db, 'insights.surveys', ['Survey Answered']);
  // The survey page's form posts a form body.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, body));

  app.get(
    '/v1/surveys/:token',
    {
      config: { access: 'public' },
      schema: { tags: ['surveys'], summary: 'The survey a link leads to: the order, the questions, the answer already given', params: SurveyTokenParams, response: { 200: SurveyView, ...problemResponses(400, 403, 404) } },
    },
    async (request) => getSurvey(db, request.params.token),
  );

  app.post(
    '/v1/surveys/:token/answers',
    {
      config: { access: 'public' },
      schema: {
        tags: ['surveys'],
        summary: 'Answer the survey (a second answer replaces the first); `keepOffers: true` records consent to new-product offers by email',
        params: SurveyTokenParams,
        body: SurveyAnswerBody,
        response: { 201: SurveyAnswer, ...problemResponses(400, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await answerSurvey(db, deps.clock, request.params.token, request.body)),
  );

  // The page: not an API operation (hidden from the OpenAPI document), HTML for people.
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const problemPage = (reply: FastifyReply, locale: Locale, error: unknown) => {
    if (error instanceof AppError && (error.code === 'insights.survey_not_found' || error.code === 'insights.order_not_found')) return html(reply, 404, surveyProblemPage(locale, 'not_found'));
    if (error instanceof AppError && error.code === 'insights.not_your_order') return html(reply, 403, surveyProblemPage(locale, 'not_yours'));
    throw error;
  };

  app.get(
    '/v1/surveys/:token/page',
    { config: { access: 'public' }, schema: { hide: true, params: PageParams, querystring: PageQuery } },
    async (request, reply) => {
      const fallback: Locale = request.query.lang ?? 'fr';
      try {
        const survey = await getSurvey(db, request.params.token);
        return html(reply, 200, surveyFormPage(survey, request.query.lang ?? survey.locale));
      } catch (error) {
        return problemPage(reply, fallback, error);
      }
    },
  );

  app.post(
    '/v1/surveys/:token/page',
    { config: { access: 'public' }, schema: { hide: true, params: PageParams, querystring: PageQuery } },
    async (request, reply) => {
      const fallback: Locale = request.query.lang ?? 'fr';
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const raw = form.get('score');
      const score = raw !== null && /^\d{1,2}$/.test(raw) ? Number(raw) : null;
      const comment = (form.get('comment') ?? '').slice(0, 2000);
      const keepOffers = form.get('keepOffers') !== null;
      try {
        const survey = await getSurvey(db, request.params.token);
        const locale = request.query.lang ?? survey.locale;
        if (score === null || score > 10) return html(reply, 400, surveyFormPage(survey, locale, { error: invalidScoreText(locale), score: null, comment }));
        await answerSurvey(db, deps.clock, request.params.token, { score, comment, keepOffers });
        return html(reply, 200, surveyThanksPage(locale, keepOffers));
      } catch (error) {
        return problemPage(reply, fallback, error);
      }
    },
  );

  app.get(
    '/v1/insights/surveys',
    {
      config: { access: STAFF },
      schema: {
        tags: ['insights'],
        summary: 'Survey answers, average score and NPS in all, per store and per order channel; associates see their own store',
        querystring: SurveyReportQuery,
        response: { 200: SurveyReport, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => surveyReport(ctxOf(request, deps), request.query),
  );

  app.get(
    '/v1/orders/:id/attribution',
    {
      config: { access: STAFF },
      schema: {
        tags: ['insights'],
        summary: "The order's path: first and last touch in the 30 days before it, and the journey credited with it; associates see their store's orders",
        params: IdParams,
        response: { 200: OrderAttribution, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => getOrderAttribution(ctxOf(request, deps), request.params.id),
  );

  app.get(
    '/v1/insights/attribution',
    {
      config: { access: MARKETING },
      schema: {
        tags: ['insights'],
        summary: 'Orders and revenue per touch source, medium and campaign (first or last touch) and per credited journey',
        querystring: AttributionReportQuery,
        response: { 200: AttributionReport, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => attributionReport(ctxOf(request, deps), request.query),
  );
};
