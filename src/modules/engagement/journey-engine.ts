import { randomBytes } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { evaluate } from './conditions.js';
import { decideContact } from './contact-policy.js';
import { parseDuration } from '../../platform/duration.js';
import type { Correlation, JourneyDefinition, Step } from './journey-definition.js';
import { CORRELATIONS } from './journey-definition.js';
import { advance, correlationValues, exitMatches, initialState, type Effect, type RunState, type Wake } from './journey-machine.js';
import { renderLiquid } from './liquid.js';
import { loadRecipient, type RecipientView } from './recipients.js';
import { recordPersonEvent } from './person-events.js';
import { enqueueDelivery } from './webhooks.js';
import { issueCodes, personalCode } from '../commerce/promotions.service.js';
import { buildContext } from './journey-context.js';
import type { WeatherProvider } from './weather.js';
import type { Config } from '../../platform/config.js';
import { surveyToken } from '../insights/survey-token.js';

/** What the engine reacts to: a tracked event or a domain event, about one person. */
export interface EngineEvent {
  name: string;
  profileId: string;
  properties: Record<string, unknown>;
  channel: string | null;
  at: Date;
}

export interface Env {
  db: Kysely<DB>;
  clock: Clock;
  /** For `context.weather`; without one, journeys that look at the weather see none. */
  weather?: WeatherProvider | undefined;
  /**
   * The raw SQLite handle behind `db` when `db` is a transaction on it: timeline events then take
   * ingestion's prepared statements (person-events.ts).
   */
  sqlite?: SqliteDatabase.Database | undefined;
  /** Where links in messages point (`survey.url`); read at each render. */
  config?: Pick<Config, 'publicUrl'> | undefined;
}

export type RunRow = Awaited<ReturnType<typeof loadRuns>>[number];

function loadRuns(db: Kysely<DB>, profileId: string) {
  return db.selectFrom('journey_runs').selectAll().where('profile_id', '=', profileId).where((eb) => eb.or([eb('status', 'in', ['active', 'waiting']), eb('converted_at', 'is', null)])).execute();
}

const definitionCache = new Map<string, JourneyDefinition>();
export async function definitionOf(db: Kysely<DB>, journeyId: string, version: number): Promise<JourneyDefinition> {
  const key = `${journeyId}@${version}`;
  let def = definitionCache.get(key);
  if (!def) {
    // Versions never change once written, so caching them is safe across processes.
    const row = await db.selectFrom('journey_versions').select('definition').where('journey_id', '=', journeyId).where('version', '=', version).executeTakeFirstOrThrow();
    def = JSON.parse(row.definition) as JourneyDefinition;
    definitionCache.set(key, def);
  }
  return def;
}

/**
 * One event, in the caller's transaction: goals reached, runs exited, waits ended, then new runs
 * entered for the active journeys it triggers.
 */
export async function handleEngineEvent(env: Env, event: EngineEvent): Promise<void> {
  const profileId = await liveProfileId(env.db, event.profileId);
  if (!profileId) return;
  const runs = await loadRuns(env.db, profileId);
  // The person is read once, and only when a condition or a step needs them.
  const recipient = lazyRecipient(env, profileId);
  for (const run of runs) {
    const def = await definitionOf(env.db, run.journey_id, run.version);
    const state = JSON.parse(run.state) as RunState;
    if (run.converted_at === null && def.goal && def.goal.event === event.name && correlates(def.goal.correlate, state, event)) {
      const deadline = Date.parse(run.entered_at) + parseDuration(def.goal.within)!;
      if (event.at.getTime() <= deadline) await env.db.updateTable('journey_runs').set({ converted_at: event.at.toISOString() }).where('id', '=', run.id).execute();
    }
    if (run.status !== 'active' && run.status !== 'waiting') continue;
    if (exitMatches(def, state, event)) {
      await saveRun(env, run, { ...state, status: 'exited', position: null, wakeAt: null, waitingFor: null, endReason: `exit:${event.name}` });
      continue;
    }
    if (run.status === 'waiting' && run.waiting_for === event.name) await step(env, run, def, state, { by: 'event', name: event.name, properties: event.properties }, recipient);
  }
  // Active journeys by id and version: their definitions are parsed once per process (versions never change).
  const journeys = await env.db.selectFrom('journeys').select(['id', 'version']).where('status', '=', 'active').execute();
  for (const journey of journeys) {
    const def = await definitionOf(env.db, journey.id, journey.version);
    if (def.trigger.event !== event.name) continue;
    if (def.trigger.channel && def.trigger.channel !== event.channel) continue;
    if ((def.reentry ?? 'never_while_active') === 'never_while_active' && runs.some((r) => r.journey_id === journey.id && (r.status === 'active' || r.status === 'waiting')))
      continue;
    if (def.trigger.where) {
      const person = await recipient();
      const context = await buildContext(env, def, person, event);
      if (!evaluate(def.trigger.where, { ...scopeOf(person, event.properties, event.channel), context })) continue;
    }
    await enter(env, journey.id, journey.version, def, profileId, event, recipient);
  }
}

