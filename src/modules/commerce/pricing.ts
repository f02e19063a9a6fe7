/**
 * Basket pricing under promotions, and refunds for returns, as pure decisions: which promotions
 * apply, what each takes off each line, what delivery costs, which presented codes are refused and
 * why. Every amount is an integer in minor units (cents); the time is passed in.
 *
 * The rules, in the order they act:
 * - A promotion is in play when its conditions hold at `at`: `startsAt` inclusive, `endsAt`
 *   exclusive, the basket's channel and fulfilment method among those listed (absent or empty =
 *   any), the goods subtotal before discounts at least `minSubtotal`, and at least one target line.
 *   Automatic promotions (`requiresCode: false`) need nothing more; the others need their code.
 * - Percentages go first, then fixed amounts; within a kind, higher `priority` first, then `id`.
 *   Stackable promotions apply one after the other, each to what the previous ones left of a line:
 *   10% then 20% is 28% off, and a line never goes below zero.
 * - A non-stackable promotion does not combine with anything on a line. On each line the customer
 *   gets the better of (a) all the stackable promotions together and (b) the best single
 *   non-stackable one, each computed as if it were alone. A promotion that loses on a line gives
 *   nothing there and its share is not moved to other lines: the result is the same whatever the
 *   order of lines and promotions, and no line pays for another's choice.
 * - A percentage rounds per line, half up. A fixed amount is spread over its lines in proportion to
 *   what is left of them (largest-remainder method), so the shares sum to the amount exactly and no
 *   share exceeds its line; an amount larger than the lines is cut to the lines.
 * - Free delivery waives the delivery fee; it touches no line, so it combines with everything.
 */
import type { Channel } from '../identity/channels.js';

export type FulfilmentMethod = 'home_delivery' | 'click_and_collect' | 'ship_to_store' | 'reserve_and_try';
export type PromotionKind = 'percent_off' | 'amount_off' | 'free_delivery';

export interface BasketLine {
  sku: string;
  productId: string;
  categoryIds: string[];
  /** Minor units. */
  unitPrice: number;
  quantity: number;
}

/** Lines matching any of the lists are targeted; no list (or only empty ones) targets the whole basket. */
export interface PromotionTarget {
  productIds?: string[];
  categoryIds?: string[];
  skus?: string[];
}

export interface PromotionConditions {
  /** Goods subtotal before any discount, minor units. */
  minSubtotal?: number;
  channels?: Channel[];
  /** ISO instants: from `startsAt` inclusive to `endsAt` exclusive. */
  startsAt?: string;
  endsAt?: string;
  fulfilment?: FulfilmentMethod[];
}

export interface Promotion {
  id: string;
  name: string;
  kind: PromotionKind;
  /** Whole percent 1–100 for `percent_off`, minor units for `amount_off`, unused for `free_delivery`. */
  value: number;
  target: PromotionTarget;
  conditions: PromotionConditions;
  requiresCode: boolean;
  stackable: boolean;
  /** Higher applies first and wins ties. */
  priority: number;
}

/** A code as typed, already resolved by the caller; `promotionId: null` when no promotion has it. */
export interface PresentedCode {
  code: string;
  promotionId: string | null;
}

export interface BasketToPrice {
  lines: BasketLine[];
  currency: string;
  channel: Channel;
  /** ISO instant the price is for. */
  at: string;
  delivery: { method: FulfilmentMethod; fee: number };
  promotions: Promotion[];
  codes: PresentedCode[];
}

export interface PricedLine {
  sku: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  discount: number;
  total: number;
  promotionIds: string[];
}

/** `amount` is what the promotion took off the goods, or the delivery fee it waived. */
export interface AppliedPromotion {
  promotionId: string;
  name: string;
  code?: string;
  amount: number;
}

export type CodeRefusalReason =
  | 'unknown'
  | 'duplicate'
  | 'not_started'
  | 'expired'
  | 'channel'
  | 'fulfilment'
  | 'min_subtotal'
  /** Nothing in the basket it can apply to (no target line, nothing to take off, no fee to waive). */
  | 'not_applicable'
  /** Valid, but another promotion gave a better price wherever this one applies. */
  | 'superseded';

