import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertStoreAccess } from '../../platform/http/auth.plugin.js';
import { getConsents, setConsents } from '../identity/consent/consent.service.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { recordPersonEvent } from '../engagement/person-events.js';
import { findOrderFacts, type OrderFacts } from './orders-read.js';
import { isScore, summariseScores } from './nps.js';
import { readSurveyToken } from './survey-token.js';
import type { SurveyAnswer, SurveyAnswerBody, SurveyReport, SurveyReportQuery, SurveyView } from './insights.schemas.js';

/**
 * Surveys: one answer per (survey, order). The rule for a second answer: the latest wins. An answer
 * given through the survey page or API is the person's latest word and replaces the stored one; an
 * answer carried by a tracked `Survey Answered` event replaces it only when its timestamp is later,
 * and the event that already wrote the row changes nothing when replayed.
 */
export const POST_PURCHASE = 'post_purchase';
/** The wording of the opt-in box, versioned: the consent records which text the person agreed to. */
export const KEEP_OFFERS_WORDING_VERSION = 'survey-offers-2026-12';
export const SURVEY_TEXTS = {
  score: { fr: 'Recommanderiez-vous StyleNow à un proche ? (0 : pas du tout, 10 : certainement)', en: 'How likely are you to recommend StyleNow to a friend? (0: not at all, 10: certainly)' },
  comment: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
  keepOffers: {
    fr: 'Je souhaite continuer à recevoir par email les offres sur les nouveaux produits.',
    en: 'I want to keep receiving offers on new products by email.',
    wordingVersion: KEEP_OFFERS_WORDING_VERSION,
  },
};

type AnswerRow = Awaited<ReturnType<typeof answerRow>>;

function answerRow(db: Kysely<DB>, survey: string, orderId: string) {
  return db.selectFrom('survey_answers').selectAll().where('survey', '=', survey).where('order_id', '=', orderId).executeTakeFirst();
}

export function answerView(row: NonNullable<AnswerRow>): SurveyAnswer {
  return {
    id: row.id,
    survey: row.survey,
    orderId: row.order_id,
    profileId: row.profile_id,
    storeId: row.store_id,
    orderChannel: row.order_channel,
    answerChannel: row.answer_channel,
    score: Number(row.score),
    comment: row.comment,
    answeredAt: row.answered_at,
  };
}

/** The person and order a token names, checked: a valid signature, an order of theirs. */
async function surveyTarget(db: Kysely<DB>, token: string): Promise<{ profileId: string; order: OrderFacts }> {
  const named = await readSurveyToken(db, token);
  if (!named) throw new AppError('insights.survey_not_found', 'This survey link is not valid (mistyped, or not from us)');
  const profileId = await liveProfileId(db, named.profileId);
  if (!profileId) throw new AppError('insights.survey_not_found', 'This survey link is no longer valid');
  const order = await findOrderFacts(db, named.orderId);
  if (!order) throw new AppError('insights.order_not_found', `No order ${named.orderId}`);
  const owner = order.profileId ? await liveProfileId(db, order.profileId) : undefined;
  if (owner !== profileId) throw new AppError('insights.not_your_order', `Order ${named.orderId} is not an order of the person this link was sent to`);
  return { profileId, order };
}

async function localeOf(db: Kysely<DB>, profileId: string): Promise<'fr' | 'en'> {
  const row = await db.selectFrom('profile_traits').select('value').where('profile_id', '=', profileId).where('name', 'in', ['language', 'locale']).executeTakeFirst();
  const language = row ? String(JSON.parse(row.value) as unknown).toLowerCase() : 'fr';
  return language.startsWith('en') ? 'en' : 'fr';
}

