import { adj, ingredient as ing, inv, PALETTES as P } from './catalog-words.js';
import type { ProductType } from './categories.js';

/** Organic cosmetics (J3): a key ingredient takes the place of a fabric in the name. */
const BRAND = 'Maison Verveine';
const aloe = ing('à l’aloe vera', 'aloe vera', 'aloe vera');
const karite = ing('au karité', 'karité', 'shea butter');
const rose = ing('à la rose de Damas', 'rose de Damas', 'Damask rose');
const hyaluronique = ing('à l’acide hyaluronique', 'acide hyaluronique', 'hyaluronic acid');
const calendula = ing('au calendula', 'calendula', 'calendula');
const argan = ing('à l’huile d’argan', 'huile d’argan', 'argan oil');
const bakuchiol = ing('au bakuchiol', 'bakuchiol', 'bakuchiol');
const vitamineC = ing('à la vitamine C', 'vitamine C', 'vitamin C');
const niacinamide = ing('à la niacinamide', 'niacinamide', 'niacinamide');
const roseMusquee = ing('à l’huile de rose musquée', 'huile de rose musquée', 'rosehip oil');
const jojoba = ing('au jojoba', 'jojoba', 'jojoba');
const amande = ing('à l’amande douce', 'amande douce', 'sweet almond');
const monoi = ing('au monoï', 'monoï', 'monoi');
const verveine = ing('à la verveine', 'verveine', 'verbena');
const theVert = ing('au thé vert', 'thé vert', 'green tea');
const oranger = ing('à la fleur d’oranger', 'fleur d’oranger', 'orange blossom');
const miel = ing('au miel', 'miel', 'honey');
const ortie = ing('à l’ortie', 'ortie', 'nettle');
const romarin = ing('au romarin', 'romarin', 'rosemary');
const coco = ing('à l’huile de coco', 'huile de coco', 'coconut oil');
const avoine = ing('à l’avoine', 'avoine', 'oat');
const argile = ing('à l’argile verte', 'argile verte', 'green clay');
const charbon = ing('au charbon végétal', 'charbon végétal', 'activated charcoal');
const cire = ing('à la cire d’abeille', 'cire d’abeille', 'beeswax');
const ricin = ing('à l’huile de ricin', 'huile de ricin', 'castor oil');
const hydratant = adj('hydratant', 'moisturising');
const apaisant = adj('apaisant', 'soothing');
const nourrissant = adj('nourrissant', 'nourishing');
const purifiant = adj('purifiant', 'purifying');
const antiAge = inv('anti-âge', 'anti-ageing');
const common = { audience: 'u', palette: null, styles: ['casual'], season: 'all-season', brand: BRAND, cosmetic: true } as const;

