import { productSearchTerms, productSortKey, variantFacetKey } from '../modules/catalog/product-index.js';
import { type Colour, type Fit, type Material, type Season, type Style, type Word } from './data/catalog-words.js';
import { CATEGORY_SEEDS, categoryId, type Audience, type ProductType } from './data/categories.js';
import { ACCESSORY_TYPES } from './data/types-accessories.js';
import { BEAUTY_TYPES } from './data/types-beauty.js';
import { MEN_TYPES } from './data/types-men.js';
import { WOMEN_TYPES } from './data/types-women.js';
import { ean13 } from './demo-ids.js';
import { describe } from './product-text.js';
import { Random, STREAM } from './random.js';
import { HISTORY_START } from './stylenow.js';
import type { RowValues } from './bulk-writer.js';

export const PRODUCT_TYPES: readonly ProductType[] = [...WOMEN_TYPES, ...MEN_TYPES, ...ACCESSORY_TYPES, ...BEAUTY_TYPES];

/**
 * The catalog does not depend on the customer seed: every demo database has the same products, so
 * journeys, docs and bug reports can name them (`SN-JUP001`, `prd_snjup001`).
 */
const CATALOG_SEED = 20_261_101;

export interface DemoVariant {
  sku: string;
  size: string;
  color: string | null;
  /** Cents, EUR. */
  price: number;
}

/** What the history generator needs to know of a product. */
export interface DemoProduct {
  id: string;
  ref: string;
  name: string;
  nameEn: string;
  brand: string;
  category: string;
  department: string;
  audience: Audience;
  style: Style;
  season: Season;
  variants: DemoVariant[];
}

export interface DemoCatalog {
  products: DemoProduct[];
  categories: RowValues[];
  productRows: RowValues[];
  variantRows: RowValues[];
  searchTermRows: RowValues[];
}

interface Combination {
  cut: Word | null;
  qual: Word | null;
  material: Material | null;
}

function frenchName(type: ProductType, { cut, qual, material }: Combination): string {
  const parts = [type.noun];
  if (cut) parts.push(cut[type.form]);
  if (qual) parts.push(qual[type.form]);
  if (material) parts.push(material.phrase);
  return parts.join(' ');
}

