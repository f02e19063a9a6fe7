import type { Fit, Material, Season, Style } from './data/catalog-words.js';

const FIT = { slim: ['ajustée', 'Slim'], regular: ['droite', 'Regular'], loose: ['ample', 'Relaxed'] } as const;
const STYLE = { casual: ['décontracté', 'casual'], chic: ['chic', 'smart'], sport: ['sportswear', 'sporty'] } as const;
const SEASON = {
  'spring-summer': ['Collection printemps-été.', 'Spring-summer collection.'],
  'autumn-winter': ['Collection automne-hiver.', 'Autumn-winter collection.'],
  'all-season': ['À porter toute l’année.', 'For every season.'],
} as const;

export interface DescribedProduct {
  name: string;
  nameEn: string;
  material: Material | null;
  fit: Fit | undefined;
  style: Style;
  season: Season;
  cosmetic: boolean;
  sizes: readonly string[];
}

/** A product's description in French and English, from what the generator chose for it. */
export function describe(product: DescribedProduct): { fr: string; en: string } {
  const { material, fit, style, season } = product;
  if (product.cosmetic) {
    const formats = product.sizes.join(' ou ');
    const key = material ? [` Ingrédient clé : ${material.fr}.`, ` Key ingredient: ${material.en}.`] : ['', ''];
    return {
      fr: `${product.name}. Formule certifiée bio (Cosmos Organic), fabriquée en France, sans parfum de synthèse.${key[0]} Format ${formats}.`,
      en: `${product.nameEn}. Certified organic formula (Cosmos Organic), made in France, no synthetic fragrance.${key[1]} Size ${product.sizes.join(' or ')}.`,
    };
  }
  const fr = [`${product.name}.`];
  const en = [`${product.nameEn}.`];
  if (fit) {
    fr.push(`Coupe ${FIT[fit][0]}, style ${STYLE[style][0]}.`);
    en.push(`${FIT[fit][1]} fit, ${STYLE[style][1]} style.`);
  } else {
    fr.push(`Style ${STYLE[style][0]}.`);
    en.push(`${STYLE[style][1].charAt(0).toUpperCase()}${STYLE[style][1].slice(1)} style.`);
  }
  if (material) {
    fr.push(`Matière : ${material.fr}.`);
    en.push(`Material: ${material.en}.`);
  }
  fr.push(SEASON[season][0]);
  en.push(SEASON[season][1]);
  return { fr: fr.join(' '), en: en.join(' ') };
}
