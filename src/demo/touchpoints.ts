import type { DemoProduct, DemoVariant } from './catalog.js';
import type { DemoCustomer } from './customers.js';
import { CATEGORY_SEEDS } from './data/categories.js';
import type { HistoryWriter } from './event-writer.js';
import type { Random } from './random.js';
import type { DemoWorld } from './world.js';

/** One shopper's draw state: sessions spend from `left` and stop when it reaches zero. */
export interface Shopper {
  customer: DemoCustomer;
  random: Random;
  world: DemoWorld;
  history: HistoryWriter;
  left: number;
  orders: number;
}

const SITE = 'https://www.stylenow.fr';
const CATEGORY_NAMES = new Map(CATEGORY_SEEDS.map((category) => [category.slug, category.name]));
const SECOND = 1000;

function euros(cents: number): number {
  return Math.round(cents) / 100;
}

export function pickProduct(shopper: Shopper): DemoProduct {
  const { random, world, customer } = shopper;
  const pool = random.chance(0.6) ? world.productsByStyle[customer.audience][customer.style] : world.productsFor[customer.audience];
  return random.pick(pool.length > 0 ? pool : world.productsFor[customer.audience]);
}

/** The variant in the shopper's size when the product comes in it. */
function pickVariant(shopper: Shopper, product: DemoProduct): DemoVariant {
  const { sizes } = shopper.customer;
  const fitting = product.variants.filter((variant) => variant.size === sizes.top || variant.size === sizes.bottom || variant.size === sizes.shoes);
  return shopper.random.pick(fitting.length > 0 ? fitting : product.variants);
}

/** Inside of a JSON object (`"a":1,"b":2`) for small objects assembled into bigger ones. */
export function fields(record: Record<string, unknown>): string {
  return JSON.stringify(record).slice(1, -1);
}

/** A JSON object from inner parts; empty parts are skipped. */
export function object(...parts: string[]): string {
  return `{${parts.filter(Boolean).join(',')}}`;
}

// Product fields are the same in every event that names a variant: serialised once per variant.
const PRODUCT_FIELDS = new Map<string, string>();

/** Segment's product properties (`product_id`, `sku`, `name`, `price` in euros, …) as inner JSON. */
export function productFields(product: DemoProduct, variant: DemoVariant): string {
  let text = PRODUCT_FIELDS.get(variant.sku);
  if (text === undefined) {
    text = fields({
      product_id: product.id,
      sku: variant.sku,
      name: product.name,
      category: CATEGORY_NAMES.get(product.category),
      brand: product.brand,
      variant: variant.color ?? undefined,
      size: variant.size,
      price: euros(variant.price),
      currency: 'EUR',
    });
    PRODUCT_FIELDS.set(variant.sku, text);
  }
  return text;
}

/** Segment's Order Completed: revenue excludes VAT (20 %) and shipping, total includes both. */
export function orderProperties(orderId: string, lines: OrderLine[], shippingCents: number, extra: Record<string, unknown> = {}): string {
  const subtotal = lines.reduce((sum, line) => sum + line.variant.price * line.quantity, 0);
  const tax = Math.round(subtotal - subtotal / 1.2);
  const products = lines.map((line) => object(productFields(line.product, line.variant), `"quantity":${line.quantity}`)).join(',');
  const head = fields({ orderId, total: euros(subtotal + shippingCents), revenue: euros(subtotal - tax), shipping: euros(shippingCents), tax: euros(tax), discount: 0, currency: 'EUR' });
  return object(head, `"products":[${products}]`, fields(extra));
}

export interface OrderLine {
  product: DemoProduct;
  variant: DemoVariant;
  quantity: number;
}

function orderLines(shopper: Shopper, count: number): OrderLine[] {
  return Array.from({ length: count }, () => {
    const product = pickProduct(shopper);
    return { product, variant: pickVariant(shopper, product), quantity: shopper.random.chance(0.1) ? 2 : 1 };
  });
}

/** Order numbers say where the order was taken: W (web), A (app), M (magasin). */
function orderId(shopper: Shopper, prefix: string): string {
  shopper.orders += 1;
  return `${prefix}-${shopper.customer.id.slice(4).toUpperCase()}-${shopper.orders}`;
}

/** Emits while the budget lasts; false once it is spent, so a session stops where it is. */
function spend(shopper: Shopper): boolean {
  if (shopper.left <= 0) return false;
  shopper.left -= 1;
  return true;
}

const CAMPAIGNS = [
  { source: 'instagram', medium: 'paid_social', name: 'nouvelle-collection' },
  { source: 'instagram', medium: 'social', name: 'stories-looks' },
  { source: 'newsletter', medium: 'email', name: 'newsletter-hebdo' },
  { source: 'google', medium: 'cpc', name: 'marque-stylenow' },
];

