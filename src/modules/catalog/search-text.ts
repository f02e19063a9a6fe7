/**
 * Text analysis for catalog search, shared by indexing and querying so both see words alike:
 * accents and case folded, French and English plurals reduced, filler words dropped.
 */

const STOP_WORDS = new Set([
  // French
  'le', 'la', 'les', 'de', 'des', 'du', 'en', 'et', 'a', 'au', 'aux', 'un', 'une', 'pour', 'avec', 'sur', 'par', 'l', 'd',
  // English
  'the', 'an', 'and', 'of', 'for', 'with', 'in', 'on', 'to',
]);

/** Lower case, accents removed, ligatures expanded: `Écharpe Œillet` → `echarpe oeillet`. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/** One word to its indexed form: plural endings removed (robes → robe, chapeaux → chapeau, dresses → dress). */
export function stemWord(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  if (word.endsWith('eaux')) return word.slice(0, -1); // chapeaux → chapeau
  if (word.endsWith('sses')) return word.slice(0, -2); // dresses → dress
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`; // accessories → accessory
  if (word.endsWith('ss')) return word; // dress stays
  if (word.endsWith('s') || word.endsWith('x')) return word.slice(0, -1);
  return word;
}

/**
 * The words of a text, as indexed: a hyphenated word gives its joined form and its parts
 * (`t-shirt` → `tshirt`, `shirt`), one-letter words and filler words are dropped.
 */
export function analyse(text: string): string[] {
  const words = new Set<string>();
  for (const chunk of foldText(text).split(/[^a-z0-9-]+/)) {
    if (!chunk) continue;
    const parts = chunk.split('-').filter(Boolean);
    const candidates = parts.length > 1 ? [parts.join(''), ...parts] : parts;
    for (const candidate of candidates) {
      if (candidate.length < 2 || STOP_WORDS.has(candidate)) continue;
      words.add(stemWord(candidate));
    }
  }
  return [...words];
}

/** A size or colour as filters compare it: `Bleu Marine` and `bleu-marine` are one colour. */
export function facetKey(value: string): string {
  return foldText(value).replace(/[^a-z0-9]+/g, ' ').trim();
}
