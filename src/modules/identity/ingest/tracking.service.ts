import type { Ctx, Deps } from '../../../platform/context.js';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { copyOwn, normaliseSegmentEvent, type EventType, type NormalisedEvent, type SourceInfo } from './segment-event.js';
import { storeItems, type IngestItem, type StoredEvent } from './ingest.service.js';
import { groupCommit } from './group-commit.js';
import { startWalCheckpointer } from '../../../platform/db/wal-checkpointer.js';

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

/**
 * Where tracking calls store their events: through one queue per process (group-commit.ts), a call
 * sharing its transaction with those that arrived meanwhile. A call is answered only once its
 * events are committed; a batch's events are committed together or not at all.
 */
export interface Ingestor {
  storeBatch(events: IngestItem[]): Promise<StoredEvent[]>;
  storeOne(event: IngestItem): Promise<StoredEvent>;
  /** Lets the events already taken be committed (on shutdown). */
  close(): Promise<void>;
}

// Events per grouped transaction: enough to share a commit among the single calls of a few
// milliseconds, or two batches; more would hold SQLite's single writer (and every call queued
// behind it) for long. A larger batch goes alone.
const MAX_GROUPED_EVENTS = 1000;

export function createIngestor(deps: Deps): Ingestor {
  const { kysely, sqlite } = deps.database;
  // On SQLite, ingestion's commits must not wait for checkpoints (see wal-checkpointer.ts).
  const checkpointer = startWalCheckpointer(deps.database);
  const commit = async (items: IngestItem[]) => {
    const now = deps.clock.now().toISOString();
    const results = await kysely.transaction().execute((trx) => storeItems(trx, items, now, { sqlite }));
    checkpointer?.nudge();
    return results;
  };
  const grouped = groupCommit<IngestItem, StoredEvent>({ commit, maxItems: MAX_GROUPED_EVENTS });
  return {
    storeBatch: (items) => grouped.submit(items),
    storeOne: async (item) => (await grouped.submit([item]))[0]!,
    async close() {
      await grouped.drain();
      await checkpointer?.stop();
    },
  };
}

function counts(results: StoredEvent[]): { stored: number; duplicates: number } {
  const duplicates = results.filter((r) => r.duplicate).length;
  return { stored: results.length - duplicates, duplicates };
}

/** One event from `/v1/track`, `/v1/identify`, …: valid and stored, or a 400 and nothing stored. */
export async function trackOne(ctx: Ctx, ingestor: Ingestor, type: EventType, body: unknown): Promise<TrackingResult> {
  const source = sourceOf(ctx);
  const result = normaliseSegmentEvent(body, source, ctx.clock.now(), type);
  if (!result.ok) {
    throw new AppError('identity.invalid_event', `Invalid ${type} event: ${result.field ? `${result.field}: ` : ''}${result.message}`, {
      errors: [{ path: `body/${result.field}`, message: result.message }],
    });
  }
  const stored = await ingestor.storeOne({ source, event: result.event });
  return { success: true, ...counts([stored]), rejected: [] };
}

/**
 * `/v1/batch`: the envelope must be valid; inside it, each event stands alone. Valid events are
 * stored, invalid ones (no identifier, wrong type, over 32 KB) are listed in `rejected`. A batch in
 * which no event is valid is a 400 and stores nothing.
 */
export async function trackBatch(ctx: Ctx, ingestor: Ingestor, body: unknown, bodyBytes: number): Promise<TrackingResult> {
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
    const text = JSON.stringify(raw) ?? '';
    // A UTF-16 unit is at most 3 UTF-8 bytes: most events need no byte count.
    if (text.length * 3 > MAX_EVENT_BYTES && Buffer.byteLength(text) > MAX_EVENT_BYTES) {
      rejected.push({ index, messageId, field: '', message: `event larger than ${MAX_EVENT_BYTES} bytes` });
      return;
    }
    // The batch's own sentAt and context apply to events that do not carry theirs:
    // `{ ...raw, sentAt, context: { ...shared, ...raw.context } }`, without the slow spread (see copyOwn).
    let event: unknown = raw;
    if (isObject(raw)) {
      const merged = copyOwn({}, raw);
      merged.sentAt = raw.sentAt ?? body.sentAt;
      merged.context = isObject(raw.context) ? copyOwn(copyOwn({}, sharedContext), raw.context) : copyOwn({}, sharedContext);
      event = merged;
    }
    const result = normaliseSegmentEvent(event, source, now);
    if (result.ok) valid.push(result.event);
    else rejected.push({ index, messageId, field: result.field, message: result.message });
  });
  if (valid.length === 0) {
    const errors: FieldError[] = rejected.map((r) => ({ path: `body/batch/${r.index}/${r.field}`, message: r.message }));
    throw new AppError('identity.invalid_event', rejected.length ? 'No event of the batch is valid' : 'The batch is empty', { errors });
  }
  const stored = await ingestor.storeBatch(valid.map((event) => ({ source, event })));
  return { success: true, ...counts(stored), rejected };
}
