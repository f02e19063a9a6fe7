import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { definitionProblems, type DefinitionProblem, type JourneyDefinition } from './journey-definition.js';
import { findTemplate, JOURNEY_TEMPLATES } from './journey-templates.js';
import { liquidProblem } from './liquid.js';
import { parseDuration } from '../../platform/duration.js';
import { setWatchedEvents } from '../../platform/outbox/watches.js';

export interface JourneyView {
  id: string;
  name: string;
  template: string | null;
  params: Record<string, unknown>;
  status: 'draft' | 'active' | 'paused';
  version: number;
  definition: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export function listTemplates() {
  return JOURNEY_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description, journeys: t.journeys, params: t.params }));
}

/** Structure, Liquid, and steps this installation cannot run yet: every problem names its step. */
export function allProblems(definition: unknown): DefinitionProblem[] {
  const problems = definitionProblems(definition);
  if (problems.length > 0) return problems;
  const def = definition as JourneyDefinition;
  def.steps.forEach((step, i) => {
    if (step.type === 'send') {
      for (const [part, texts] of Object.entries({ subject: step.template.subject, body: step.template.body })) {
        if (!texts) continue;
        for (const locale of ['fr', 'en'] as const) {
          const problem = liquidProblem(texts[locale]);
          if (problem) problems.push({ path: `steps[${i}].template.${part}.${locale}`, message: `step "${step.id}": invalid Liquid: ${problem}` });
        }
      }
    }
  });
  return problems;
}

/** `issue_code` steps must name a promotion that exists and is used with codes. */
async function promotionProblems(db: Ctx['db'], definition: JourneyDefinition): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  for (const [i, step] of definition.steps.entries()) {
    if (step.type !== 'issue_code') continue;
    const promotion = await db.selectFrom('promotions').select(['requires_code']).where('id', '=', step.promotionId).executeTakeFirst();
    if (!promotion) problems.push({ path: `steps[${i}].promotionId`, message: `step "${step.id}": no promotion ${step.promotionId}` });
    else if (promotion.requires_code !== 1) problems.push({ path: `steps[${i}].promotionId`, message: `step "${step.id}": promotion ${step.promotionId} applies without a code` });
  }
  return problems;
}

function refuse(problems: DefinitionProblem[]): never {
  throw new AppError('engagement.invalid_definition', `The journey is not valid: ${problems.map((p) => `${p.path || '(root)'} ${p.message}`).join('; ')}`, {
    errors: problems.map((p) => ({ path: `body/definition/${p.path.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}`, message: p.message })),
  });
}

export function definitionFromTemplate(key: string, given: Record<string, string | number>): { definition: JourneyDefinition; params: Record<string, string | number> } {
  const template = findTemplate(key);
  if (!template) throw new AppError('engagement.unknown_template', `No journey template "${key}"; GET /v1/journeys/templates lists them`);
  const unknown = Object.keys(given).filter((k) => !(k in template.params));
  if (unknown.length) refuse(unknown.map((k) => ({ path: `params.${k}`, message: `"${template.key}" has no parameter ${k}` })));
  const params = { ...Object.fromEntries(Object.entries(template.params).map(([k, v]) => [k, v.default])), ...given };
  if (typeof params.delay === 'string' && parseDuration(params.delay) === null) refuse([{ path: 'params.delay', message: 'an ISO 8601 duration such as PT24H, P2D or PT3S' }]);
  return { definition: template.build(params), params };
}

export async function createJourney(ctx: Ctx, input: { template?: string; params?: Record<string, string | number>; definition?: unknown }): Promise<JourneyView> {
  let definition: unknown;
  let params: Record<string, unknown> = {};
  if (input.template) {
    if (input.definition !== undefined) throw new AppError('engagement.invalid_definition', 'Give a template with its params, or a definition, not both');
    ({ definition, params } = definitionFromTemplate(input.template, input.params ?? {}));
  } else if (input.definition !== undefined) definition = input.definition;
  else throw new AppError('engagement.invalid_definition', 'Give a template (with params) or a full definition', { errors: [{ path: 'body', message: 'template or definition is required' }] });
  const problems = allProblems(definition);
  if (problems.length) refuse(problems);
  const def = definition as JourneyDefinition;
  const missing = await promotionProblems(ctx.db, def);
  if (missing.length) refuse(missing);
  const now = ctx.clock.now().toISOString();
  const id = newId('jrn');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('journeys')
      .values({ id, name: def.name, template: input.template ?? null, params: JSON.stringify(params), status: 'draft', version: 1, definition: JSON.stringify(def), created_at: now, updated_at: now })
      .execute();
    await trx.insertInto('journey_versions').values({ journey_id: id, version: 1, definition: JSON.stringify(def), created_at: now }).execute();
  });
  return getJourney(ctx, id);
}

/** A new version; runs already in progress finish on the version they started with. */
export async function updateJourney(ctx: Ctx, id: string, definition: unknown): Promise<JourneyView> {
  const current = await getJourney(ctx, id);
  const problems = allProblems(definition);
  if (problems.length) refuse(problems);
  const missing = await promotionProblems(ctx.db, definition as JourneyDefinition);
  if (missing.length) refuse(missing);
  const now = ctx.clock.now().toISOString();
  const version = current.version + 1;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('journey_versions').values({ journey_id: id, version, definition: JSON.stringify(definition), created_at: now }).execute();
    await trx
      .updateTable('journeys')
      .set({ version, definition: JSON.stringify(definition), name: (definition as JourneyDefinition).name, updated_at: now })
      .where('id', '=', id)
      .execute();
    await refreshWatches(trx);
  });
  return getJourney(ctx, id);
}