/** Reads the person the first time it is called (in the caller's transaction), then answers the same. */
function lazyRecipient(env: Env, profileId: string): () => Promise<RecipientView> {
  let loaded: Promise<RecipientView> | undefined;
  return () => (loaded ??= loadRecipient(env.db, profileId, env.clock.now()));
}

export function correlates(correlate: Correlation | undefined, state: Pick<RunState, 'correlation'>, event: Pick<EngineEvent, 'properties'>): boolean {
  if (!correlate || state.correlation[correlate] === undefined) return true;
  return correlationValues(event.properties, correlate).includes(state.correlation[correlate]!);
}

async function enter(
  env: Env,
  journeyId: string,
  version: number,
  def: JourneyDefinition,
  profileId: string,
  event: EngineEvent,
  recipient: () => Promise<RecipientView>,
): Promise<void> {
  const now = env.clock.now().toISOString();
  const correlation: Partial<Record<Correlation, string>> = {};
  for (const c of CORRELATIONS) {
    const value = correlationValues(event.properties, c)[0];
    if (value) correlation[c] = value;
  }
  const state = initialState(correlation);
  const run = {
    id: newId('run'),
    journey_id: journeyId,
    profile_id: profileId,
    trigger_event: JSON.stringify({ name: event.name, channel: event.channel, properties: event.properties }),
  };
  // The run's first steps, then the run written once as it then stands (its effects are in this
  // same transaction: all of it commits, or none).
  const next = await advanceRun(env, run, def, state, { by: 'start' }, recipient);
  const ended = next.status === 'completed' || next.status === 'exited';
  tellWake(next);
  await env.db
    .insertInto('journey_runs')
    .values({
      ...run,
      version,
      status: next.status,
      state: JSON.stringify(next),
      wake_at: next.wakeAt,
      waiting_for: next.waitingFor?.event ?? null,
      split_group: next.group,
      entered_at: now,
      updated_at: env.clock.now().toISOString(),
      ended_at: ended ? env.clock.now().toISOString() : null,
      converted_at: null,
    })
    .execute();
}

/** Advances a run and stores where it stands, in the caller's transaction. */
export async function step(
  env: Env,
  run: Pick<RunRow, 'id' | 'profile_id' | 'journey_id' | 'trigger_event'>,
  def: JourneyDefinition,
  state: RunState,
  wake: Wake,
  recipient: () => Promise<RecipientView> = lazyRecipient(env, run.profile_id),
): Promise<void> {
  await saveRun(env, run, await advanceRun(env, run, def, state, wake, recipient));
}

/**
 * Runs the machine; what conditions and effects read — the person, the trigger, the context as it
 * is now (the weather, the stock) about the trigger's store, cart or product — is read when first
 * needed: a wait that leads to another wait reads nothing.
 */
async function advanceRun(
  env: Env,
  run: Pick<RunRow, 'id' | 'profile_id' | 'journey_id' | 'trigger_event'>,
  def: JourneyDefinition,
  state: RunState,
  wake: Wake,
  recipient: () => Promise<RecipientView>,
): Promise<RunState> {
  const now = env.clock.now();
  let scope: Promise<Record<string, unknown>> | undefined;
  const scopeNow = () =>
    (scope ??= (async () => {
      const person = await recipient();
      const trigger = JSON.parse(run.trigger_event) as { name?: string; channel: string | null; properties: Record<string, unknown> };
      const context = await buildContext(env, def, person, { name: trigger.name ?? '', properties: trigger.properties });
      const survey = await surveyScope(env, def, run.profile_id, trigger.properties);
      return { ...scopeOf(person, trigger.properties, trigger.channel), context, ...(survey ? { survey } : {}) };
    })());
  return advance(def, run.id, state, wake, now, scopeNow, async (effect, vars) => perform(env, run, def, await recipient(), { ...(await scopeNow()), vars }, effect));
}

const mentionsSurvey = new WeakMap<JourneyDefinition, boolean>();