export interface RefusedCode {
  code: string;
  reason: CodeRefusalReason;
}

export interface PricedBasket {
  currency: string;
  lines: PricedLine[];
  /** Goods before discounts. */
  subtotal: number;
  /** Goods discounts: the sum of the lines' discounts (a waived delivery fee is not in it). */
  discount: number;
  /** After free delivery. */
  deliveryFee: number;
  /** subtotal − discount + deliveryFee. */
  total: number;
  applied: AppliedPromotion[];
  refusedCodes: RefusedCode[];
}

/**
 * Prices a basket under the promotions in play.
 * @example priceBasket({ lines, currency: 'EUR', channel: 'web', at: now.toISOString(), delivery: { method: 'home_delivery', fee: 490 }, promotions, codes: [] }).total
 */
export function priceBasket(basket: BasketToPrice): PricedBasket {
  checkBasket(basket);
  const { lines, promotions } = basket;
  const subtotals = lines.map((line) => line.unitPrice * line.quantity);
  const subtotal = sum(subtotals);
  const situation = { basket, subtotal, at: Date.parse(basket.at) };

  const refusedCodes: RefusedCode[] = [];
  const codeOf = new Map<string, string>();
  for (const presented of basket.codes) {
    const promotion = promotions.find((p) => p.id === presented.promotionId);
    const reason = !promotion ? 'unknown' : codeOf.has(promotion.id) ? 'duplicate' : whyNot(promotion, situation);
    if (reason) refusedCodes.push({ code: presented.code, reason });
    else codeOf.set(promotion!.id, presented.code);
  }
  const inPlay = promotions
    .filter((p) => (p.requiresCode ? codeOf.has(p.id) : whyNot(p, situation) === null))
    .sort(applicationOrder);

  const onLines = inPlay.filter((p) => p.kind !== 'free_delivery');
  const stackable = onLines.filter((p) => p.stackable);
  const options = [
    { promotions: stackable, shares: applyInTurn(stackable, lines, subtotals) },
    ...onLines.filter((p) => !p.stackable).map((p) => ({ promotions: [p], shares: applyInTurn([p], lines, subtotals) })),
  ];
  // shares[p][i]: what promotion p takes off line i once each line has chosen its best option.
  const shares = new Map<string, number[]>(onLines.map((p) => [p.id, lines.map(() => 0)]));
  lines.forEach((_, i) => {
    const worth = (option: (typeof options)[number]) => sum(option.shares.map((s) => s[i]!));
    // Strictly better only: on a tie the stackable set, then the earliest in application order, keeps the line.
    const best = options.reduce((kept, option) => (worth(option) > worth(kept) ? option : kept));
    best.promotions.forEach((p, k) => (shares.get(p.id)![i] = best.shares[k]![i]!));
  });

  const pricedLines = lines.map((line, i): PricedLine => {
    const discount = sum(onLines.map((p) => shares.get(p.id)![i]!));
    return {
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: subtotals[i]!,
      discount,
      total: subtotals[i]! - discount,
      promotionIds: onLines.filter((p) => shares.get(p.id)![i]! > 0).map((p) => p.id),
    };
  });
  const discount = sum(pricedLines.map((l) => l.discount));

  const applied: AppliedPromotion[] = [];
  const credit = (p: Promotion, amount: number) => {
    const code = codeOf.get(p.id);
    if (amount > 0) applied.push({ promotionId: p.id, name: p.name, ...(code !== undefined && { code }), amount });
    else if (code !== undefined) {
      const aloneWorth = p.kind === 'free_delivery' ? basket.delivery.fee : sum(applyInTurn([p], lines, subtotals)[0]!);
      refusedCodes.push({ code, reason: aloneWorth > 0 ? 'superseded' : 'not_applicable' });
    }
  };
  for (const p of onLines) credit(p, sum(shares.get(p.id)!));
  // One fee, one waiver: the first free delivery in application order takes the credit.
  inPlay.filter((p) => p.kind === 'free_delivery').forEach((p, k) => credit(p, k === 0 ? basket.delivery.fee : 0));
  const deliveryFee = inPlay.some((p) => p.kind === 'free_delivery') ? 0 : basket.delivery.fee;

  return { currency: basket.currency, lines: pricedLines, subtotal, discount, deliveryFee, total: subtotal - discount + deliveryFee, applied, refusedCodes };
}

