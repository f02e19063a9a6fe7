import { seededRandom, type Random } from '../lib/random.js';
import { CITY_WEIGHTS, FRANCE_BOUNDS } from './places.js';
import { COLOURS, MATERIALS, SIZE_CHARTS, TYPES } from './words.js';

/** Where a customer asks from: where people live (around cities, as the stores are), some anywhere in France. */
function customerPoint(random: Random): string {
  let lat: number;
  let lng: number;
  if (random.chance(0.2)) {
    lat = random.between(FRANCE_BOUNDS.minLat, FRANCE_BOUNDS.maxLat);
    lng = random.between(FRANCE_BOUNDS.minLng, FRANCE_BOUNDS.maxLng);
  } else {
    const city = random.weighted(CITY_WEIGHTS);
    lat = city.lat + random.gaussian() * 0.15;
    lng = city.lng + random.gaussian() * 0.2;
  }
  return `${lat.toFixed(4)},${lng.toFixed(4)}`;
}

/** Store-locator paths: customers asking for the ten nearest stores. */
export function locatorPaths(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `/v1/stores?near=${customerPoint(random)}&limit=10`);
}

/**
 * Availability paths: a product page's "in stock near me", one sku (from `skus`, the stocked ones
 * as often as they are drawn there) and the customer's position, the 20 nearest stores.
 */
export function availabilityPaths(count: number, seed: number, skus: readonly string[]): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const sku = random.pick(skus);
    return `/v1/availability?sku=${encodeURIComponent(sku)}&near=${customerPoint(random)}&limit=20`;
  });
}

export type QueryKind = 'one word' | 'two words' | 'prefix' | 'with filter';

export interface SearchQuery {
  kind: QueryKind;
  path: string;
}

/** The search words people type: garment types (some in the plural), materials, colours, and English names. */
function searchWords(): string[] {
  const words = new Set<string>();
  for (const type of TYPES) {
    words.add(type.fr.toLowerCase());
    words.add(type.en);
  }
  for (const material of MATERIALS) words.add(material.fr);
  for (const colour of COLOURS) words.add(colour.m.toLowerCase());
  for (const plural of ['robes', 'jupes', 'chemises', 'pulls', 'vestes', 'manteaux', 'chapeaux', 'jeans', 'dresses']) words.add(plural);
  return [...words];
}

/**
 * Search paths in four kinds: one word (`robe`, often matching thousands of products), two words
 * (`pull laine`), a prefix as typed in a search box (`chemi`), and a word with a size or colour filter.
 */
export function searchQueries(count: number, seed: number): SearchQuery[] {
  const random = seededRandom(seed);
  const words = searchWords();
  const apparel = TYPES.filter((type) => type.sizes !== 'one');
  const queries: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.weighted<QueryKind>([['one word', 40], ['two words', 30], ['prefix', 15], ['with filter', 15]]);
    let params: Record<string, string>;
    if (kind === 'one word') {
      params = { q: random.pick(words) };
    } else if (kind === 'two words') {
      const type = random.pick(TYPES).fr.toLowerCase();
      const second = random.chance(0.5) ? random.pick(MATERIALS).fr.split(' ')[0] : random.pick(COLOURS).m.toLowerCase().split(' ')[0];
      params = { q: `${type} ${second}` };
    } else if (kind === 'prefix') {
      const word = random.pick(words).split(' ')[0] ?? 'robe';
      params = { q: word.slice(0, Math.max(3, Math.min(word.length - 1, random.int(3, 6)))) };
    } else {
      const type = random.pick(apparel);
      params = { q: type.fr.toLowerCase() };
      if (random.chance(0.6)) params.size = random.pick(SIZE_CHARTS[type.sizes]);
      if (!params.size || random.chance(0.5)) params.color = random.pick(COLOURS).m.toLowerCase();
    }
    queries.push({ kind, path: `/v1/products?${queryString(params)}` });
  }
  return queries;
}

/** `%20` for spaces rather than URLSearchParams' `+`, as browsers' fetch and most SDKs send them. */
function queryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}
