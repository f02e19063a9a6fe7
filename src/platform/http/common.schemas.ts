import { Type, type Static, type TSchema } from 'typebox';
import { AppError } from '../errors.js';

/** ISO 8601 UTC timestamp. */
export const Timestamp = Type.String({ format: 'date-time' });

export const Money = Type.Object(
  {
    amount: Type.Integer({ description: 'Integer minor units (cents)', minimum: 0 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

export const CursorQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Opaque cursor from `nextCursor` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

/** A page of a list: the items and the cursor to the next page (null on the last). */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new AppError('platform.validation_failed', 'The cursor is not one this API gave out', {
      errors: [{ path: 'querystring/cursor', message: 'is not a valid cursor' }],
    });
  }
}
