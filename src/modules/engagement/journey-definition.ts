import { conditionProblems, type Condition } from './conditions.js';
import { parseDuration } from '../../platform/duration.js';

/** How an event ties a waiting run to the right cart, order or product. */
export type Correlation = 'cartId' | 'orderId' | 'productId';
export const CORRELATIONS: readonly Correlation[] = ['cartId', 'orderId', 'productId'];
export type SendChannel = 'email' | 'push' | 'sms' | 'inbox' | 'best';
export const SEND_CHANNELS: readonly SendChannel[] = ['email', 'push', 'sms', 'inbox', 'best'];

/** What starts a run: an event (tracked, or a domain event such as `commerce.order_ready`). */
export interface Trigger {
  event: string;
  /** Only events from this channel (`store`, `app`…). */
  channel?: string;
  where?: Condition;
  /** Which id of the trigger ties later events to this run (the cart of an abandoned cart). */
  correlate?: Correlation;
}

export interface MessageTemplate {
  /** Liquid; `fr` and `en` variants, the person's language chosen at send time. */
  subject?: { fr: string; en: string };
  body: { fr: string; en: string };
}

export type Step =
  | { id: string; type: 'wait'; duration: string }
  | { id: string; type: 'wait_for'; event: string; correlate?: Correlation; timeout: string; onTimeout?: string }
  | { id: string; type: 'branch'; cases: { when: Condition; goto: string }[]; otherwise?: string }
  | { id: string; type: 'split'; arms: { name: string; percent: number; goto?: string }[] }
  | { id: string; type: 'send'; channel: SendChannel; transactional?: boolean; template: MessageTemplate }
  | { id: string; type: 'issue_code'; promotionId: string; forProduct?: boolean; validFor?: string }
  | { id: string; type: 'update_trait'; name: string; value: unknown }
  | { id: string; type: 'webhook'; url: string }
  | { id: string; type: 'exit' };
export type StepType = Step['type'];
export const STEP_TYPES: readonly StepType[] = ['wait', 'wait_for', 'branch', 'split', 'send', 'issue_code', 'update_trait', 'webhook', 'exit'];

export interface JourneyDefinition {
  name: string;
  trigger: Trigger;
  steps: Step[];
  /** The run ends early when one of these happens (the cart was ordered, on any channel). */
  exitOn?: { event: string; correlate?: Correlation }[];
  /** Conversion: this event, correlated, within this long after entry. */
  goal?: { event: string; correlate?: Correlation; within: string };
  /** Higher wins when the contact policy must choose between journeys. */
  priority?: number;
  /** May a person enter again while a run of theirs is in progress? Default: no. */
  reentry?: 'never_while_active' | 'always';
  /** What `context.*` looks at: the category of `context.categoryInStock`, the geofence radius. */
  context?: { category?: string; geofenceRadiusM?: number };
}

/** `exit` ends the run; any other target names a step. */
export const EXIT = 'exit';

export interface DefinitionProblem {
  path: string;
  message: string;
}

/**
 * Everything wrong with a definition, each with its path, so an editor can put the message beside the
 * field. An empty list means it can be saved and activated.
 */
