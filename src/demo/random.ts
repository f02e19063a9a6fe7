/**
 * The demo's only source of chance: sfc32, a small, fast, well-tested 128-bit PRNG.
 * Each entity (customer n, the catalog, a store) draws from its own stream, seeded from
 * (seed, stream, index) rather than from a shared sequence, so a customer comes out the same
 * whatever the chunk size, the engine or the number of customers generated before it.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream: number, index: number) {
    // The three inputs fill distinct state words: two different entities never start alike.
    this.#a = (seed ^ 0x9e3779b9) | 0;
    this.#b = index | 0;
    this.#c = Math.floor(index / 0x100000000) ^ Math.imul(stream, 0x85ebca6b);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index drawn with the given weights (any non-negative numbers). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let roll = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      roll -= weights[i]!;
      if (roll < 0) return i;
    }
    return weights.length - 1;
  }

  /** An item drawn from `[item, weight]` pairs. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    return entries[this.weightedIndex(entries.map((entry) => entry[1]))]![0];
  }

  /** `count` distinct items in random order (count capped at the list's length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < count && pool.length > 0) taken.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return taken;
  }

  /** Exponentially distributed value with the given mean: waiting times, counts with a long tail. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Random lowercase hex digits. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}

/** Streams: one per kind of entity, so adding draws to one kind never shifts another. */
export const STREAM = {
  catalog: 1,
  customer: 2,
  persona: 4,
  stock: 5,
} as const;
