/**
 * The vocabulary product names are built from. French adjectives agree with the noun they follow
 * (`Robe plissée`, `Pull plissé`, `Bottes plissées`), so each word carries its four forms.
 */

/** Grammatical gender and number of a French noun: masculine/feminine, singular/plural. */
export type NounForm = 'm' | 'f' | 'mp' | 'fp';

export interface Word {
  m: string;
  f: string;
  mp: string;
  fp: string;
  en: string;
  /** What the word says about the garment, for attributes: a fit, a style hint or a season. */
  fit?: Fit;
  style?: Style;
}

export type Fit = 'slim' | 'regular' | 'loose';
export type Style = 'casual' | 'chic' | 'sport';
export type Season = 'spring-summer' | 'autumn-winter' | 'all-season';

/** A regular adjective: `plissé` → plissée, plissés, plissées; `fluide` → fluide, fluides. */
export function adj(m: string, en: string, extra: Partial<Word> = {}): Word {
  const f = m.endsWith('e') ? m : `${m}e`;
  const plural = (word: string) => (/[sx]$/.test(word) ? word : `${word}s`);
  return { m, f, mp: plural(m), fp: plural(f), en, ...extra };
}

/** A word that never changes: `midi`, `oversize`, `à fleurs`, `col V`. */
export function inv(word: string, en: string, extra: Partial<Word> = {}): Word {
  return { m: word, f: word, mp: word, fp: word, en, ...extra };
}

export interface Material {
  /** As the attribute and search index hold it: `lin`, `coton bio`. */
  fr: string;
  en: string;
  /** How it follows the noun: `en lin`, `à l’aloe vera`. */
  phrase: string;
  season?: Season;
  /** Premium materials lift the price and carry the Atelier label. */
  premium?: boolean;
}

export function mat(fr: string, en: string, extra: Partial<Material> = {}): Material {
  return { fr, en, phrase: `en ${fr}`, ...extra };
}

/** An ingredient of a cosmetic, named the way French labels do (`à l’`, `au`, `à la`). */
export function ingredient(phrase: string, fr: string, en: string): Material {
  return { fr, en, phrase };
}

export const M = {
  lin: mat('lin', 'linen', { season: 'spring-summer' }),
  cotonBio: mat('coton bio', 'organic cotton'),
  coton: mat('coton', 'cotton'),
  viscose: mat('viscose', 'viscose', { season: 'spring-summer' }),
  soie: mat('soie', 'silk', { premium: true }),
  satin: mat('satin', 'satin'),
  maille: mat('maille', 'knit', { season: 'autumn-winter' }),
  denim: mat('denim', 'denim'),
  veloursCotele: mat('velours côtelé', 'corduroy', { season: 'autumn-winter' }),
  velours: mat('velours', 'velvet', { season: 'autumn-winter' }),
  laine: mat('laine', 'wool', { season: 'autumn-winter' }),
  merinos: mat('laine mérinos', 'merino wool', { season: 'autumn-winter' }),
  cachemire: mat('cachemire', 'cashmere', { season: 'autumn-winter', premium: true }),
  alpaga: mat('alpaga', 'alpaca', { season: 'autumn-winter', premium: true }),
  tweed: mat('tweed', 'tweed', { season: 'autumn-winter' }),
  crepe: mat('crêpe', 'crepe'),
  jersey: mat('jersey', 'jersey'),
  popeline: mat('popeline', 'poplin'),
  flanelle: mat('flanelle', 'flannel', { season: 'autumn-winter' }),
  gabardine: mat('gabardine', 'gabardine'),
  cotonEnduit: mat('coton enduit', 'waxed cotton'),
  nylonRecycle: mat('nylon recyclé', 'recycled nylon'),
  molleton: mat('molleton', 'fleece', { season: 'autumn-winter' }),
  cuir: mat('cuir', 'leather', { premium: true }),
  daim: mat('daim', 'suede', { premium: true }),
  cuirVerni: mat('cuir verni', 'patent leather', { premium: true }),
  toile: mat('toile', 'canvas', { season: 'spring-summer' }),
  raphia: mat('raphia', 'raffia', { season: 'spring-summer' }),
  paille: mat('paille', 'straw', { season: 'spring-summer' }),
  caoutchouc: mat('caoutchouc naturel', 'natural rubber'),
  laiton: mat('laiton doré', 'gold-tone brass'),
  argent: mat('argent', 'sterling silver', { premium: true }),
} satisfies Record<string, Material>;