export async function setJourneyStatus(ctx: Ctx, id: string, status: 'active' | 'paused'): Promise<JourneyView> {
  await getJourney(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('journeys').set({ status, updated_at: ctx.clock.now().toISOString() }).where('id', '=', id).execute();
    await refreshWatches(trx);
  });
  return getJourney(ctx, id);
}

/**
 * Tracked events reach the engine only when an active journey names them (as trigger, wait, exit or
 * goal): ingestion is told which, so it publishes those and no others. Runs in progress of a paused
 * journey keep listening.
 */
async function refreshWatches(db: Ctx['db']): Promise<void> {
  const rows = await db
    .selectFrom('journeys')
    .select('definition')
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('id', 'in', eb.selectFrom('journey_runs').select('journey_id').where('status', 'in', ['active', 'waiting']))]))
    .execute();
  const names = new Set<string>();
  for (const row of rows) {
    const def = JSON.parse(row.definition) as JourneyDefinition;
    names.add(def.trigger.event);
    for (const step of def.steps) if (step.type === 'wait_for') names.add(step.event);
    for (const exit of def.exitOn ?? []) names.add(exit.event);
    if (def.goal) names.add(def.goal.event);
  }
  await setWatchedEvents(db, 'engagement.journeys', names);
}

export async function getJourney(ctx: Pick<Ctx, 'db'>, id: string): Promise<JourneyView> {
  const row = await ctx.db.selectFrom('journeys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('engagement.journey_not_found', `No journey ${id}`);
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    params: JSON.parse(row.params) as Record<string, unknown>,
    status: row.status,
    version: row.version,
    definition: JSON.parse(row.definition) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listJourneys(ctx: Pick<Ctx, 'db'>): Promise<JourneyView[]> {
  const rows = await ctx.db.selectFrom('journeys').select('id').orderBy('created_at', 'desc').execute();
  return Promise.all(rows.map((r) => getJourney(ctx, r.id)));
}

/** Entered, in progress, ended, converted; messages by status and reason; per split group. */
export async function journeyStats(ctx: Pick<Ctx, 'db'>, id: string) {
  await getJourney(ctx, id);
  const runs = await ctx.db
    .selectFrom('journey_runs')
    .select(['split_group', 'status'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('converted_at').as('converted')])
    .where('journey_id', '=', id)
    .groupBy(['split_group', 'status'])
    .execute();
  const messages = await ctx.db
    .selectFrom('messages')
    .select(['step_id', 'channel', 'status', 'reason'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('opened_at').as('opened'), eb.fn.count<number>('clicked_at').as('clicked')])
    .where('journey_id', '=', id)
    .groupBy(['step_id', 'channel', 'status', 'reason'])
    .execute();
  const groups = new Map<string, { group: string; entered: number; converted: number }>();
  let entered = 0;
  let converted = 0;
  const byStatus: Record<string, number> = {};
  for (const r of runs) {
    const n = Number(r.n);
    entered += n;
    converted += Number(r.converted);
    byStatus[r.status] = (byStatus[r.status] ?? 0) + n;
    const key = r.split_group ?? 'all';
    const g = groups.get(key) ?? { group: key, entered: 0, converted: 0 };
    g.entered += n;
    g.converted += Number(r.converted);
    groups.set(key, g);
  }
  const stepMap = new Map<string, { stepId: string; channel: string; sent: number; deferred: number; suppressed: Record<string, number>; opened: number; clicked: number }>();
  for (const m of messages) {
    const key = `${m.step_id}:${m.channel}`;
    const s = stepMap.get(key) ?? { stepId: m.step_id ?? '', channel: m.channel, sent: 0, deferred: 0, suppressed: {}, opened: 0, clicked: 0 };
    if (m.status === 'sent') s.sent += Number(m.n);
    else if (m.status === 'deferred') s.deferred += Number(m.n);
    else {
      const reason = (m.reason ?? m.status).split(':')[0]!;
      s.suppressed[reason] = (s.suppressed[reason] ?? 0) + Number(m.n);
    }
    s.opened += Number(m.opened);
    s.clicked += Number(m.clicked);
    stepMap.set(key, s);
  }
  const rate = (g: { entered: number; converted: number }) => (g.entered === 0 ? 0 : g.converted / g.entered);
  const control = groups.get('control');
  const treated = [...groups.values()].filter((g) => g.group !== 'control');
  const treatedTotals = treated.reduce((a, g) => ({ entered: a.entered + g.entered, converted: a.converted + g.converted }), { entered: 0, converted: 0 });
  return {
    journeyId: id,
    entered,
    inProgress: (byStatus.active ?? 0) + (byStatus.waiting ?? 0),
    completed: byStatus.completed ?? 0,
    exited: byStatus.exited ?? 0,
    converted,
    conversionRate: rate({ entered, converted }),
    groups: [...groups.values()].map((g) => ({ ...g, conversionRate: rate(g) })),
    upliftVsControl: control ? rate(treatedTotals) - rate(control) : null,
    steps: [...stepMap.values()],
  };
}