export async function getSurvey(db: Kysely<DB>, token: string): Promise<SurveyView> {
  const { profileId, order } = await surveyTarget(db, token);
  const [store, answer, consents, locale] = await Promise.all([
    order.storeId ? db.selectFrom('locations').select('name').where('id', '=', order.storeId).executeTakeFirst() : undefined,
    answerRow(db, POST_PURCHASE, order.id),
    getConsents(db, profileId),
    localeOf(db, profileId),
  ]);
  return {
    survey: POST_PURCHASE,
    orderId: order.id,
    placedAt: order.placedAt,
    orderChannel: order.channel,
    storeId: order.storeId,
    storeName: store?.name ?? null,
    locale,
    questions: SURVEY_TEXTS,
    marketingEmailConsent: consents.marketing_email.granted,
    answer: answer ? answerView(answer) : null,
  };
}

interface NewAnswer {
  survey: string;
  order: OrderFacts;
  profileId: string;
  storeId: string | null;
  answerChannel: string;
  score: number;
  comment: string | null;
  answeredAt: string;
  /** The tracked event carrying it; null for the page and API (the person's latest word). */
  eventId: string | null;
}

/** Stores an answer by the latest-wins rule; true when it changed what is stored. */
async function storeAnswer(db: Kysely<DB>, clock: Clock, answer: NewAnswer): Promise<boolean> {
  const now = clock.now().toISOString();
  const values = {
    profile_id: answer.profileId,
    store_id: answer.storeId,
    order_channel: answer.order.channel,
    answer_channel: answer.answerChannel,
    score: answer.score,
    comment: answer.comment,
    answered_at: answer.answeredAt,
    event_id: answer.eventId,
    updated_at: now,
  };
  const inserted = await db
    .insertInto('survey_answers')
    .values({ id: newId('sva', clock.now().getTime()), survey: answer.survey, order_id: answer.order.id, created_at: now, ...values })
    .onConflict((c) => c.columns(['survey', 'order_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  // One conditional statement: two answers at once cannot both win against an older one.
  let update = db.updateTable('survey_answers').set(values).where('survey', '=', answer.survey).where('order_id', '=', answer.order.id);
  if (answer.eventId !== null)
    update = update.where('answered_at', '<', answer.answeredAt).where((eb) => eb.or([eb('event_id', 'is', null), eb('event_id', '!=', answer.eventId)]));
  const updated = await update.executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * An answer through the survey link (page or API): stored, shown on the timeline as `Survey
 * Answered`, and, when the box is ticked, consent to new-product offers by email recorded.
 */
export async function answerSurvey(db: Kysely<DB>, clock: Clock, token: string, body: SurveyAnswerBody): Promise<SurveyAnswer> {
  if (!isScore(body.score)) throw new AppError('platform.validation_failed', 'The score is a whole number from 0 to 10', { errors: [{ path: 'body/score', message: 'must be an integer from 0 to 10' }] });
  const comment = body.comment?.trim() ? body.comment.trim() : null;
  return db.transaction().execute(async (trx) => {
    const { profileId, order } = await surveyTarget(trx, token);
    const at = clock.now().toISOString();
    await storeAnswer(trx, clock, { survey: POST_PURCHASE, order, profileId, storeId: order.storeId, answerChannel: 'web', score: body.score, comment, answeredAt: at, eventId: null });
    const row = (await answerRow(trx, POST_PURCHASE, order.id))!;
    if (body.keepOffers === true)
      await setConsents(trx, profileId, { marketing_email: true }, { channel: 'email', source: 'survey', wordingVersion: KEEP_OFFERS_WORDING_VERSION, reason: `survey answer for order ${order.id}`, at });
    // `answerId` tells the event subscriber this answer is already stored.
    await recordPersonEvent(trx, clock, profileId, {
      type: 'track',
      name: 'Survey Answered',
      channel: 'web',
      properties: { survey: POST_PURCHASE, answerId: row.id, orderId: order.id, score: body.score, comment, storeId: order.storeId, keepOffers: body.keepOffers === true },
    });
    return answerView(row);
  });
}

/**
 * A `Survey Answered` event from any channel (properties `orderId`, `score`, `comment`, `storeId`,
 * optional `survey`). Ignored, with a log line, when it names no order of this person or no valid
 * score: a replayed or malformed event must not fail the delivery forever.
 */
export async function recordAnsweredEvent(
  ctx: Pick<Ctx, 'db' | 'clock' | 'log'>,
  event: { profileId: string; eventId: string; properties: Record<string, unknown>; channel: string; storeId: string | null; timestamp: string },
): Promise<boolean> {
  const p = event.properties;
  // Written by answerSurvey in the same transaction as the answer itself.
  if (typeof p.answerId === 'string') return false;
  const orderRef = typeof p.orderId === 'string' ? p.orderId : typeof p.order_id === 'string' ? p.order_id : null;
  const score = typeof p.score === 'string' && /^\d{1,2}$/.test(p.score) ? Number(p.score) : p.score;
  if (!orderRef || !isScore(score)) {
    ctx.log.warn({ eventId: event.eventId }, 'Survey Answered without an order id or a score from 0 to 10: ignored');
    return false;
  }
  const order = await findOrderFacts(ctx.db, orderRef);
  const profileId = await liveProfileId(ctx.db, event.profileId);
  const owner = order?.profileId ? await liveProfileId(ctx.db, order.profileId) : undefined;
  if (!order || !profileId || owner !== profileId) {
    ctx.log.warn({ eventId: event.eventId, orderId: orderRef }, 'Survey Answered about an order that is not this person’s: ignored');
    return false;
  }
  const named = typeof p.storeId === 'string' ? p.storeId : event.storeId;
  const survey = typeof p.survey === 'string' && /^[a-z_]{1,40}$/.test(p.survey) ? p.survey : POST_PURCHASE;
  const comment = typeof p.comment === 'string' && p.comment.trim() ? p.comment.trim().slice(0, 2000) : null;
  return storeAnswer(ctx.db, ctx.clock, { survey, order, profileId, storeId: order.storeId ?? named ?? null, answerChannel: event.channel, score, comment, answeredAt: event.timestamp, eventId: event.eventId });
}

/** Answers, average score and NPS over a period, in all, per store and per order channel. */
export async function surveyReport(ctx: Ctx, query: SurveyReportQuery): Promise<SurveyReport> {
  const p = ctx.principal;
  // Associates see their own store only.
  if (query.storeId) assertStoreAccess(p, query.storeId);
  const storeId = p.kind === 'staff' && p.role === 'associate' ? (p.storeId ?? '(none)') : query.storeId;
  let q = ctx.db.selectFrom('survey_answers').select(['store_id', 'order_channel', 'score']);
  if (query.from) q = q.where('answered_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('answered_at', '<', new Date(query.to).toISOString());
  if (storeId) q = q.where('store_id', '=', storeId);
  if (query.channel) q = q.where('order_channel', '=', query.channel);
  const rows = await q.execute();
  const group = <K extends string | null>(key: (r: (typeof rows)[number]) => K) => {
    const groups = new Map<K, number[]>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), Number(r.score)]);
    return [...groups.entries()].sort(([a], [b]) => String(a ?? '').localeCompare(String(b ?? '')));
  };
  const storeIds = [...new Set(rows.map((r) => r.store_id).filter((s): s is string => s !== null))];
  const names = new Map(storeIds.length ? (await ctx.db.selectFrom('locations').select(['id', 'name']).where('id', 'in', storeIds).execute()).map((s) => [s.id, s.name]) : []);
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    total: summariseScores(rows.map((r) => Number(r.score))),
    byStore: group((r) => r.store_id).map(([id, scores]) => ({ storeId: id, storeName: id ? (names.get(id) ?? null) : null, ...summariseScores(scores) })),
    byChannel: group((r) => r.order_channel).map(([channel, scores]) => ({ channel, ...summariseScores(scores) })),
  };
}