export interface Colour {
  name: string;
  en: string;
  /** Three letters in SKUs: `SN-ROB014-NOI-38`. */
  code: string;
}

export const COLOURS = {
  noir: { name: 'Noir', en: 'black', code: 'NOI' },
  blanc: { name: 'Blanc', en: 'white', code: 'BLA' },
  ecru: { name: 'Écru', en: 'ecru', code: 'ECR' },
  marine: { name: 'Bleu marine', en: 'navy blue', code: 'MAR' },
  rouge: { name: 'Rouge', en: 'red', code: 'ROU' },
  sapin: { name: 'Vert sapin', en: 'fir green', code: 'SAP' },
  camel: { name: 'Camel', en: 'camel', code: 'CAM' },
  rose: { name: 'Rose poudré', en: 'powder pink', code: 'RPO' },
  gris: { name: 'Gris chiné', en: 'heather grey', code: 'GRI' },
  kaki: { name: 'Kaki', en: 'khaki', code: 'KAK' },
  bordeaux: { name: 'Bordeaux', en: 'burgundy', code: 'BOR' },
  moutarde: { name: 'Jaune moutarde', en: 'mustard yellow', code: 'MOU' },
  beige: { name: 'Beige', en: 'beige', code: 'BEI' },
  ciel: { name: 'Bleu ciel', en: 'sky blue', code: 'CIE' },
  terracotta: { name: 'Terracotta', en: 'terracotta', code: 'TER' },
  indigo: { name: 'Bleu indigo', en: 'indigo', code: 'IND' },
  cognac: { name: 'Cognac', en: 'cognac', code: 'COG' },
  dore: { name: 'Doré', en: 'gold', code: 'DOR' },
  argente: { name: 'Argenté', en: 'silver', code: 'ARG' },
} satisfies Record<string, Colour>;

type C = (typeof COLOURS)[keyof typeof COLOURS];
const c = COLOURS;

/** Colour ranges: a product takes a few colours from its type's range. */
export const PALETTES = {
  basics: [c.noir, c.blanc, c.ecru, c.marine, c.gris, c.beige],
  seasonal: [c.noir, c.ecru, c.marine, c.rouge, c.sapin, c.camel, c.rose, c.kaki, c.bordeaux, c.moutarde, c.terracotta, c.ciel],
  knit: [c.ecru, c.gris, c.camel, c.marine, c.sapin, c.bordeaux, c.moutarde, c.rose, c.noir],
  denim: [c.indigo, c.ciel, c.noir, c.blanc, c.ecru],
  outerwear: [c.noir, c.marine, c.camel, c.kaki, c.beige, c.gris, c.sapin],
  rain: [c.moutarde, c.marine, c.noir, c.kaki, c.rouge, c.sapin],
  leather: [c.noir, c.cognac, c.camel, c.bordeaux, c.beige],
  jewellery: [c.dore, c.argente],
  lips: [c.rouge, c.rose, c.bordeaux, c.terracotta],
  mascara: [c.noir],
} satisfies Record<string, C[]>;

/** Size ranges. Women's skirts, dresses and trousers use French sizes 34–46 (38 is the most sold). */
export const SIZES = {
  womenTops: ['XS', 'S', 'M', 'L', 'XL'],
  menTops: ['S', 'M', 'L', 'XL', 'XXL'],
  womenBottoms: ['34', '36', '38', '40', '42', '44', '46'],
  menBottoms: ['38', '40', '42', '44', '46', '48'],
  womenShoes: ['36', '37', '38', '39', '40', '41'],
  menShoes: ['40', '41', '42', '43', '44', '45'],
  unisexShoes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
  oneSize: ['TU'],
} satisfies Record<string, string[]>;