interface Situation {
  basket: BasketToPrice;
  subtotal: number;
  at: number;
}

/** Why a promotion is not in play for this basket, or null when it is. */
function whyNot(p: Promotion, { basket, subtotal, at }: Situation): CodeRefusalReason | null {
  const c = p.conditions;
  if (c.startsAt !== undefined && at < Date.parse(c.startsAt)) return 'not_started';
  if (c.endsAt !== undefined && at >= Date.parse(c.endsAt)) return 'expired';
  if (c.channels?.length && !c.channels.includes(basket.channel)) return 'channel';
  if (c.fulfilment?.length && !c.fulfilment.includes(basket.delivery.method)) return 'fulfilment';
  if (c.minSubtotal !== undefined && subtotal < c.minSubtotal) return 'min_subtotal';
  const targeted = basket.lines.filter((line) => targets(p.target, line));
  if (p.kind === 'free_delivery') return basket.delivery.fee > 0 && targeted.length > 0 ? null : 'not_applicable';
  return targeted.some((line) => line.unitPrice > 0) ? null : 'not_applicable';
}

function targets(target: PromotionTarget, line: BasketLine): boolean {
  const { productIds = [], categoryIds = [], skus = [] } = target;
  if (productIds.length + categoryIds.length + skus.length === 0) return true;
  return skus.includes(line.sku) || productIds.includes(line.productId) || line.categoryIds.some((c) => categoryIds.includes(c));
}

const KIND_ORDER: Record<PromotionKind, number> = { percent_off: 0, amount_off: 1, free_delivery: 2 };

function applicationOrder(a: Promotion, b: Promotion): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Applies promotions one after the other, each to what is left of the lines; shares per promotion and line. */
function applyInTurn(promotions: Promotion[], lines: BasketLine[], subtotals: number[]): number[][] {
  const left = [...subtotals];
  return promotions.map((p) => {
    const weights = lines.map((line, i) => (targets(p.target, line) ? left[i]! : 0));
    const shares =
      p.kind === 'percent_off'
        ? weights.map((w) => Math.floor((w * p.value + 50) / 100)) // half up, and never above w since value ≤ 100
        : spread(Math.min(p.value, sum(weights)), weights, lines.map(lineKey));
    shares.forEach((s, i) => (left[i]! -= s));
    return shares;
  });
}

/**
 * Splits `amount` (≤ the sum of weights) in proportion to the weights, by largest remainder: each
 * gets the floor of its exact share, and the units left go to the largest remainders. A share never
 * exceeds its weight. Ties go by `keys`, so that equal lines get equal treatment in any order.
 */
export function spread(amount: number, weights: number[], keys: string[]): number[] {
  const total = BigInt(sum(weights));
  if (total === 0n) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(amount) * BigInt(w)); // share = exact / total
  const shares = exact.map((e) => Number(e / total));
  const byRemainder = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = exact[a]! % total;
      const rb = exact[b]! % total;
      return ra !== rb ? (rb > ra ? 1 : -1) : keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0;
    });
  for (let k = 0, left = amount - sum(shares); k < left; k++) shares[byRemainder[k]!]! += 1;
  return shares;
}

function lineKey(line: BasketLine): string {
  return JSON.stringify([line.sku, line.productId, line.unitPrice, line.quantity, [...line.categoryIds].sort()]);
}

// ---------------------------------------------------------------------------------------------
// Refunds

/** A priced order line as kept on the order, with how many of its units came back already. */
export interface RefundableLine {
  sku: string;
  quantity: number;
  /** What was paid for the line's goods, minor units. */
  total: number;
  returnedQuantity?: number;
}

export interface ReturnedItem {
  sku: string;
  quantity: number;
}

export interface RefundLine {
  sku: string;
  quantity: number;
  /** One amount per returned unit. */
  unitAmounts: number[];
  amount: number;
}

