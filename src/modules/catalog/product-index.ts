/**
 * What the catalog stores for search, and how a query is read: pure functions, shared by the API
 * writes, the CSV import and the demo seed, so every product is indexed the same way.
 */
import { analyse, facetKey, foldText, stemWord } from './search-text.js';

/** The texts of a product that search looks into. */
export interface IndexableProduct {
  name: string;
  nameEn: string | null;
  brand: string | null;
  attributes: Record<string, unknown>;
  /** The product's category and its ancestors, French and English names. */
  categoryNames: string[];
  variants: { color: string | null; attributes: Record<string, unknown> }[];
}

/**
 * Attributes whose words people type ("robe lin"). Others (fit, style, season, organic…) are facets
 * with values like `regular` or `true` that would only add noise to word search.
 */
export const SEARCHABLE_ATTRIBUTES = ['material'] as const;

/**
 * The rows of `product_search_terms` for a product: `analyse()` of its name, English name, brand,
 * category names (with the parent categories, so `femme` finds every women's product), variant
 * colours and the `material` attribute of the product and its variants. Descriptions are left out
 * on purpose: they are long and full of words ("à porter toute l'année") that would make every query
 * match everything. Sizes are filters, and refs and skus have their own lookups: neither is indexed.
 */
export function productSearchTerms(product: IndexableProduct): string[] {
  const texts: unknown[] = [product.name, product.nameEn, product.brand, ...product.categoryNames];
  const attributeTexts = (attributes: Record<string, unknown>) => SEARCHABLE_ATTRIBUTES.map((key) => attributes[key]);
  texts.push(...attributeTexts(product.attributes));
  for (const variant of product.variants) texts.push(variant.color, ...attributeTexts(variant.attributes));
  const terms = new Set<string>();
  for (const text of texts) if (typeof text === 'string') for (const term of analyse(text)) terms.add(term);
  return [...terms];
}

/** `products.sort_key`: listings are ordered by it, then by id. */
export function productSortKey(name: string): string {
  return foldText(name);
}

/** `product_variants.size_key` / `color_key`: what the size and colour filters compare. */
export function variantFacetKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const key = facetKey(value);
  return key === '' ? null : key;
}

/** One constraint of a word query: a whole indexed term, or a prefix of one. */
export type TermMatch = { kind: 'exact'; term: string } | { kind: 'prefix'; prefix: string };

export const MAX_QUERY_TERMS = 10;

/**
 * Reads a search box. Every word must match (AND). Words before the last are whole words, analysed
 * as indexed (accents and case folded, plural removed, filler words dropped): `robes plissées`
 * looks for `robe` and `plissee`. The last word is still being typed, so it matches as a prefix of
 * an indexed term (`robe pli` finds `plissee`), even when it is one letter or a filler word (`le`
 * may become `legging`); a trailing space closes it, and it then matches whole like the others.
 * Whole words before the last keep queries precise (`jean` does not find `jeanne`) and let the
 * database use one index seek per word.
 */
export function parseQuery(q: string): TermMatch[] {
  const folded = foldText(q);
  const chunks = folded.split(/[^a-z0-9-]+/).filter((chunk) => /[a-z0-9]/.test(chunk));
  const open = /[a-z0-9-]$/.test(folded);
  const matches: TermMatch[] = [];
  const seen = new Set<string>();
  const add = (match: TermMatch) => {
    const key = match.kind === 'exact' ? `=${match.term}` : `^${match.prefix}`;
    if (!seen.has(key)) {
      seen.add(key);
      matches.push(match);
    }
  };
  chunks.forEach((chunk, index) => {
    if (open && index === chunks.length - 1) {
      // `t-sh` is typed towards `t-shirt`, indexed as `tshirt`: the joined form is the prefix.
      const joined = chunk.replace(/-/g, '');
      add({ kind: 'prefix', prefix: stemWord(joined) });
    } else {
      for (const term of analyse(chunk)) add({ kind: 'exact', term });
    }
  });
  // A prefix already implied by an exact term of the same query adds nothing but cost.
  return matches.filter((m) => m.kind === 'exact' || !matches.some((o) => o.kind === 'exact' && o.term.startsWith(m.prefix)));
}

/** The half-open range `[prefix, upper)` holding every string that starts with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