function englishName(type: ProductType, { cut, qual, material }: Combination): string {
  const text = [qual?.en, cut?.en, material?.en, type.en].filter(Boolean).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function combinations(type: ProductType): Combination[] {
  const cuts = [null, ...(type.cuts ?? [])];
  const quals = [null, ...(type.quals ?? [])];
  const materials = type.materialOptional ? [null, ...type.materials] : [...type.materials];
  const all: Combination[] = [];
  for (const cut of cuts) for (const qual of quals) for (const material of materials) if (cut || qual || material) all.push({ cut, qual, material });
  return all;
}

/** A shop price: `39,99 €`, `44,95 €` or a round `49 €`, never below the type's floor. */
function shopPrice(random: Random, euros: number): number {
  const tens = Math.max(0, Math.floor(euros / 5) * 5 - 1);
  const ending = random.weighted<number>([[99, 6], [95, 2], [0, 2]]);
  return (tens + (ending === 0 ? 1 : 0)) * 100 + ending;
}

function pickColours(random: Random, palette: readonly Colour[] | null): (Colour | null)[] {
  if (!palette) return [null];
  const distinct = [...new Map(palette.map((colour) => [colour.code, colour])).values()];
  const count = Math.min(distinct.length, random.weighted([[1, 2], [2, 4], [3, 4], [4, 2]]));
  return random.sample(distinct, count);
}

function sizeCode(size: string): string {
  return size.replace(/[^0-9a-z]/gi, '').toUpperCase();
}

const APPAREL = /^(femme|homme)-/;

export function buildCatalog(): DemoCatalog {
  const random = new Random(CATALOG_SEED, STREAM.catalog, 0);
  const categoryBySlug = new Map(CATEGORY_SEEDS.map((category) => [category.slug, category]));
  const categories: RowValues[] = CATEGORY_SEEDS.map((category, position) => [
    categoryId(category.slug), category.slug, category.name, category.en, category.parent ? categoryId(category.parent) : null, position,
  ]);
  const products: DemoProduct[] = [];
  const productRows: RowValues[] = [];
  const variantRows: RowValues[] = [];
  const searchTermRows: RowValues[] = [];
  const names = new Set<string>();
  let barcodeCounter = 0;
  const launchBase = Date.parse(HISTORY_START);

  for (const type of PRODUCT_TYPES) {
    const all = combinations(type);
    const byName = new Map(all.map((combination) => [frenchName(type, combination), combination]));
    const featured = (type.featured ?? []).map((name) => {
      const found = byName.get(name);
      if (!found) throw new Error(`Featured product "${name}" cannot be made from type ${type.code}`);
      return found;
    });
    const drawn = [...featured, ...random.sample(all, all.length).filter((combination) => !featured.includes(combination))];
    let made = 0;
    for (const combination of drawn) {
      if (made >= type.count) break;
      const name = frenchName(type, combination);
      if (names.has(name)) continue;
      names.add(name);
      made += 1;

      const ref = `SN-${type.code}${String(made).padStart(3, '0')}`;
      const id = `prd_${ref.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}`;
      const nameEn = englishName(type, combination);
      const brand = type.brand ?? (combination.material?.premium ? 'Atelier StyleNow' : 'StyleNow');
      const category = categoryBySlug.get(type.category)!;
      const parent = category.parent ? categoryBySlug.get(category.parent)! : undefined;
      const { cut, qual, material } = combination;
      const style: Style = qual?.style ?? cut?.style ?? random.pick(type.styles);
      const season: Season = material?.season ?? type.season;
      const fit: Fit | undefined = APPAREL.test(type.category) ? (cut?.fit ?? qual?.fit ?? type.fit ?? random.weighted<Fit>([['regular', 5], ['slim', 3], ['loose', 2]])) : undefined;
      const attributes = type.cosmetic
        ? { ingredient: material?.fr ?? null, organic: true, certification: 'Cosmos Organic', madeIn: 'France', style, season }
        : { material: material?.fr ?? null, ...(fit ? { fit } : {}), style, season };

      const premium = material?.premium ? 1.5 : 1;
      const price = shopPrice(random, random.int(type.price[0], type.price[1]) * premium);
      // About one product in eight is on sale, its former price kept as compare-at (not the cheap ones).
      const onSale = random.chance(0.12) && price >= 1500;
      const salePrice = onSale ? Math.max(500, Math.round((price * 0.7) / 100) * 100 - 1) : price;

      const colours = pickColours(random, type.palette);
      const variants: DemoVariant[] = [];
      for (const colour of colours) {
        for (const size of type.sizes) {
          const sku = [ref, colour?.code, sizeCode(size)].filter(Boolean).join('-');
          barcodeCounter += 1;
          variantRows.push([
            sku, id, size, colour?.name ?? null, variantFacetKey(size), variantFacetKey(colour?.name), salePrice, 'EUR', onSale ? price : null,
            ean13(`376${String(barcodeCounter).padStart(9, '0')}`), '[]', '{}', variants.length,
          ]);
          variants.push({ sku, size, color: colour?.name ?? null, price: salePrice });
        }
      }

      const sortKey = productSortKey(name);
      const created = new Date(launchBase - random.int(0, 120) * 86_400_000 - random.int(0, 86_399) * 1000).toISOString();
      const text = describe({ name, nameEn, material, fit, style, season, cosmetic: type.cosmetic === true, sizes: type.sizes });
      productRows.push([
        id, ref, name, nameEn, text.fr, text.en, brand, categoryId(category.slug), JSON.stringify(attributes),
        JSON.stringify([`/images/products/${ref}.jpg`, `/images/products/${ref}-2.jpg`]), sortKey, created, created,
      ]);
      // Indexed exactly as the catalog indexes products written through its API or CSV import.
      const terms = productSearchTerms({
        name,
        nameEn,
        brand,
        attributes,
        categoryNames: [category.name, category.en, parent?.name ?? '', parent?.en ?? ''].filter(Boolean),
        variants: colours.map((colour) => ({ color: colour?.name ?? null, attributes: {} })),
      });
      for (const term of terms) searchTermRows.push([term, id, sortKey]);
      products.push({ id, ref, name, nameEn, brand, category: type.category, department: parent?.slug ?? category.slug, audience: type.audience, style, season, variants });
    }
  }
  return { products, categories, productRows, variantRows, searchTermRows };
}