export function definitionProblems(input: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => {
    // A problem inside a step names the step by its id, as people wrote it, not only by position.
    const index = /^steps\[(\d+)\]/.exec(path)?.[1];
    const raw = index === undefined ? undefined : (input as { steps?: unknown[] }).steps?.[Number(index)];
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    problems.push({ path, message: id && !message.startsWith('step "') && !message.includes(`"${id}"`) ? `step "${id}": ${message}` : message });
  };
  if (!isObject(input)) return [{ path: '', message: 'a journey definition is an object' }];
  const def = input as Record<string, unknown>;
  if (typeof def.name !== 'string' || def.name.trim() === '' || def.name.length > 200) add('name', 'a name of 1 to 200 characters');
  if (!isObject(def.trigger)) add('trigger', 'required: the event that starts a run');
  else {
    const trigger = def.trigger as Record<string, unknown>;
    if (typeof trigger.event !== 'string' || trigger.event === '') add('trigger.event', 'the name of the event that starts a run');
    if (trigger.where !== undefined) for (const p of conditionProblems(trigger.where, 'trigger.where')) add(...split(p));
    if (trigger.correlate !== undefined && !CORRELATIONS.includes(trigger.correlate as Correlation)) add('trigger.correlate', `one of ${CORRELATIONS.join(', ')}`);
  }
  const steps = def.steps;
  if (!Array.isArray(steps) || steps.length === 0) {
    add('steps', 'at least one step');
    return problems;
  }
  if (steps.length > 100) add('steps', 'at most 100 steps');
  const ids = new Set<string>();
  steps.forEach((step, i) => {
    if (isObject(step) && typeof (step as { id?: unknown }).id === 'string') {
      const id = (step as { id: string }).id;
      if (ids.has(id)) add(`steps[${i}].id`, `"${id}" is used by an earlier step`);
      ids.add(id);
    }
  });
  const target = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (typeof value !== 'string' || (value !== EXIT && !ids.has(value))) add(path, `"${String(value)}" is neither a step id nor "exit"`);
  };
  const duration = (path: string, value: unknown) => {
    if (typeof value !== 'string' || parseDuration(value) === null) add(path, 'an ISO 8601 duration such as PT24H, P2D or PT3S');
  };
  steps.forEach((raw, i) => {
    const at = `steps[${i}]`;
    if (!isObject(raw)) return add(at, 'a step is an object');
    const step = raw as Record<string, unknown>;
    if (typeof step.id !== 'string' || !/^[a-z0-9_-]{1,50}$/i.test(step.id) || step.id === EXIT) add(`${at}.id`, 'an id of letters, digits, - or _ (not "exit")');
    switch (step.type) {
      case 'wait':
        duration(`${at}.duration`, step.duration);
        break;
      case 'wait_for':
        if (typeof step.event !== 'string' || step.event === '') add(`${at}.event`, 'the event to wait for');
        duration(`${at}.timeout`, step.timeout);
        if (step.correlate !== undefined && !CORRELATIONS.includes(step.correlate as Correlation)) add(`${at}.correlate`, `one of ${CORRELATIONS.join(', ')}`);
        target(`${at}.onTimeout`, step.onTimeout);
        break;
      case 'branch':
        if (!Array.isArray(step.cases) || step.cases.length === 0) add(`${at}.cases`, 'at least one case');
        else
          step.cases.forEach((c: unknown, j: number) => {
            if (!isObject(c)) return add(`${at}.cases[${j}]`, 'a case is {when, goto}');
            const kase = c as Record<string, unknown>;
            for (const p of conditionProblems(kase.when, `${at}.cases[${j}].when`)) add(...split(p));
            if (kase.goto === undefined) add(`${at}.cases[${j}].goto`, 'required');
            target(`${at}.cases[${j}].goto`, kase.goto);
          });
        target(`${at}.otherwise`, step.otherwise);
        break;
      case 'split': {
        if (!Array.isArray(step.arms) || step.arms.length < 2) {
          add(`${at}.arms`, 'at least two arms');
          break;
        }
        let total = 0;
        step.arms.forEach((a: unknown, j: number) => {
          if (!isObject(a)) return add(`${at}.arms[${j}]`, 'an arm is {name, percent, goto?}');
          const arm = a as Record<string, unknown>;
          if (typeof arm.name !== 'string' || arm.name === '') add(`${at}.arms[${j}].name`, 'required (it names the group in statistics)');
          if (typeof arm.percent !== 'number' || !Number.isInteger(arm.percent) || arm.percent < 0 || arm.percent > 100) add(`${at}.arms[${j}].percent`, 'a whole number from 0 to 100');
          else total += arm.percent;
          target(`${at}.arms[${j}].goto`, arm.goto);
        });
        if (total !== 100) add(`${at}.arms`, `percentages add up to ${total}, not 100`);
        break;
      }
      case 'send': {
        if (!SEND_CHANNELS.includes(step.channel as SendChannel)) add(`${at}.channel`, `one of ${SEND_CHANNELS.join(', ')}`);
        const template = step.template as Record<string, unknown> | undefined;
        if (!template || !isObject(template)) add(`${at}.template`, 'required: {subject?, body} with fr and en texts');
        else {
          if (!localized(template.body)) add(`${at}.template.body`, 'fr and en texts');
          if (template.subject !== undefined && !localized(template.subject)) add(`${at}.template.subject`, 'fr and en texts');
          if (step.channel === 'email' && template.subject === undefined) add(`${at}.template.subject`, 'an email needs a subject');
        }
        break;
      }
      case 'issue_code':
        if (typeof step.promotionId !== 'string' || step.promotionId === '') add(`${at}.promotionId`, 'the promotion whose code pool to draw from');
        if (step.forProduct !== undefined && typeof step.forProduct !== 'boolean') add(`${at}.forProduct`, 'true: the code is good for the trigger’s product only');
        if (step.validFor !== undefined) duration(`${at}.validFor`, step.validFor);
        break;
      case 'update_trait':
        if (typeof step.name !== 'string' || !/^[A-Za-z_][\w]{0,63}$/.test(step.name)) add(`${at}.name`, 'a trait name');
        if (!('value' in step)) add(`${at}.value`, 'required');
        break;
      case 'webhook':
        if (typeof step.url !== 'string' || !/^https?:\/\/\S+$/.test(step.url)) add(`${at}.url`, 'an http(s) URL');
        break;
      case 'exit':
        break;
      default:
        add(`${at}.type`, `one of ${STEP_TYPES.join(', ')}`);
    }
  });
  if (Array.isArray(def.exitOn))
    def.exitOn.forEach((e: unknown, i: number) => {
      if (!isObject(e) || typeof (e as { event?: unknown }).event !== 'string') add(`exitOn[${i}].event`, 'the event that ends a run');
    });
  else if (def.exitOn !== undefined) add('exitOn', 'a list of {event, correlate?}');
  if (def.goal !== undefined) {
    if (!isObject(def.goal) || typeof (def.goal as { event?: unknown }).event !== 'string') add('goal.event', 'the event that counts as a conversion');
    else duration('goal.within', (def.goal as { within?: unknown }).within);
  }
  if (def.priority !== undefined && (typeof def.priority !== 'number' || !Number.isInteger(def.priority))) add('priority', 'a whole number');
  if (def.reentry !== undefined && def.reentry !== 'never_while_active' && def.reentry !== 'always') add('reentry', 'never_while_active or always');
  if (def.context !== undefined) {
    const context = def.context as { category?: unknown; geofenceRadiusM?: unknown };
    if (!isObject(def.context)) add('context', 'an object {category?, geofenceRadiusM?}');
    else {
      if (context.category !== undefined && (typeof context.category !== 'string' || context.category === '')) add('context.category', 'a category id or slug');
      if (context.geofenceRadiusM !== undefined && (typeof context.geofenceRadiusM !== 'number' || context.geofenceRadiusM < 10 || context.geofenceRadiusM > 50_000))
        add('context.geofenceRadiusM', 'metres, from 10 to 50,000');
    }
  }
  if (problems.length === 0) for (const p of [...unreachable(def as unknown as JourneyDefinition), ...loopsWithoutWait(def as unknown as JourneyDefinition)]) add(p.path, p.message);
  return problems;
}

