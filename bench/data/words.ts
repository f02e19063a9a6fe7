/**
 * Word lists for the benchmark catalog. A real fashion catalog repeats a few hundred words across
 * its products (`robe` in thousands of names, `coton` in tens of thousands), so names are built by
 * crossing garment types, cuts, materials and colours, with weights that make the common words common.
 */

export type Gender = 'm' | 'f';
export type SizeChart = 'letters' | 'trousers' | 'shoes' | 'one';

export interface GarmentType {
  fr: string;
  en: string;
  /** Grammatical gender of the French noun, for agreeing the adjectives. */
  gender: Gender;
  /** Category slug under each department where the type is sold. */
  category: string;
  departments: readonly ('femme' | 'homme')[];
  sizes: SizeChart;
  weight: number;
}

export const TYPES: readonly GarmentType[] = [
  { fr: 'Robe', en: 'dress', gender: 'f', category: 'robes', departments: ['femme'], sizes: 'letters', weight: 8 },
  { fr: 'Jupe', en: 'skirt', gender: 'f', category: 'jupes', departments: ['femme'], sizes: 'letters', weight: 4 },
  { fr: 'Chemisier', en: 'blouse', gender: 'm', category: 'chemises', departments: ['femme'], sizes: 'letters', weight: 3 },
  { fr: 'Chemise', en: 'shirt', gender: 'f', category: 'chemises', departments: ['femme', 'homme'], sizes: 'letters', weight: 6 },
  { fr: 'T-shirt', en: 't-shirt', gender: 'm', category: 'hauts', departments: ['femme', 'homme'], sizes: 'letters', weight: 9 },
  { fr: 'Débardeur', en: 'tank top', gender: 'm', category: 'hauts', departments: ['femme', 'homme'], sizes: 'letters', weight: 2 },
  { fr: 'Polo', en: 'polo shirt', gender: 'm', category: 'hauts', departments: ['homme'], sizes: 'letters', weight: 3 },
  { fr: 'Pull', en: 'sweater', gender: 'm', category: 'mailles', departments: ['femme', 'homme'], sizes: 'letters', weight: 7 },
  { fr: 'Gilet', en: 'cardigan', gender: 'm', category: 'mailles', departments: ['femme', 'homme'], sizes: 'letters', weight: 3 },
  { fr: 'Sweat', en: 'sweatshirt', gender: 'm', category: 'mailles', departments: ['femme', 'homme'], sizes: 'letters', weight: 4 },
  { fr: 'Veste', en: 'jacket', gender: 'f', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 5 },
  { fr: 'Blouson', en: 'bomber jacket', gender: 'm', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 2 },
  { fr: 'Manteau', en: 'coat', gender: 'm', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 4 },
  { fr: 'Trench', en: 'trench coat', gender: 'm', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 1 },
  { fr: 'Doudoune', en: 'puffer jacket', gender: 'f', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 2 },
  { fr: 'Parka', en: 'parka', gender: 'f', category: 'vestes-manteaux', departments: ['femme', 'homme'], sizes: 'letters', weight: 1 },
  { fr: 'Pantalon', en: 'trousers', gender: 'm', category: 'pantalons', departments: ['femme', 'homme'], sizes: 'trousers', weight: 6 },
  { fr: 'Jean', en: 'jeans', gender: 'm', category: 'jeans', departments: ['femme', 'homme'], sizes: 'trousers', weight: 6 },
  { fr: 'Short', en: 'shorts', gender: 'm', category: 'pantalons', departments: ['femme', 'homme'], sizes: 'trousers', weight: 2 },
  { fr: 'Combinaison', en: 'jumpsuit', gender: 'f', category: 'robes', departments: ['femme'], sizes: 'letters', weight: 1 },
  { fr: 'Pyjama', en: 'pyjamas', gender: 'm', category: 'nuit', departments: ['femme', 'homme'], sizes: 'letters', weight: 1 },
  { fr: 'Écharpe', en: 'scarf', gender: 'f', category: 'echarpes', departments: ['femme', 'homme'], sizes: 'one', weight: 2 },
  { fr: 'Bonnet', en: 'beanie', gender: 'm', category: 'chapeaux', departments: ['femme', 'homme'], sizes: 'one', weight: 1 },
  { fr: 'Chapeau', en: 'hat', gender: 'm', category: 'chapeaux', departments: ['femme', 'homme'], sizes: 'one', weight: 1 },
  { fr: 'Sac', en: 'bag', gender: 'm', category: 'sacs', departments: ['femme', 'homme'], sizes: 'one', weight: 3 },
  { fr: 'Ceinture', en: 'belt', gender: 'f', category: 'ceintures', departments: ['femme', 'homme'], sizes: 'one', weight: 1 },
  { fr: 'Baskets', en: 'sneakers', gender: 'f', category: 'chaussures', departments: ['femme', 'homme'], sizes: 'shoes', weight: 4 },
  { fr: 'Bottines', en: 'ankle boots', gender: 'f', category: 'chaussures', departments: ['femme', 'homme'], sizes: 'shoes', weight: 2 },
  { fr: 'Sandales', en: 'sandals', gender: 'f', category: 'chaussures', departments: ['femme', 'homme'], sizes: 'shoes', weight: 1 },
  { fr: 'Chaussettes', en: 'socks', gender: 'f', category: 'chaussettes', departments: ['femme', 'homme'], sizes: 'one', weight: 1 },
];