/**
 * `survey.token` and `survey.url` in texts, for a definition that mentions them: the signed link to
 * the survey about the trigger's order, for this person (insights/survey-token.ts).
 */
async function surveyScope(env: Env, def: JourneyDefinition, profileId: string, properties: Record<string, unknown>): Promise<{ token: string; url: string } | null> {
  let mentions = mentionsSurvey.get(def);
  if (mentions === undefined) mentionsSurvey.set(def, (mentions = JSON.stringify(def.steps).includes('survey.')));
  const orderId = mentions ? correlationValues(properties, 'orderId')[0] : undefined;
  if (!orderId) return null;
  const token = await surveyToken(env.db, profileId, orderId);
  return { token, url: `${(env.config?.publicUrl ?? '').replace(/\/$/, '')}/v1/surveys/${token}/page` };
}

/**
 * This process's timer tasks, told when a run it writes will wake (`wakeAt`, epoch ms): a wait
 * shorter than the poll then fires on time (once committed; the poll is the fallback).
 */
export const runWakeListeners = new Set<(at: number) => void>();

function tellWake(state: RunState): void {
  if (state.wakeAt && runWakeListeners.size > 0) for (const listener of runWakeListeners) listener(Date.parse(state.wakeAt));
}

async function saveRun(env: Env, run: Pick<RunRow, 'id'>, state: RunState): Promise<void> {
  tellWake(state);
  const now = env.clock.now().toISOString();
  const ended = state.status === 'completed' || state.status === 'exited';
  await env.db
    .updateTable('journey_runs')
    .set({
      status: state.status,
      state: JSON.stringify(state),
      wake_at: state.wakeAt,
      waiting_for: state.waitingFor?.event ?? null,
      split_group: state.group,
      updated_at: now,
      ...(ended ? { ended_at: now } : {}),
    })
    .where('id', '=', run.id)
    .execute();
}

function scopeOf(recipient: RecipientView, properties: Record<string, unknown>, channel: string | null): Record<string, unknown> {
  return {
    profile: { id: recipient.profileId, traits: recipient.traits, firstName: recipient.traits.firstName ?? null, email: recipient.email, favouriteStoreId: recipient.favouriteStoreId, consents: recipient.consents },
    event: { properties, channel },
    now: new Date().toISOString(),
  };
}

async function perform(
  env: Env,
  run: Pick<RunRow, 'id' | 'profile_id' | 'journey_id'>,
  def: JourneyDefinition,
  recipient: RecipientView,
  scope: Record<string, unknown>,
  effect: Effect,
): Promise<unknown> {
  switch (effect.kind) {
    case 'send':
      return send(env, run, def, recipient, scope, effect.step);
    case 'update_trait':
      await updateTrait(env, recipient, effect.step.name, effect.step.value);
      return undefined;
    case 'webhook':
      // Keyed by run and step: a step run again after a crash enqueues nothing twice.
      await enqueueDelivery(env.db, env.clock, {
        endpointId: null,
        url: effect.step.url,
        eventId: `${run.id}:${effect.step.id}`,
        eventType: 'journey.webhook',
        payload: { journeyId: run.journey_id, runId: run.id, stepId: effect.step.id, profileId: run.profile_id, traits: recipient.traits, event: scope.event ?? null, vars: scope.vars ?? {} },
      });
      return undefined;
    case 'issue_code':
      return issuePersonalCode(env, run, effect.step, ((scope.event as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}));
  }
}

/**
 * A personal single-use code of the step's promotion, for this run's person: derived from the run and
 * step, so a step run again after a crash finds the code it issued instead of issuing a second one.
 * Later steps use it as `{{ vars.<step id>.code }}`.
 */
