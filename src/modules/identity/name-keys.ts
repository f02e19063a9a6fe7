/**
 * Staff find people by name as they say it: "helene", "Hélène", "HÉLÈNE" and "Helene" are one name,
 * and so are "Jean-Pierre" and "jean pierre". A name trait (first name, last name, full name) is kept
 * with its search key beside it (`profile_traits.search_key`), the form both the stored name and the
 * query take before comparing: case folded, accents and ligatures undone, every run of other
 * characters than letters and digits turned into one space.
 */

/** The traits searched as names. */
export const NAME_TRAITS: readonly string[] = ['firstName', 'lastName', 'name'];

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l' };

/** Text as compared: case folded, accents and ligatures undone, one space between words. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[œæßøđł]/g, (c) => LIGATURES[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A name or query as compared: "Marie-Hélène  d'Œuf" → "marie helene d oeuf"; empty when nothing is left. */
export function nameKey(text: string): string {
  return fold(text).slice(0, 200).trim();
}

/** The words of a text folded as names are ("Jupe crayon noire" → jupe, crayon, noire): what the store mirror's assistant reads questions with. */
export function foldedWords(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** The search key of a trait row: its name key for a name trait holding text, otherwise null. */
export function traitSearchKey(name: string, valueJson: string): string | null {
  if (!NAME_TRAITS.includes(name)) return null;
  let value: unknown;
  try {
    value = JSON.parse(valueJson);
  } catch {
    return null;
  }
  if (typeof value !== 'string') return null;
  return nameKey(value) || null;
}

/**
 * A name key and its ends from each inner word on ("jean pierre martin" → itself, "pierre martin",
 * "martin"): what a query's first word may begin. The whole key is indexed with its trait, the
 * others in `profile_name_words`, whose triggers cut keys the same way.
 */
export function nameKeyEnds(key: string): string[] {
  const words = key.split(' ');
  return words.map((_, i) => words.slice(i).join(' '));
}