/** Cuts and patterns, masculine and feminine forms: `Robe droite`, `Pantalon droit`. */
export const STYLES: readonly { m: string; f: string; en: string; weight: number }[] = [
  { m: 'droit', f: 'droite', en: 'straight', weight: 5 },
  { m: 'ajusté', f: 'ajustée', en: 'slim', weight: 4 },
  { m: 'oversize', f: 'oversize', en: 'oversized', weight: 3 },
  { m: 'portefeuille', f: 'portefeuille', en: 'wrap', weight: 2 },
  { m: 'col roulé', f: 'col roulé', en: 'roll-neck', weight: 2 },
  { m: 'col V', f: 'col V', en: 'V-neck', weight: 2 },
  { m: 'à capuche', f: 'à capuche', en: 'hooded', weight: 2 },
  { m: 'cintré', f: 'cintrée', en: 'fitted', weight: 2 },
  { m: 'plissé', f: 'plissée', en: 'pleated', weight: 2 },
  { m: 'évasé', f: 'évasée', en: 'flared', weight: 2 },
  { m: 'court', f: 'courte', en: 'cropped', weight: 3 },
  { m: 'long', f: 'longue', en: 'long', weight: 3 },
  { m: 'rayé', f: 'rayée', en: 'striped', weight: 3 },
  { m: 'fleuri', f: 'fleurie', en: 'floral', weight: 3 },
  { m: 'à carreaux', f: 'à carreaux', en: 'checked', weight: 2 },
  { m: 'imprimé', f: 'imprimée', en: 'printed', weight: 3 },
  { m: 'brodé', f: 'brodée', en: 'embroidered', weight: 1 },
  { m: 'matelassé', f: 'matelassée', en: 'quilted', weight: 1 },
  { m: 'basique', f: 'basique', en: 'basic', weight: 4 },
  { m: 'classique', f: 'classique', en: 'classic', weight: 4 },
];

export const MATERIALS: readonly { fr: string; en: string; weight: number }[] = [
  { fr: 'coton', en: 'cotton', weight: 12 },
  { fr: 'coton bio', en: 'organic cotton', weight: 6 },
  { fr: 'lin', en: 'linen', weight: 4 },
  { fr: 'laine', en: 'wool', weight: 4 },
  { fr: 'laine mérinos', en: 'merino wool', weight: 2 },
  { fr: 'cachemire', en: 'cashmere', weight: 1 },
  { fr: 'soie', en: 'silk', weight: 1 },
  { fr: 'denim', en: 'denim', weight: 4 },
  { fr: 'cuir', en: 'leather', weight: 2 },
  { fr: 'velours', en: 'velvet', weight: 2 },
  { fr: 'viscose', en: 'viscose', weight: 3 },
  { fr: 'polyester recyclé', en: 'recycled polyester', weight: 3 },
  { fr: 'jersey', en: 'jersey', weight: 3 },
  { fr: 'maille', en: 'knit', weight: 3 },
  { fr: 'satin', en: 'satin', weight: 1 },
  { fr: 'tweed', en: 'tweed', weight: 1 },
];

