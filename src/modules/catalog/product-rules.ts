/** Pure product rules shared by the JSON API and the CSV import. */
import { MAX_PRICE_MINOR, type Price } from './catalog.schemas.js';

/**
 * A decimal price as people write it (`29.99`, `29,99`, `29`) to integer minor units, read from the
 * digits so that no binary float ever rounds it (`0.29 * 100` is 28.999…). Thousands separators,
 * signs, symbols and more than two decimals are refused: they are ambiguous or a mistake.
 */
export function parseDecimalPrice(text: string): { amount: number } | { error: string } {
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) {
    return { error: `"${text}" is not a price: write euros and at most two decimals, like 29.99 or 29,99` };
  }
  const amount = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (amount > MAX_PRICE_MINOR) return { error: `${text} is above the highest price allowed (${MAX_PRICE_MINOR / 100})` };
  return { amount };
}

/** A compare-at price shows a reduction: it must be in the same currency and higher than the price. */
export function compareAtPriceProblem(price: Price, compareAt: Price | null | undefined): string | null {
  if (!compareAt) return null;
  if (compareAt.currency !== price.currency) return `is in ${compareAt.currency} but the price is in ${price.currency}`;
  if (compareAt.amount <= price.amount) return 'must be higher than the price (it shows the reduction)';
  return null;
}

/** The first repeated value of a list, with both indexes, or null. */
export function firstDuplicate<T>(values: readonly T[]): { value: T; first: number; again: number } | null {
  const seen = new Map<T, number>();
  for (const [index, value] of values.entries()) {
    const first = seen.get(value);
    if (first !== undefined) return { value, first, again: index };
    seen.set(value, index);
  }
  return null;
}
