import { createHash } from 'node:crypto';
import { evaluate } from './conditions.js';
import { parseDuration } from '../../platform/duration.js';
import { EXIT, type Correlation, type JourneyDefinition, type Step } from './journey-definition.js';

/** Where a run is: the next step to run, and what it waits for. Stored as JSON with the run. */
export interface RunState {
  status: 'active' | 'waiting' | 'completed' | 'exited';
  /** Index of the next step to run; null once finished. */
  position: number | null;
  /** When the run wakes up by itself (end of a wait, or a wait_for's timeout). */
  wakeAt: string | null;
  waitingFor: { event: string; correlate: Correlation | null; value: string | null; onTimeout: string | null } | null;
  /** The split arm this run was put in (control groups count in statistics). */
  group: string | null;
  /** Results of earlier steps, by step id (an issued code…), readable as `vars.<stepId>` in templates. */
  vars: Record<string, unknown>;
  /** Ids the run is about (`cartId`, `orderId`, `productId`), taken from its trigger. */
  correlation: Partial<Record<Correlation, string>>;
  endReason: string | null;
}

/** What a step asks the world to do; the engine performs it in the run's transaction. */
export type Effect =
  | { kind: 'send'; step: Extract<Step, { type: 'send' }> }
  | { kind: 'issue_code'; step: Extract<Step, { type: 'issue_code' }> }
  | { kind: 'update_trait'; step: Extract<Step, { type: 'update_trait' }> }
  | { kind: 'webhook'; step: Extract<Step, { type: 'webhook' }> };

export type Wake = { by: 'start' } | { by: 'timer' } | { by: 'event'; name: string; properties: Record<string, unknown> };

export function initialState(correlation: Partial<Record<Correlation, string>>): RunState {
  return { status: 'active', position: 0, wakeAt: null, waitingFor: null, group: null, vars: {}, correlation, endReason: null };
}

/** A stable number 0–99 per run and step: the same run always lands in the same split arm. */
export function bucketOf(runId: string, stepId: string): number {
  return createHash('sha256').update(`${runId}:${stepId}`).digest().readUInt32BE(0) % 100;
}

/** What conditions read, or how to get it: the engine reads the person only when a step needs them. */
export type Scope = Record<string, unknown> | (() => Promise<Record<string, unknown>>);

/**
 * Runs a journey from where it stands until it waits or ends. Decisions are made here; effects are
 * performed by `perform`, whose result is kept in `vars` for the later steps. `scope` is what
 * conditions read (profile, trigger event, context), asked for only by a branch; `vars` are added to
 * it as the run goes. Waits and splits read nothing, so a timer that leads to another wait costs no
 * read of the person.
 */