/** Colours as variants store them (`Bleu marine`, `Écru`), with the feminine form used in names. */
export const COLOURS: readonly { m: string; f: string; en: string; code: string; weight: number }[] = [
  { m: 'Noir', f: 'Noire', en: 'black', code: 'NOI', weight: 12 },
  { m: 'Blanc', f: 'Blanche', en: 'white', code: 'BLA', weight: 9 },
  { m: 'Écru', f: 'Écrue', en: 'ecru', code: 'ECR', weight: 4 },
  { m: 'Beige', f: 'Beige', en: 'beige', code: 'BEI', weight: 5 },
  { m: 'Camel', f: 'Camel', en: 'camel', code: 'CAM', weight: 3 },
  { m: 'Marron', f: 'Marron', en: 'brown', code: 'MAR', weight: 3 },
  { m: 'Gris', f: 'Grise', en: 'grey', code: 'GRI', weight: 6 },
  { m: 'Gris chiné', f: 'Gris chiné', en: 'heather grey', code: 'GRC', weight: 3 },
  { m: 'Bleu marine', f: 'Bleu marine', en: 'navy', code: 'MRN', weight: 8 },
  { m: 'Bleu ciel', f: 'Bleu ciel', en: 'sky blue', code: 'CIE', weight: 3 },
  { m: 'Bleu', f: 'Bleue', en: 'blue', code: 'BLE', weight: 5 },
  { m: 'Vert', f: 'Verte', en: 'green', code: 'VER', weight: 3 },
  { m: 'Vert sapin', f: 'Vert sapin', en: 'forest green', code: 'SAP', weight: 2 },
  { m: 'Kaki', f: 'Kaki', en: 'khaki', code: 'KAK', weight: 3 },
  { m: 'Rouge', f: 'Rouge', en: 'red', code: 'ROU', weight: 3 },
  { m: 'Bordeaux', f: 'Bordeaux', en: 'burgundy', code: 'BOR', weight: 2 },
  { m: 'Rose', f: 'Rose', en: 'pink', code: 'ROS', weight: 3 },
  { m: 'Rose poudré', f: 'Rose poudré', en: 'powder pink', code: 'POU', weight: 2 },
  { m: 'Jaune', f: 'Jaune', en: 'yellow', code: 'JAU', weight: 2 },
  { m: 'Moutarde', f: 'Moutarde', en: 'mustard', code: 'MOU', weight: 2 },
  { m: 'Orange', f: 'Orange', en: 'orange', code: 'ORA', weight: 1 },
  { m: 'Violet', f: 'Violette', en: 'purple', code: 'VIO', weight: 1 },
  { m: 'Terracotta', f: 'Terracotta', en: 'terracotta', code: 'TER', weight: 1 },
];

export const SIZE_CHARTS: Record<SizeChart, readonly string[]> = {
  letters: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
  trousers: ['34', '36', '38', '40', '42', '44', '46'],
  shoes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
  one: ['Taille unique'],
};

export const BRANDS: readonly string[] = [
  'StyleNow', 'StyleNow Essentiels', 'Maison Lumière', 'Atelier Garonne', 'Rive Gauche Studio', 'Le Petit Tisserand',
  'Bord de Loire', 'Maille & Fil', 'Comptoir Breton', 'Nord Sud', 'Les Ateliers de Lyon', 'Azur Denim', 'Pierre & Sable',
  'Brume', 'Canopée', 'Gaspard', 'Clémence', 'Octave', 'Mistral', 'Saint-Malo Marine',
];

export const DEPARTMENTS = [
  { slug: 'femme', fr: 'Femme', en: 'Women' },
  { slug: 'homme', fr: 'Homme', en: 'Men' },
] as const;

/** Category slug → French and English names, as shown under each department. */
export const CATEGORY_NAMES: Record<string, { fr: string; en: string }> = {
  robes: { fr: 'Robes et combinaisons', en: 'Dresses and jumpsuits' },
  jupes: { fr: 'Jupes', en: 'Skirts' },
  chemises: { fr: 'Chemises', en: 'Shirts' },
  hauts: { fr: 'Tops et t-shirts', en: 'Tops and t-shirts' },
  mailles: { fr: 'Pulls et sweats', en: 'Knitwear and sweatshirts' },
  'vestes-manteaux': { fr: 'Vestes et manteaux', en: 'Jackets and coats' },
  pantalons: { fr: 'Pantalons et shorts', en: 'Trousers and shorts' },
  jeans: { fr: 'Jeans', en: 'Jeans' },
  nuit: { fr: 'Nuit', en: 'Nightwear' },
  echarpes: { fr: 'Écharpes et foulards', en: 'Scarves' },
  chapeaux: { fr: 'Chapeaux et bonnets', en: 'Hats and beanies' },
  sacs: { fr: 'Sacs', en: 'Bags' },
  ceintures: { fr: 'Ceintures', en: 'Belts' },
  chaussures: { fr: 'Chaussures', en: 'Shoes' },
  chaussettes: { fr: 'Chaussettes', en: 'Socks' },
};
