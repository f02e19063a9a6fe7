/**
 * Freezes a value and everything it holds, for what is kept in memory and handed to many requests:
 * a caller that edits what it got fails loudly instead of changing it for the next one. A Map's
 * entries are not its own properties and stay as they are (keep Maps internal).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