export type RefundDecision =
  | {
      ok: true;
      lines: RefundLine[];
      /** Goods refunded by this return. */
      amount: number;
      /** True when this return brings back the last units of the order: the delivery fee is refunded too. */
      refundDelivery: boolean;
      /** Each order line's `returnedQuantity` after this return, in order, to keep on the order. */
      returnedAfter: number[];
    }
  | { ok: false; reason: 'unknown_sku' | 'more_than_bought' | 'invalid_quantity'; sku: string };

/**
 * What a return refunds, unit by unit. A line's total is split over its units, the first
 * `total mod quantity` units carrying one more minor unit; returns take units in that order, so
 * any sequence of returns refunds at most what was paid, and exactly that once everything is back.
 * @example refundForReturn(order.lines, [{ sku: 'DRESS-38', quantity: 1 }])
 */
export function refundForReturn(pricedOrderLines: readonly RefundableLine[], returned: readonly ReturnedItem[]): RefundDecision {
  for (const line of pricedOrderLines) {
    const back = line.returnedQuantity ?? 0;
    if (!isCount(line.quantity) || !isCount(line.total) || !isCount(back) || back > line.quantity) throw new RangeError(`refundForReturn: bad order line ${line.sku}`);
  }
  const back = pricedOrderLines.map((line) => line.returnedQuantity ?? 0);
  const lines: RefundLine[] = [];
  for (const item of returned) {
    if (!isCount(item.quantity) || item.quantity === 0) return { ok: false, reason: 'invalid_quantity', sku: item.sku };
    const matching = pricedOrderLines.map((line, i) => ({ line, i })).filter(({ line }) => line.sku === item.sku);
    if (matching.length === 0) return { ok: false, reason: 'unknown_sku', sku: item.sku };
    if (sum(matching.map(({ line, i }) => line.quantity - back[i]!)) < item.quantity) return { ok: false, reason: 'more_than_bought', sku: item.sku };
    const unitAmounts: number[] = [];
    for (const { line, i } of matching) {
      while (unitAmounts.length < item.quantity && back[i]! < line.quantity) {
        const unit = back[i]!;
        unitAmounts.push(Math.floor(line.total / line.quantity) + (unit < line.total % line.quantity ? 1 : 0));
        back[i]! += 1;
      }
    }
    lines.push({ sku: item.sku, quantity: item.quantity, unitAmounts, amount: sum(unitAmounts) });
  }
  const allBack = pricedOrderLines.every((line, i) => back[i] === line.quantity);
  return { ok: true, lines, amount: sum(lines.map((l) => l.amount)), refundDelivery: allBack && lines.length > 0, returnedAfter: back };
}

// ---------------------------------------------------------------------------------------------

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Bad input here is a caller's bug (schemas validate requests first), so it throws. */
function checkBasket(basket: BasketToPrice): void {
  const fail = (what: string) => {
    throw new RangeError(`priceBasket: ${what}`);
  };
  if (Number.isNaN(Date.parse(basket.at))) fail(`at is not an instant: ${basket.at}`);
  if (!isCount(basket.delivery.fee)) fail('delivery fee must be an integer ≥ 0');
  for (const line of basket.lines) {
    if (!isCount(line.unitPrice) || !isCount(line.quantity) || line.quantity === 0) fail(`line ${line.sku}: unit price ≥ 0 and quantity ≥ 1, integers`);
  }
  const ids = new Set<string>();
  for (const p of basket.promotions) {
    if (ids.has(p.id)) fail(`promotion ${p.id} twice`);
    ids.add(p.id);
    if (p.kind === 'percent_off' && !(Number.isInteger(p.value) && p.value >= 1 && p.value <= 100)) fail(`promotion ${p.id}: percent 1–100`);
    if (p.kind === 'amount_off' && !(isCount(p.value) && p.value > 0)) fail(`promotion ${p.id}: amount ≥ 1 minor unit`);
    if (!Number.isFinite(p.priority)) fail(`promotion ${p.id}: priority`);
    const { startsAt, endsAt, minSubtotal } = p.conditions;
    for (const instant of [startsAt, endsAt]) if (instant !== undefined && Number.isNaN(Date.parse(instant))) fail(`promotion ${p.id}: bad instant ${instant}`);
    if (minSubtotal !== undefined && !isCount(minSubtotal)) fail(`promotion ${p.id}: minSubtotal`);
  }
}
