import type { Channel } from '../modules/identity/channels.js';
import type { Style } from './data/catalog-words.js';
import { STORE_SEEDS } from './data/stores.js';
import type { DemoCatalog, DemoProduct } from './catalog.js';
import { DEMO_SOURCES } from './stylenow.js';

/** What every generated customer draws from: the catalog split by audience and style, stores, sources. */
export interface DemoWorld {
  seed: number;
  catalog: DemoCatalog;
  /** Products for women (and unisex), for men (and unisex), then by style within each. */
  productsFor: Record<'f' | 'm', DemoProduct[]>;
  productsByStyle: Record<'f' | 'm', Record<Style, DemoProduct[]>>;
  storeIds: string[];
  storeNames: Map<string, string>;
  sourceIds: Record<Channel, string>;
}

export function buildWorld(seed: number, catalog: DemoCatalog): DemoWorld {
  const productsFor = {
    f: catalog.products.filter((product) => product.audience !== 'm'),
    m: catalog.products.filter((product) => product.audience !== 'f' && !product.category.startsWith('beaute-maquillage')),
  };
  const byStyle = (products: DemoProduct[]) => ({
    casual: products.filter((product) => product.style === 'casual'),
    chic: products.filter((product) => product.style === 'chic'),
    sport: products.filter((product) => product.style === 'sport'),
  });
  return {
    seed,
    catalog,
    productsFor,
    productsByStyle: { f: byStyle(productsFor.f), m: byStyle(productsFor.m) },
    storeIds: STORE_SEEDS.map((store) => `sto_${store.slug}`),
    storeNames: new Map(STORE_SEEDS.map((store) => [`sto_${store.slug}`, store.name])),
    sourceIds: Object.fromEntries(DEMO_SOURCES.map((source) => [source.channel, source.id])) as Record<Channel, string>,
  };
}