export async function advance(
  definition: JourneyDefinition,
  runId: string,
  state: RunState,
  wake: Wake,
  now: Date,
  scope: Scope,
  perform: (effect: Effect, vars: Record<string, unknown>) => Promise<unknown>,
): Promise<RunState> {
  if (state.status === 'completed' || state.status === 'exited') return state;
  let run: RunState = { ...state, vars: { ...state.vars } };
  if (run.status === 'waiting') {
    if (wake.by === 'start') return run;
    if (run.waitingFor) {
      const timedOut = wake.by === 'timer';
      if (!timedOut && (wake.by !== 'event' || !matchesWait(run, wake))) return run;
      const onTimeout = run.waitingFor.onTimeout;
      if (wake.by === 'event') run.vars.event = wake.properties;
      run = { ...run, status: 'active', wakeAt: null, waitingFor: null };
      if (timedOut) {
        if (onTimeout === null || onTimeout === EXIT) return finish(run, 'completed', 'wait_timed_out');
        run.position = indexOf(definition, onTimeout);
      }
    } else {
      if (wake.by !== 'timer') return run;
      run = { ...run, status: 'active', wakeAt: null };
    }
  }
  const index = new Map(definition.steps.map((s, i) => [s.id, i]));
  const jump = (target: string | undefined, from: number): number | null =>
    target === undefined ? (from + 1 < definition.steps.length ? from + 1 : null) : target === EXIT ? null : index.get(target)!;

  for (let guard = 0; guard <= definition.steps.length * 2; guard++) {
    if (run.position === null || run.position >= definition.steps.length) return finish(run, 'completed', 'end');
    const i = run.position;
    const step = definition.steps[i]!;
    switch (step.type) {
      case 'wait':
        return { ...run, status: 'waiting', position: jump(undefined, i), wakeAt: new Date(now.getTime() + parseDuration(step.duration)!).toISOString() };
      case 'wait_for': {
        const correlate = step.correlate ?? null;
        return {
          ...run,
          status: 'waiting',
          position: jump(undefined, i),
          wakeAt: new Date(now.getTime() + parseDuration(step.timeout)!).toISOString(),
          waitingFor: { event: step.event, correlate, value: correlate ? (run.correlation[correlate] ?? null) : null, onTimeout: step.onTimeout ?? null },
        };
      }
      case 'branch': {
        const stepScope = { ...(typeof scope === 'function' ? await scope() : scope), vars: run.vars, group: run.group };
        const hit = step.cases.find((c) => evaluate(c.when, stepScope));
        run.position = hit ? jump(hit.goto, i) : jump(step.otherwise, i);
        break;
      }
      case 'split': {
        const bucket = bucketOf(runId, step.id);
        let floor = 0;
        const arm = step.arms.find((a) => bucket < (floor += a.percent)) ?? step.arms[step.arms.length - 1]!;
        run.group = arm.name;
        run.position = jump(arm.goto, i);
        break;
      }
      case 'exit':
        return finish(run, 'completed', 'exit_step');
      case 'send':
      case 'issue_code':
      case 'update_trait':
      case 'webhook': {
        // The variables so far, this advance's included: a send after issue_code sees the code.
        const result = await perform({ kind: step.type, step } as Effect, run.vars);
        if (result !== undefined) run.vars[step.id] = result;
        run.position = jump(undefined, i);
        break;
      }
    }
  }
  throw new Error(`Journey "${definition.name}" ran more steps than it has without waiting`);
}

/** Does this event end the wait: the right name and, when correlated, the same cart/order/product? */
export function matchesWait(run: RunState, event: { name: string; properties: Record<string, unknown> }): boolean {
  const waiting = run.waitingFor;
  if (!waiting || waiting.event !== event.name) return false;
  if (!waiting.correlate || waiting.value === null) return true;
  return correlationValues(event.properties, waiting.correlate).includes(waiting.value);
}

/** Exit conditions: the same matching, from the journey's `exitOn`. */
export function exitMatches(definition: JourneyDefinition, run: RunState, event: { name: string; properties: Record<string, unknown> }): boolean {
  return (definition.exitOn ?? []).some(
    (exit) =>
      exit.event === event.name &&
      (!exit.correlate || run.correlation[exit.correlate] === undefined || correlationValues(event.properties, exit.correlate).includes(run.correlation[exit.correlate]!)),
  );
}

/**
 * The values an event carries for a correlation: `cartId`/`cart_id`, `orderId`/`order_id`, and for
 * products also `sku` and every `products[].productId|sku` (an order containing the product).
 */
export function correlationValues(properties: Record<string, unknown>, correlate: Correlation): string[] {
  const snake = correlate.replace(/Id$/, '_id');
  const values = [properties[correlate], properties[snake]];
  if (correlate === 'productId') {
    values.push(properties.sku);
    // Segment's `products[]`, and the `lines[]` of commerce's order events.
    for (const products of [properties.products, properties.lines]) {
      if (!Array.isArray(products)) continue;
      for (const p of products) {
        if (p && typeof p === 'object') values.push((p as Record<string, unknown>).productId, (p as Record<string, unknown>).product_id, (p as Record<string, unknown>).sku);
      }
    }
  }
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

function indexOf(definition: JourneyDefinition, id: string): number {
  const i = definition.steps.findIndex((s) => s.id === id);
  if (i < 0) throw new Error(`No step ${id}`);
  return i;
}

function finish(run: RunState, status: 'completed' | 'exited', reason: string): RunState {
  return { ...run, status, position: null, wakeAt: null, waitingFor: null, endReason: reason };
}
