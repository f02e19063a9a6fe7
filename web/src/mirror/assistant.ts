/**
 * The mirror's assistant: a shopper asks, in French or English, for an item ("où trouver une jupe en
 * 38 qui va avec ce haut ?", "a skirt in size 38 that goes with this top") and gets the best one in
 * stock here, in that size, with its aisle. No language model: the question is read against the
 * catalog's own category names (both languages), a size and whether it must go with the product
 * just scanned; the answer comes from the stock and the look rules of complements.ts.
 */
import { categoryIndex, complementDepartments, departmentOf, lookScorer, type CategoryNode, type ProductLike } from './complements.js';
import { foldedWords as wordsOf } from '../../../src/modules/identity/name-keys.js';

export interface NamedCategory extends CategoryNode {
  nameEn?: string | null;
}

export interface Question {
  /** The categories the shopper names (sub-categories only: "jupe" → Jupes). */
  categoryIds: string[];
  size: string | null;
  /** "qui va avec", "goes with": it must go with the product scanned. */
  goesWith: boolean;
  /** The question's words (lower case, no accents) but those naming the product in hand: where a colour is looked for. */
  words: string[];
}

/** A word as compared with category names: singular (a trailing s or x dropped), or null when it names no item. */
function itemWord(word: string): string | null {
  if (word.length < 3 || STOP.has(word)) return null;
  return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
}

// Words that name no kind of item, in category names or in questions.
const STOP = new Set(['et', 'de', 'des', 'du', 'la', 'le', 'les', 'un', 'une', 'en', 'ou', 'au', 'aux', 'avec', 'pour', 'qui', 'bio', 'and', 'of', 'the', 'with', 'for', 'in']);
// A word after these is the product in hand ("ce haut", "this top"), not what is asked for.
const DEMONSTRATIVES = new Set(['ce', 'cet', 'cette', 'this']);
const SIZE_AFTER = /\b(?:taille|size|en|in)\s+(\d{2}|xxs|xs|s|m|l|xl|xxl|tu)\b/;
const NUMERIC_SIZE = /\b([2-5]\d)\b/;
const GOES_WITH = /\b(va|vont|aller|irait|iraient) avec\b|assorti|accord|\bgo(es)? (well )?with\b|\bmatch/;

export function readQuestion(text: string, categories: NamedCategory[]): Question {
  const asked = wordsOf(text);
  const free = asked.filter((_, i) => !DEMONSTRATIVES.has(asked[i - 1] ?? ''));
  const meant = new Set(free.flatMap((w) => itemWord(w) ?? []));
  const folded = asked.join(' ');
  const categoryIds = categories
    .filter((c) => c.parentId !== null)
    .filter((c) => wordsOf(`${c.name} ${c.nameEn ?? ''}`).some((w) => meant.has(itemWord(w) ?? '')))
    .map((c) => c.id);
  const size = SIZE_AFTER.exec(folded)?.[1] ?? NUMERIC_SIZE.exec(folded)?.[1] ?? null;
  return { categoryIds, size: size === null ? null : size.toUpperCase(), goesWith: GOES_WITH.test(folded), words: free };
}

/** A colour's word as said of an item: "noir" is also noire, noirs, noires; "blanc" also blanche. */
function saysColour(word: string, colour: string): boolean {
  return [colour, `${colour}e`, `${colour}s`, `${colour}es`, ...(colour.endsWith('c') ? [`${colour}he`, `${colour}hes`] : [])].includes(word);
}

/**
 * The colours asked for, among those these products come in: a question word that names a colour's
 * first word ("noire" → Noir; "gris" → Gris and Gris chiné). Empty when no colour is named.
 */
export function coloursAsked(question: Question, products: { variants: { color: string | null }[] }[]): Set<string> {
  const colours = new Set(products.flatMap((p) => p.variants.flatMap((v) => (v.color ? [v.color] : []))));
  return new Set([...colours].filter((colour) => {
    const first = wordsOf(colour)[0];
    return first !== undefined && question.words.some((w) => saysColour(w, first));
  }));
}

export interface StockedCandidate<T extends ProductLike> {
  product: T;
  /** A variant asked for (variantsAsked), with its stock and aisle here. */
  sku: string;
  size: string | null;
  color?: string | null;
  available: number;
  aisle: string | null;
}

/**
 * The products that could answer, best first, before their stock is known: of the categories asked
 * for; with the product in hand and "goes with", only what goes with it (not from a parallel
 * department, the look rules of complements.ts), the best look first.
 */
export function rankCandidates<T extends ProductLike>(question: Question, scanned: ProductLike | null, categories: CategoryNode[], products: T[]): { product: T; score: number }[] {
  const byId = categoryIndex(categories);
  const matching = scanned !== null && question.goesWith;
  const allowed = matching && scanned.category ? new Set(complementDepartments(scanned.category.id, categories)) : null;
  const look = matching ? lookScorer(scanned, categories) : () => 0;
  return products
    .filter((p) => p.category && question.categoryIds.includes(p.category.id))
    .filter((p) => allowed === null || allowed.has(departmentOf(p.category!.id, byId)))
    .flatMap((product) => {
      const score = look(product);
      return score === null ? [] : [{ product, score }];
    })
    .sort((a, b) => b.score - a.score);
}

/** The variants asked for: in the size named (else any), in a colour named (else any). */
export function variantsAsked<V extends { size?: string | null; color: string | null }>(question: Question, variants: V[], colours: ReadonlySet<string> = new Set()): V[] {
  return variants
    .filter((v) => question.size === null || (v.size ?? '').toUpperCase() === question.size)
    .filter((v) => colours.size === 0 || (v.color !== null && colours.has(v.color)));
}

/** Of ranked products and their stock here, the answers: in stock, in rank order, the most stocked first among equals. */
export function bestAnswers<T extends ProductLike>(ranked: { product: T; score: number }[], stocked: StockedCandidate<T>[]): StockedCandidate<T>[] {
  const rank = new Map(ranked.map((r, i) => [r.product.id, { i, score: r.score }]));
  return stocked
    .filter((s) => s.available > 0 && rank.has(s.product.id))
    .sort((a, b) => rank.get(b.product.id)!.score - rank.get(a.product.id)!.score || b.available - a.available || rank.get(a.product.id)!.i - rank.get(b.product.id)!.i);
}