export function webSession(shopper: Shopper, start: number): void {
  const { random, history } = shopper;
  let at = start;
  const roll = random.next();
  const campaign = roll < 0.15 ? CAMPAIGNS[0] : roll < 0.22 ? CAMPAIGNS[1] : roll < 0.3 ? CAMPAIGNS[2] : roll < 0.38 ? CAMPAIGNS[3] : undefined;
  const first = pickProduct(shopper);
  const landing = random.chance(0.5)
    ? { name: 'Accueil', path: '/', title: 'StyleNow – Mode et beauté bio' }
    : { name: 'Catégorie', path: `/c/${first.category}`, title: `${CATEGORY_NAMES.get(first.category)} – StyleNow` };
  if (!spend(shopper)) return;
  history.emit('web', at, 'page', landing.name, { path: landing.path, url: SITE + landing.path, title: landing.title, ...(campaign ? { search: `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}` } : {}) }, null, campaign);
  if (random.chance(0.1) && spend(shopper)) {
    at += random.int(10, 60) * SECOND;
    history.emit('web', at, 'track', 'Products Searched', { query: first.name.split(' ')[0]!.toLowerCase() });
  }
  const viewed = random.int(1, 3);
  let added: { product: DemoProduct; variant: DemoVariant } | undefined;
  for (let i = 0; i < viewed; i++) {
    const product = i === 0 ? first : pickProduct(shopper);
    const variant = pickVariant(shopper, product);
    const path = `/p/${product.ref.toLowerCase()}`;
    at += random.int(15, 120) * SECOND;
    if (!spend(shopper)) return;
    history.emit('web', at, 'page', 'Produit', { path, url: SITE + path, title: `${product.name} – StyleNow` });
    if (!spend(shopper)) return;
    history.emit('web', at + 300, 'track', 'Product Viewed', object(productFields(product, variant), `"url":"${SITE}${path}"`));
    if (!added && random.chance(0.3)) {
      at += random.int(20, 90) * SECOND;
      if (!spend(shopper)) return;
      history.emit('web', at, 'track', 'Product Added', object(`"cart_id":"web-${shopper.customer.id.slice(4)}"`, productFields(product, variant), '"quantity":1'));
      added = { product, variant };
    }
  }
  if (added && random.chance(0.4)) {
    at += random.int(60, 400) * SECOND;
    const lines = [{ ...added, quantity: 1 }, ...orderLines(shopper, random.chance(0.3) ? 1 : 0)];
    const subtotal = lines.reduce((sum, line) => sum + line.variant.price, 0);
    const collect = random.chance(0.35);
    if (!spend(shopper)) return;
    history.emit(
      'web',
      at,
      'track',
      'Order Completed',
      orderProperties(orderId(shopper, 'W'), lines, collect || subtotal >= 5000 ? 0 : 495, collect ? { fulfillment: 'click_and_collect', storeId: shopper.customer.homeStoreId } : { fulfillment: 'home_delivery' }),
    );
  }
}

export function appSession(shopper: Shopper, start: number): void {
  const { random, history } = shopper;
  let at = start;
  if (!spend(shopper)) return;
  history.emit('app', at, 'track', 'Application Opened', { from_background: random.chance(0.4), version: '5.4.0', build: '5402' });
  if (!spend(shopper)) return;
  at += random.int(2, 20) * SECOND;
  history.emit('app', at, 'screen', random.chance(0.5) ? 'Accueil' : 'Nouveautés', {});
  const viewed = random.int(1, 2);
  for (let i = 0; i < viewed; i++) {
    const product = pickProduct(shopper);
    const variant = pickVariant(shopper, product);
    at += random.int(10, 90) * SECOND;
    if (!spend(shopper)) return;
    history.emit('app', at, 'track', 'Product Viewed', object(productFields(product, variant)));
    const roll = random.next();
    if (roll < 0.2) {
      if (!spend(shopper)) return;
      history.emit('app', at + random.int(5, 40) * SECOND, 'track', 'Product Added to Wishlist', object(`"wishlist_id":"wl-${shopper.customer.id.slice(4)}"`, productFields(product, variant)));
    } else if (roll < 0.35) {
      if (!spend(shopper)) return;
      history.emit('app', at + random.int(5, 40) * SECOND, 'track', 'Product Added', object(`"cart_id":"app-${shopper.customer.id.slice(4)}"`, productFields(product, variant), '"quantity":1'));
      if (random.chance(0.35) && spend(shopper)) {
        const lines = [{ product, variant, quantity: 1 }];
        const properties = orderProperties(orderId(shopper, 'A'), lines, 0, { fulfillment: 'click_and_collect', storeId: shopper.customer.homeStoreId });
        history.emit('app', at + random.int(60, 300) * SECOND, 'track', 'Order Completed', properties);
      }
    }
  }
}