async function issuePersonalCode(
  env: Env,
  run: Pick<RunRow, 'id' | 'profile_id'>,
  step: Extract<Step, { type: 'issue_code' }>,
  trigger: Record<string, unknown>,
): Promise<{ code: string; promotionId: string; productId: string | null; expiresAt: string | null }> {
  const code = personalCode(run.id, step.id);
  const existing = await env.db.selectFrom('promotion_codes').select(['scope_product_id', 'expires_at']).where('code', '=', code).executeTakeFirst();
  if (existing) return { code, promotionId: step.promotionId, productId: existing.scope_product_id, expiresAt: existing.expires_at };
  let productId: string | null = null;
  if (step.forProduct) {
    const ids = correlationValues(trigger, 'productId');
    const found = ids.length
      ? await env.db
          .selectFrom('product_variants')
          .select('product_id')
          .where((eb) => eb.or([eb('sku', 'in', ids), eb('product_id', 'in', ids)]))
          .executeTakeFirst()
      : undefined;
    // No product to narrow to: no code rather than a code for everything.
    if (!found) throw new Error(`step ${step.id}: the trigger names no known product`);
    productId = found.product_id;
  }
  const expiresAt = step.validFor ? new Date(env.clock.now().getTime() + parseDuration(step.validFor)!).toISOString() : undefined;
  await issueCodes({ db: env.db, clock: env.clock }, step.promotionId, { code, profileId: run.profile_id, singleUse: true, ...(productId ? { productId } : {}), ...(expiresAt ? { expiresAt } : {}) });
  return { code, promotionId: step.promotionId, productId, expiresAt: expiresAt ?? null };
}

/**
 * Renders the message in the person's language, asks the contact policy, and records the decision —
 * sent, deferred or suppressed with its reason — once per run and step.
 */
async function send(
  env: Env,
  run: Pick<RunRow, 'id' | 'profile_id' | 'journey_id'>,
  def: JourneyDefinition,
  recipient: RecipientView,
  scope: Record<string, unknown>,
  step: Extract<Step, { type: 'send' }>,
): Promise<unknown> {
  const now = env.clock.now();
  const already = await env.db.selectFrom('messages').select(['id', 'status']).where('run_id', '=', run.id).where('step_id', '=', step.id).executeTakeFirst();
  if (already) return { messageId: already.id, status: already.status };
  const decision = decideContact({ channel: step.channel, transactional: step.transactional ?? false, priority: def.priority ?? 0, now }, recipient);
  const locale = recipient.locale;
  const subject = step.template.subject ? await renderLiquid(step.template.subject[locale], scope) : null;
  const body = await renderLiquid(step.template.body[locale], scope);
  const channel = decision.channel ?? (step.channel === 'best' ? 'inbox' : step.channel);
  const id = newId('msg', now.getTime());
  const recipientAddress = channel === 'email' ? recipient.email : channel === 'sms' ? recipient.phone : channel === 'inbox' ? 'inbox' : null;
  await env.db
    .insertInto('messages')
    .values({
      id,
      profile_id: run.profile_id,
      journey_id: run.journey_id,
      run_id: run.id,
      step_id: step.id,
      channel,
      transactional: step.transactional ? 1 : 0,
      priority: def.priority ?? 0,
      status: decision.decision === 'send' ? 'sent' : decision.decision === 'defer' ? 'deferred' : 'suppressed',
      reason: decision.decision === 'suppress' ? `${decision.reason}: ${decision.detail}` : decision.decision === 'defer' ? 'quiet_hours' : null,
      locale,
      subject,
      body,
      recipient: recipientAddress,
      deliver_at: decision.decision === 'defer' ? decision.until.toISOString() : null,
      created_at: now.toISOString(),
      sent_at: decision.decision === 'send' ? now.toISOString() : null,
      opened_at: null,
      clicked_at: null,
      token: randomBytes(18).toString('base64url'),
      // The inbox is delivered by being written; other channels by their sender (email-delivery.ts).
      transport: channel === 'inbox' && decision.decision === 'send' ? 'inbox' : null,
      delivered_at: channel === 'inbox' && decision.decision === 'send' ? now.toISOString() : null,
      attempts: 0,
      claimed_until: null,
    })
    .execute();
  // Every decision shows on the person's timeline, with its channel and reason.
  const status = decision.decision === 'send' ? 'Sent' : decision.decision === 'defer' ? 'Deferred' : 'Suppressed';
  await recordPersonEvent(env.db, env.clock, run.profile_id, {
    type: 'track',
    name: `Message ${status}`,
    // Timeline channels are touchpoints: push, SMS and the inbox reach the person through the app.
    channel: channel === 'email' ? 'email' : 'app',
    properties: { messageId: id, journeyId: run.journey_id, stepId: step.id, messageChannel: channel, subject, reason: decision.decision === 'suppress' ? decision.reason : null },
  }, { sqlite: env.sqlite });
  return { messageId: id, status: decision.decision };
}

/** Traits change through the identity module's own path: a system identify event, as any source would. */
async function updateTrait(env: Env, recipient: RecipientView, name: string, value: unknown): Promise<void> {
  await recordPersonEvent(env.db, env.clock, recipient.profileId, { type: 'identify', channel: 'email', traits: { [name]: value } }, { sqlite: env.sqlite });
}
