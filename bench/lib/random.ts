/**
 * A seeded pseudo-random generator, so that every run loads the same data and sends the same
 * queries: figures from two runs then differ only by the code and the machine, not by the luck of
 * the draw.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform real number in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[['robe', 5], ['jupe', 2]]` gives robe five times out of seven. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Approximately normal (mean 0, deviation 1): the sum of uniforms, enough for scattering points. */
  gaussian(): number;
  chance(probability: number): boolean;
}

/** mulberry32: tiny, fast, and good enough for test data (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, weight] of items) total += weight;
      let draw = next() * total;
      for (const [item, weight] of items) {
        draw -= weight;
        if (draw < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    gaussian: () => next() + next() + next() + next() + next() + next() - 3,
    chance: (probability) => next() < probability,
  };
  return random;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, as src/platform/ids.ts

/**
 * Ids shaped like `newId` (`sto_` + 10 time characters + 16 random ones) but reproducible:
 * the time part counts up from a fixed instant and the tail comes from the seeded generator.
 */
export function idMaker(prefix: string, random: Random, startMs = Date.UTC(2026, 0, 1)): () => string {
  let at = startMs;
  return () => {
    let time = '';
    let t = at++;
    for (let i = 0; i < 10; i++) {
      time = ALPHABET[t % 32] + time;
      t = Math.floor(t / 32);
    }
    let tail = '';
    for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(random.next() * 32)];
    return `${prefix}_${time}${tail}`;
  };
}