/** A visit to a store: a check-in (app geofence or the store's welcome desk), maybe the mirror, often a sale at the till. */
export function storeVisit(shopper: Shopper, start: number, storeId: string): void {
  const { random, history, customer } = shopper;
  let at = start;
  const storeName = shopper.world.storeNames.get(storeId);
  if (customer.deviceId) {
    if (!spend(shopper)) return;
    history.emit('app', at, 'track', 'Store Entered', { storeId, storeName, method: 'geofence' }, storeId);
  } else if (random.chance(0.3)) {
    if (!spend(shopper)) return;
    history.emit('store', at, 'track', 'Store Entered', { storeId, storeName, method: 'loyalty_card' }, storeId);
  }
  if (customer.archetype === 'omni' && (customer.loyaltyCard || customer.email) && random.chance(0.15)) {
    const product = pickProduct(shopper);
    at += random.int(3, 15) * 60 * SECOND;
    if (!spend(shopper)) return;
    history.emit('kiosk', at, 'track', 'Product Scanned', object(`"storeId":"${storeId}"`, productFields(product, pickVariant(shopper, product))), storeId);
  }
  if (random.chance(0.72)) {
    at += random.int(5, 40) * 60 * SECOND;
    if (!spend(shopper)) return;
    const lines = orderLines(shopper, random.weighted([[1, 6], [2, 3], [3, 1]]));
    const payment = random.weighted([['card', 8], ['app', customer.deviceId ? 2 : 0], ['cash', 1]]);
    history.emit('store', at, 'track', 'Order Completed', orderProperties(orderId(shopper, 'M'), lines, 0, { storeId, payment_method: payment }), storeId);
  }
}

const EMAIL_CAMPAIGNS = [
  ['soldes-hiver', 'Soldes d’hiver : jusqu’à -50 %'],
  ['saint-valentin', 'Nos idées cadeaux pour la Saint-Valentin'],
  ['nouvelle-collection-printemps', 'La collection printemps est arrivée'],
  ['giboulees', 'Giboulées de mars : imperméables et parapluies'],
  ['fete-des-meres', 'Fête des mères : offrez une crème bio'],
  ['soldes-ete', 'Soldes d’été : c’est parti'],
  ['vacances', 'Prêts pour les vacances ?'],
  ['derniere-demarque', 'Dernière démarque de l’été'],
  ['rentree', 'La rentrée en style'],
  ['pluie-automne', 'Ciel gris : nos indispensables de pluie'],
  ['black-friday', 'Black Friday : -30 % sur tout le site'],
  ['cadeaux-noel', 'Idées cadeaux de Noël'],
] as const;

export function emailTouch(shopper: Shopper, at: number): void {
  const { random, history } = shopper;
  const date = new Date(at);
  const [campaign, subject] = EMAIL_CAMPAIGNS[date.getUTCMonth()]!;
  const properties = { campaign_id: `${campaign}-${date.getUTCFullYear()}`, campaign_name: subject, email_subject: subject, email_id: `nl-${date.toISOString().slice(0, 10)}` };
  if (!spend(shopper)) return;
  history.emit('email', at, 'track', 'Email Opened', properties);
  if (random.chance(0.35) && spend(shopper)) {
    const product = pickProduct(shopper);
    history.emit('email', at + random.int(5, 120) * SECOND, 'track', 'Email Link Clicked', { ...properties, link_url: `${SITE}/p/${product.ref.toLowerCase()}?utm_source=newsletter&utm_medium=email&utm_campaign=${campaign}` });
  }
}

export function messageTouch(shopper: Shopper, at: number, channel: 'instagram' | 'chat'): void {
  const { random, history, customer } = shopper;
  const product = pickProduct(shopper);
  const variant = pickVariant(shopper, product);
  const texts = [
    `Bonjour, est-ce que « ${product.name} » existe en ${variant.size} ?`,
    `Bonjour ! Le magasin de ${customer.town.city} a-t-il « ${product.name} » en stock ?`,
    'Bonjour, où en est ma commande ?',
    'Puis-je retourner en magasin un article acheté en ligne ?',
    'Bonjour, quels sont vos horaires ce dimanche ?',
  ];
  if (!spend(shopper)) return;
  history.emit(channel, at, 'track', 'Message Sent', { conversation_id: `${channel}-${customer.id.slice(4)}-${shopper.left}`, text: random.pick(texts), direction: 'inbound' });
}

const CALL_REASONS = ['suivi de commande', 'retour ou remboursement', 'échange de taille', 'programme de fidélité', 'disponibilité en magasin', 'réclamation'];

export function callTouch(shopper: Shopper, at: number): void {
  if (!spend(shopper)) return;
  shopper.history.emit('call_centre', at, 'track', 'Call Completed', { reason: shopper.random.pick(CALL_REASONS), durationSeconds: shopper.random.int(45, 900), queue: 'service-client' });
}
