/**
 * The retailer's commerce settings, one row per key in `commerce_settings` (JSON); a key never
 * written has its default. Read where they decide something, so a change applies to the next
 * checkout, transition or return in every process.
 */
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { DB } from '../../db-schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { parseDuration } from '../../platform/duration.js';

const Duration = Type.String({ minLength: 2, maxLength: 40, description: 'ISO 8601 duration (PT48H, P7D)' });

const Loyalty = Type.Object(
  {
    pointsPerUnit: Type.Number({ minimum: 0, maximum: 100, description: 'Points per currency unit (euro) paid for goods, after discounts' }),
    channelMultipliers: Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 10 }), { description: 'e.g. {"app": 2}: double points in the app' }),
    tiers: Type.Array(Type.Object({ tier: Type.String({ minLength: 1, maxLength: 40 }), from: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
    rewards: Type.Array(
      Type.Object(
        { id: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 100 }), points: Type.Integer({ minimum: 1 }), amount: Type.Integer({ minimum: 1, description: 'Minor units off the order' }) },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const CommerceSettings = Type.Object({
  collectionWindow: Type.String({ description: 'How long a ready click & collect or ship-to-store order waits in store before it is released' }),
  reserveAndTryWindow: Type.String({ description: 'How long reserve-and-try goods are held in store (default 48 hours)' }),
  paymentWindow: Type.String({ description: 'How long an order waits for a payment that needs a further step' }),
  homeDeliveryFee: Type.Integer({ minimum: 0, description: 'Delivery fee in minor units' }),
  returnWindows: Type.Record(Type.String(), Type.String(), { description: 'Return window per channel the order was placed on (`default` for the others)' }),
  returnReasons: Type.Array(Type.String()),
  loyalty: Loyalty,
});
export type CommerceSettings = Static<typeof CommerceSettings>;

export const UpdateCommerceSettingsBody = Type.Partial(
  Type.Object(
    {
      collectionWindow: Duration,
      reserveAndTryWindow: Duration,
      paymentWindow: Duration,
      homeDeliveryFee: Type.Integer({ minimum: 0, maximum: 100_000 }),
      returnWindows: Type.Record(Type.String({ minLength: 1, maxLength: 40 }), Duration),
      returnReasons: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 50 }),
      loyalty: Loyalty,
    },
    { additionalProperties: false },
  ),
);
export type UpdateCommerceSettingsBody = Static<typeof UpdateCommerceSettingsBody>;

export const DEFAULT_COMMERCE_SETTINGS: CommerceSettings = {
  collectionWindow: 'P7D',
  reserveAndTryWindow: 'PT48H',
  paymentWindow: 'PT30M',
  homeDeliveryFee: 490,
  returnWindows: { default: 'P30D', store: 'P30D', web: 'P30D', app: 'P30D' },
  returnReasons: ['too_small', 'too_large', 'not_as_pictured', 'defective', 'changed_mind', 'other'],
  loyalty: {
    pointsPerUnit: 1,
    channelMultipliers: {},
    tiers: [
      { tier: 'member', from: 0 },
      { tier: 'silver', from: 500 },
      { tier: 'gold', from: 1500 },
      { tier: 'vip', from: 5000 },
    ],
    rewards: [
      { id: 'voucher_5', name: '5 € off', points: 250, amount: 500 },
      { id: 'voucher_10', name: '10 € off', points: 450, amount: 1000 },
    ],
  },
};

type Key = keyof CommerceSettings;
const KEYS = Object.keys(DEFAULT_COMMERCE_SETTINGS) as Key[];

export async function readCommerceSettings(db: Kysely<DB>): Promise<CommerceSettings> {
  const rows = await db.selectFrom('commerce_settings').select(['key', 'value']).execute();
  const settings = structuredClone(DEFAULT_COMMERCE_SETTINGS);
  for (const row of rows) if ((KEYS as string[]).includes(row.key)) (settings as unknown as Record<string, unknown>)[row.key] = JSON.parse(row.value) as unknown;
  return settings;
}

/** A duration setting in ms (settings are checked when written, so this cannot fail on stored values). */
export function windowMs(text: string): number {
  return parseDuration(text) ?? 0;
}

export async function updateCommerceSettings(ctx: Ctx, input: UpdateCommerceSettingsBody): Promise<CommerceSettings> {
  const errors: { path: string; message: string }[] = [];
  const durations: [string, string][] = [];
  for (const key of ['collectionWindow', 'reserveAndTryWindow', 'paymentWindow'] as const) if (input[key] !== undefined) durations.push([`body/${key}`, input[key]]);
  for (const [channel, text] of Object.entries(input.returnWindows ?? {})) durations.push([`body/returnWindows/${channel}`, text]);
  for (const [path, text] of durations) if (!parseDuration(text)) errors.push({ path, message: `${text} is not an ISO 8601 duration` });
  if (input.returnWindows && !('default' in input.returnWindows)) errors.push({ path: 'body/returnWindows/default', message: 'is required: the window of every other channel' });
  if (input.loyalty) {
    const froms = input.loyalty.tiers.map((t) => t.from);
    if (!froms.includes(0)) errors.push({ path: 'body/loyalty/tiers', message: 'needs a tier from 0 (everyone has a tier)' });
    if (new Set(froms).size !== froms.length) errors.push({ path: 'body/loyalty/tiers', message: 'two tiers start at the same points' });
  }
  if (errors.length > 0) throw new AppError('platform.validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      await trx
        .insertInto('commerce_settings')
        .values({ key, value: JSON.stringify(value), updated_at: at })
        .onConflict((c) => c.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
        .execute();
    }
  });
  return readCommerceSettings(ctx.db);
}
