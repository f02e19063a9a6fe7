import type { Ctx } from '../../../platform/context.js';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { normaliseSegmentEvent, type EventType, type NormalisedEvent, type SourceInfo } from './segment-event.js';
import { storeEvent } from './ingest.service.js';

/** Segment's limits: 32 KB an event, 500 KB and 2,500 events a batch. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_BATCH_EVENTS = 2500;

export interface RejectedEvent {
  index: number;
  messageId: string | null;
  field: string;
  message: string;
}

export interface TrackingResult {
  success: true;
  stored: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

function sourceOf(ctx: Ctx): SourceInfo {
  if (ctx.principal.kind !== 'source') throw new AppError('platform.forbidden', 'Tracking calls are made with a source write key');
  return { id: ctx.principal.sourceId, channel: ctx.principal.channel, storeId: ctx.principal.storeId };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Stores the valid events in one transaction, committed before the caller answers. */
async function store(ctx: Ctx, source: SourceInfo, events: NormalisedEvent[]): Promise<{ stored: number; duplicates: number }> {
  const now = ctx.clock.now().toISOString();
  let stored = 0;
  let duplicates = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const event of events) {
      const result = await storeEvent(trx, source, event, now);
      if (result.duplicate) duplicates += 1;
      else stored += 1;
    }
  });
  return { stored, duplicates };
}

/** One event from `/v1/track`, `/v1/identify`, …: valid and stored, or a 400 and nothing stored. */
export async function trackOne(ctx: Ctx, type: EventType, body: unknown): Promise<TrackingResult> {
  const source = sourceOf(ctx);
  const result = normaliseSegmentEvent(body, source, ctx.clock.now(), type);
  if (!result.ok) {
    throw new AppError('identity.invalid_event', `Invalid ${type} event: ${result.field ? `${result.field}: ` : ''}${result.message}`, {
      errors: [{ path: `body/${result.field}`, message: result.message }],
    });
  }
  const counts = await store(ctx, source, [result.event]);
  return { success: true, ...counts, rejected: [] };
}

/**
 * `/v1/batch`: the envelope must be valid; inside it, each event stands alone. Valid events are
 * stored, invalid ones (no identifier, wrong type, over 32 KB) are listed in `rejected`. A batch in
 * which no event is valid is a 400 and stores nothing.
 */
export async function trackBatch(ctx: Ctx, body: unknown, bodyBytes: number): Promise<TrackingResult> {
  const source = sourceOf(ctx);
  if (bodyBytes > MAX_BATCH_BYTES) throw new AppError('platform.payload_too_large', `A batch may be at most ${MAX_BATCH_BYTES} bytes`);
  if (!isObject(body) || !Array.isArray(body.batch)) {
    throw new AppError('identity.invalid_event', 'A batch is an object with a "batch" array of events', { errors: [{ path: 'body/batch', message: 'must be an array' }] });
  }
  if (body.batch.length > MAX_BATCH_EVENTS) throw new AppError('platform.payload_too_large', `A batch may hold at most ${MAX_BATCH_EVENTS} events, got ${body.batch.length}`);
  const now = ctx.clock.now();
  const sharedContext = isObject(body.context) ? body.context : {};
  const valid: NormalisedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  body.batch.forEach((raw: unknown, index: number) => {
    const messageId = isObject(raw) && typeof raw.messageId === 'string' ? raw.messageId : null;
    if (Buffer.byteLength(JSON.stringify(raw) ?? '') > MAX_EVENT_BYTES) {
      rejected.push({ index, messageId, field: '', message: `event larger than ${MAX_EVENT_BYTES} bytes` });
      return;
    }
    // The batch's own sentAt and context apply to events that do not carry theirs.
    const event = isObject(raw)
      ? { ...raw, sentAt: raw.sentAt ?? body.sentAt, context: { ...sharedContext, ...(isObject(raw.context) ? raw.context : {}) } }
      : raw;
    const result = normaliseSegmentEvent(event, source, now);
    if (result.ok) valid.push(result.event);
    else rejected.push({ index, messageId, field: result.field, message: result.message });
  });
  if (valid.length === 0) {
    const errors: FieldError[] = rejected.map((r) => ({ path: `body/batch/${r.index}/${r.field}`, message: r.message }));
    throw new AppError('identity.invalid_event', rejected.length ? 'No event of the batch is valid' : 'The batch is empty', { errors });
  }
  const counts = await store(ctx, source, valid);
  return { success: true, ...counts, rejected };
}
