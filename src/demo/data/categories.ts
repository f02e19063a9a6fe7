import type { Colour, Fit, Material, NounForm, Season, Style, Word } from './catalog-words.js';

export interface CategorySeed {
  slug: string;
  name: string;
  en: string;
  parent?: string;
}

/** Departments first, then their sub-categories; ids are `cat_` + the slug without hyphens. */
export const CATEGORY_SEEDS: readonly CategorySeed[] = [
  { slug: 'femme', name: 'Femme', en: 'Women' },
  { slug: 'homme', name: 'Homme', en: 'Men' },
  { slug: 'accessoires', name: 'Accessoires', en: 'Accessories' },
  { slug: 'chaussures', name: 'Chaussures', en: 'Shoes' },
  { slug: 'beaute', name: 'Beauté', en: 'Beauty' },
  { slug: 'femme-robes', name: 'Robes', en: 'Dresses', parent: 'femme' },
  { slug: 'femme-jupes', name: 'Jupes', en: 'Skirts', parent: 'femme' },
  { slug: 'femme-hauts', name: 'Hauts et t-shirts', en: 'Tops and T-shirts', parent: 'femme' },
  { slug: 'femme-chemises', name: 'Chemises et blouses', en: 'Shirts and blouses', parent: 'femme' },
  { slug: 'femme-mailles', name: 'Pulls et gilets', en: 'Knitwear', parent: 'femme' },
  { slug: 'femme-pantalons', name: 'Pantalons et jeans', en: 'Trousers and jeans', parent: 'femme' },
  { slug: 'femme-vestes', name: 'Vestes et manteaux', en: 'Jackets and coats', parent: 'femme' },
  { slug: 'femme-impermeables', name: 'Imperméables', en: 'Raincoats', parent: 'femme' },
  { slug: 'homme-tshirts', name: 'T-shirts et polos', en: 'T-shirts and polo shirts', parent: 'homme' },
  { slug: 'homme-chemises', name: 'Chemises', en: 'Shirts', parent: 'homme' },
  { slug: 'homme-mailles', name: 'Pulls et sweats', en: 'Knitwear and sweatshirts', parent: 'homme' },
  { slug: 'homme-pantalons', name: 'Pantalons et jeans', en: 'Trousers and jeans', parent: 'homme' },
  { slug: 'homme-vestes', name: 'Vestes et manteaux', en: 'Jackets and coats', parent: 'homme' },
  { slug: 'homme-impermeables', name: 'Imperméables', en: 'Raincoats', parent: 'homme' },
  { slug: 'accessoires-sacs', name: 'Sacs', en: 'Bags', parent: 'accessoires' },
  { slug: 'accessoires-echarpes', name: 'Écharpes et foulards', en: 'Scarves', parent: 'accessoires' },
  { slug: 'accessoires-chapeaux', name: 'Bonnets et chapeaux', en: 'Hats and beanies', parent: 'accessoires' },
  { slug: 'accessoires-ceintures', name: 'Ceintures et gants', en: 'Belts and gloves', parent: 'accessoires' },
  { slug: 'accessoires-parapluies', name: 'Parapluies', en: 'Umbrellas', parent: 'accessoires' },
  { slug: 'accessoires-bijoux', name: 'Bijoux et lunettes', en: 'Jewellery and sunglasses', parent: 'accessoires' },
  { slug: 'chaussures-baskets', name: 'Baskets', en: 'Trainers', parent: 'chaussures' },
  { slug: 'chaussures-bottines', name: 'Bottines et boots', en: 'Ankle boots', parent: 'chaussures' },
  { slug: 'chaussures-ville', name: 'Chaussures de ville', en: 'Dress shoes', parent: 'chaussures' },
  { slug: 'chaussures-ete', name: 'Sandales et espadrilles', en: 'Sandals and espadrilles', parent: 'chaussures' },
  { slug: 'chaussures-bottes-pluie', name: 'Bottes de pluie', en: 'Rain boots', parent: 'chaussures' },
  { slug: 'beaute-visage', name: 'Soins du visage bio', en: 'Organic face care', parent: 'beaute' },
  { slug: 'beaute-corps', name: 'Soins du corps bio', en: 'Organic body care', parent: 'beaute' },
  { slug: 'beaute-cheveux', name: 'Cheveux', en: 'Hair care', parent: 'beaute' },
  { slug: 'beaute-maquillage', name: 'Maquillage bio', en: 'Organic make-up', parent: 'beaute' },
];

export function categoryId(slug: string): string {
  return `cat_${slug.replace(/-/g, '')}`;
}

/** Who a product is made for: it steers which customers look at and buy it. */
export type Audience = 'f' | 'm' | 'u';

/**
 * A kind of product (`Robe`, `Parapluie`) and the ways it comes: products are its noun followed by
 * a cut, a qualifier and a material, each optional where `optional` says so.
 */
export interface ProductType {
  /** Three letters in refs: `SN-ROB014`. Unique across types. */
  code: string;
  noun: string;
  form: NounForm;
  en: string;
  category: string;
  audience: Audience;
  sizes: readonly string[];
  /** null for products without a colour (most cosmetics). */
  palette: readonly Colour[] | null;
  /** Price range in euros, before the premium-material uplift. */
  price: readonly [number, number];
  cuts?: readonly Word[];
  quals?: readonly Word[];
  materials: readonly Material[];
  /** The material may be left out of the name (`Jupe midi fluide`). */
  materialOptional?: boolean;
  styles: readonly Style[];
  season: Season;
  fit?: Fit;
  /** How many products to draw from the combinations. */
  count: number;
  /** Names made first, whatever the draw: the journeys and the docs use them. */
  featured?: readonly string[];
  brand?: string;
  /** Cosmetics: the name's last part is a key ingredient, not a fabric. */
  cosmetic?: boolean;
}