/** The steps a run can go to from step i: its fall-through and every target it names. */
function successors(def: JourneyDefinition, index: Map<string, number>, i: number, throughWaits: boolean): number[] {
  const step = def.steps[i]!;
  const fallthrough = i + 1 < def.steps.length ? [i + 1] : [];
  const to = (id: string | undefined) => (id === undefined ? fallthrough : id === EXIT ? [] : [index.get(id)!]);
  switch (step.type) {
    case 'wait':
      return throughWaits ? fallthrough : [];
    case 'wait_for':
      return throughWaits ? [...fallthrough, ...(step.onTimeout && step.onTimeout !== EXIT ? [index.get(step.onTimeout)!] : [])] : [];
    case 'exit':
      return [];
    case 'branch':
      return [...step.cases.flatMap((c) => to(c.goto)), ...to(step.otherwise)];
    case 'split':
      return step.arms.flatMap((a) => to(a.goto));
    default:
      return fallthrough;
  }
}

/** A step no run can reach is a mistake (a wrong target somewhere): refused, naming the step. */
function unreachable(def: JourneyDefinition): DefinitionProblem[] {
  const index = new Map(def.steps.map((s, i) => [s.id, i]));
  const reached = new Set<number>([0]);
  const stack = [0];
  while (stack.length) for (const next of successors(def, index, stack.pop()!, true)) if (!reached.has(next)) (reached.add(next), stack.push(next));
  return def.steps.flatMap((step, i) => (reached.has(i) ? [] : [{ path: `steps[${i}]`, message: `"${step.id}" cannot be reached from the first step` }]));
}

/**
 * A path that comes back to a step without waiting would spin for ever inside one transaction:
 * refused. Waits (`wait`, `wait_for`) break a loop.
 */
function loopsWithoutWait(def: JourneyDefinition): DefinitionProblem[] {
  const index = new Map(def.steps.map((s, i) => [s.id, i]));
  for (let start = 0; start < def.steps.length; start++) {
    const seen = new Set<number>();
    const stack = successors(def, index, start, false);
    while (stack.length) {
      const i = stack.pop()!;
      if (i === start) return [{ path: `steps[${start}]`, message: `"${def.steps[start]!.id}" can come back to itself without a wait` }];
      if (seen.has(i)) continue;
      seen.add(i);
      stack.push(...successors(def, index, i, false));
    }
  }
  return [];
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function localized(value: unknown): boolean {
  return isObject(value) && typeof (value as { fr?: unknown }).fr === 'string' && typeof (value as { en?: unknown }).en === 'string';
}

function split(problem: string): [string, string] {
  const at = problem.indexOf(': ');
  return [problem.slice(0, at), problem.slice(at + 2)];
}