export const BEAUTY_TYPES: readonly ProductType[] = [
  {
    ...common, code: 'CRM', noun: 'Crème', form: 'f', en: 'cream', category: 'beaute-visage', sizes: ['50 ml'], price: [18, 39],
    quals: [hydratant, inv('de nuit', 'night'), inv('de jour', 'day'), antiAge, apaisant, adj('riche', 'rich'), adj('matifiant', 'mattifying')],
    materials: [aloe, karite, rose, hyaluronique, calendula, argan, bakuchiol], count: 40,
    featured: ['Crème hydratante à l’aloe vera', 'Crème de nuit au bakuchiol'],
  },
  {
    ...common, code: 'SER', noun: 'Sérum', form: 'm', en: 'serum', category: 'beaute-visage', sizes: ['30 ml'], price: [24, 49],
    quals: [inv('éclat', 'radiance'), hydratant, antiAge, apaisant, inv('anti-taches', 'dark-spot'), adj('lissant', 'smoothing')],
    materials: [vitamineC, hyaluronique, bakuchiol, niacinamide, roseMusquee, aloe], count: 30, featured: ['Sérum éclat à la vitamine C'],
  },
  {
    ...common, code: 'MSQ', noun: 'Masque', form: 'm', en: 'mask', category: 'beaute-visage', sizes: ['75 ml'], price: [14, 29],
    quals: [purifiant, hydratant, adj('exfoliant', 'exfoliating'), apaisant], materials: [argile, miel, avoine, aloe, charbon], count: 15,
  },
  {
    ...common, code: 'EAU', noun: 'Eau micellaire', form: 'f', en: 'micellar water', category: 'beaute-visage', sizes: ['200 ml', '400 ml'], price: [9, 19],
    quals: [apaisant, purifiant, adj('démaquillant', 'cleansing')], materials: [ing('au bleuet', 'bleuet', 'cornflower'), aloe, rose, calendula], count: 10,
  },
  {
    ...common, code: 'HUI', noun: 'Huile', form: 'f', en: 'oil', category: 'beaute-corps', sizes: ['50 ml', '100 ml'], price: [14, 35],
    quals: [adj('sec', 'dry', { f: 'sèche', fp: 'sèches' }), adj('démaquillant', 'cleansing'), nourrissant, adj('pailleté', 'shimmering')],
    materials: [argan, jojoba, amande, monoi, roseMusquee], count: 20,
  },
  {
    ...common, code: 'LAI', noun: 'Lait corps', form: 'm', en: 'body lotion', category: 'beaute-corps', sizes: ['200 ml', '400 ml'], price: [12, 25],
    quals: [hydratant, nourrissant, adj('fondant', 'melting'), apaisant], materials: [amande, karite, aloe, oranger, monoi], count: 15,
  },
  {
    ...common, code: 'GEL', noun: 'Gel douche', form: 'm', en: 'shower gel', category: 'beaute-corps', sizes: ['250 ml', '500 ml'], price: [6, 14],
    quals: [inv('surgras', 'extra-rich'), adj('exfoliant', 'exfoliating'), adj('doux', 'gentle', { f: 'douce', fp: 'douces' })], materials: [verveine, theVert, oranger, miel, amande], count: 15,
  },
  {
    ...common, code: 'SHA', noun: 'Shampooing', form: 'm', en: 'shampoo', category: 'beaute-cheveux', sizes: ['250 ml'], price: [8, 19],
    quals: [adj('doux', 'gentle', { f: 'douce', fp: 'douces' }), adj('réparateur', 'repairing', { f: 'réparatrice' }), adj('solide', 'solid'), purifiant, inv('volume', 'volumising')],
    materials: [ortie, romarin, coco, miel, avoine], count: 20,
  },
  {
    ...common, code: 'SOI', noun: 'Soin capillaire', form: 'm', en: 'hair treatment', category: 'beaute-cheveux', sizes: ['150 ml'], price: [12, 26],
    quals: [nourrissant, adj('réparateur', 'repairing', { f: 'réparatrice' }), inv('sans rinçage', 'leave-in')], materials: [argan, coco, karite, romarin], count: 10,
  },
  {
    ...common, code: 'BAU', noun: 'Baume à lèvres', form: 'm', en: 'lip balm', category: 'beaute-maquillage', sizes: ['4,5 g'], price: [5, 12],
    quals: [nourrissant, adj('teinté', 'tinted'), adj('réparateur', 'repairing', { f: 'réparatrice' })], materials: [karite, cire, rose], count: 8,
  },
  {
    ...common, code: 'RAL', noun: 'Rouge à lèvres', form: 'm', en: 'lipstick', category: 'beaute-maquillage', sizes: ['3,5 g'], palette: P.lips, price: [14, 29],
    quals: [adj('mat', 'matte'), adj('satiné', 'satin'), inv('longue tenue', 'long-lasting')], materials: [jojoba, karite], materialOptional: true, count: 8,
  },
  {
    ...common, code: 'MSC', noun: 'Mascara', form: 'm', en: 'mascara', category: 'beaute-maquillage', sizes: ['8 ml'], palette: P.mascara, price: [15, 27],
    quals: [inv('volume', 'volumising'), adj('allongeant', 'lengthening'), inv('waterproof', 'waterproof'), adj('recourbant', 'curling')], materials: [ricin], materialOptional: true, count: 8,
  },
];
