import { foldText } from '../modules/catalog/search-text.js';
import type { Style } from './data/catalog-words.js';
import { ENGLISH_FIRST_NAMES, ENGLISH_LAST_NAMES, FEMALE_FIRST_NAMES, HOME_TOWNS, LAST_NAMES, MALE_FIRST_NAMES, REMOTE_TOWNS, type HomeTown } from './data/people.js';
import { customerId, mobilePhone, loyaltyCard, uniqueUuid } from './demo-ids.js';
import { Random, STREAM } from './random.js';
import { HISTORY_START, DEMO_NOW } from './stylenow.js';

/** How a customer shops: online only, in stores only, or across channels. */
export type Archetype = 'web' | 'store' | 'omni';

export interface Sizes {
  top: string;
  bottom: string;
  shoes: string;
}

export interface DemoCustomer {
  index: number;
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  town: HomeTown;
  birthYear: number;
  language: 'fr' | 'en';
  archetype: Archetype;
  audience: 'f' | 'm';
  style: Style;
  sizes: Sizes;
  /** The e-shop's customer number, for those with an account (web or app). */
  userId: string | null;
  /** The web cookie id; for store-only customers, the anonymous id the till gave them at enrolment. */
  anonymousId: string | null;
  deviceId: string | null;
  deviceType: 'ios' | 'android' | null;
  loyaltyCard: string | null;
  instagram: string | null;
  homeStoreId: string;
  favouriteStoreId: string | null;
  /** Choices made at sign-up (account holders only), as `context.consent.categoryPreferences`. */
  consent: Record<string, boolean> | null;
  /** When the customer first met StyleNow (ms). */
  since: number;
}

const START = Date.parse(HISTORY_START);
const END = Date.parse(DEMO_NOW);
const TOWN_WEIGHTS = HOME_TOWNS.map((town) => town.weight);
const REMOTE_WEIGHTS = REMOTE_TOWNS.map((town) => town.weight);
const UUID_ANONYMOUS = 0x5a17;
const UUID_DEVICE = 0xd3b1;

const SIZES_F = { top: [['XS', 1], ['S', 3], ['M', 3], ['L', 2], ['XL', 1]], bottom: [['34', 1], ['36', 3], ['38', 4], ['40', 3], ['42', 2], ['44', 1], ['46', 1]], shoes: [['36', 1], ['37', 3], ['38', 4], ['39', 3], ['40', 2], ['41', 1]] } as const;
const SIZES_M = { top: [['S', 1], ['M', 3], ['L', 3], ['XL', 2], ['XXL', 1]], bottom: [['38', 1], ['40', 3], ['42', 3], ['44', 2], ['46', 1], ['48', 1]], shoes: [['40', 1], ['41', 2], ['42', 3], ['43', 3], ['44', 2], ['45', 1]] } as const;

/** Lower-case ASCII for email local parts and handles: `Anaïs Le Goff` → `anais`, `legoff`. */
function slug(text: string): string {
  let folded = SLUGS.get(text);
  if (folded === undefined) SLUGS.set(text, (folded = foldText(text).replace(/[^a-z]/g, '')));
  return folded;
}
const SLUGS = new Map<string, string>();

const EMAIL_DOMAINS = [['example.fr', 40], ['example.com', 30], ['example.net', 15], ['example.org', 15]] as const;

/**
 * Everything about customer n except their history, drawn from their own stream. Identifiers that
 * must be unique (email, phone, card, handle, ids) embed n, so no two customers ever collide.
 */
export function makeCustomer(seed: number, index: number): { customer: DemoCustomer; random: Random } {
  const random = new Random(seed, STREAM.customer, index);
  const language = random.chance(0.03) ? 'en' : 'fr';
  const audience = random.chance(0.78) ? 'f' : 'm';
  const firstName = language === 'en' ? random.pick(ENGLISH_FIRST_NAMES) : random.pick(audience === 'f' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  const lastName = language === 'en' ? random.pick(ENGLISH_LAST_NAMES) : random.pick(LAST_NAMES);
  const archetype = random.weighted<Archetype>([['web', 30], ['store', 30], ['omni', 40]]);
  // Store-only customers live near a store; some online shoppers live far from any.
  const remote = archetype === 'web' && random.chance(0.25);
  const town = remote ? REMOTE_TOWNS[random.weightedIndex(REMOTE_WEIGHTS)]! : HOME_TOWNS[random.weightedIndex(TOWN_WEIGHTS)]!;
  const age = 18 + Math.floor(57 * Math.pow(random.next(), 1.3));
  const sizeTable = audience === 'f' ? SIZES_F : SIZES_M;
  const sizes = { top: random.weighted(sizeTable.top), bottom: random.weighted(sizeTable.bottom), shoes: random.weighted(sizeTable.shoes) };
  const style = random.weighted<Style>([['casual', 5], ['chic', 3], ['sport', 2]]);

  const hasEmail = archetype !== 'store' || random.chance(0.75);
  const hasPhone = random.chance(archetype === 'store' ? 0.5 : 0.7);
  const appUser = archetype === 'omni' ? random.chance(0.55) : archetype === 'web' && random.chance(0.2);
  const hasAccount = appUser || random.chance(archetype === 'web' ? 0.65 : archetype === 'omni' ? 0.6 : 0.03);
  const hasLoyalty = random.chance(archetype === 'store' ? 0.92 : archetype === 'omni' ? 0.7 : 0.15) || (archetype === 'store' && !hasEmail);
  const hasInstagram = random.chance(archetype === 'omni' ? 0.25 : archetype === 'web' ? 0.15 : 0.04);
  const n = index + 1;
  const first = slug(firstName);
  const last = slug(lastName);
  const local = random.weighted<string>([[`${first}.${last}${n}`, 5], [`${first}${last}${n}`, 2], [`${first[0]}.${last}${n}`, 2], [`${first}_${last}${n}`, 1]]);
  const domain = language === 'en' ? 'example.com' : random.weighted(EMAIL_DOMAINS);
  const deviceType = appUser ? (random.chance(0.55) ? 'ios' : 'android') : null;
  const deviceId = appUser ? uniqueUuid(index, UUID_DEVICE, random.hex(24)) : null;
  const homeStoreId = `sto_${town.store}`;
  // Customers join over the whole period, a little more in its second half (the chain grows).
  const since = START + Math.floor(Math.sqrt(random.next()) * (END - START) * 0.97);

  const customer: DemoCustomer = {
    index,
    id: customerId(index),
    firstName,
    lastName,
    email: hasEmail ? `${local}@${domain}` : null,
    phone: hasPhone ? mobilePhone(index) : null,
    town,
    birthYear: 2026 - age,
    language,
    archetype,
    audience,
    style,
    sizes,
    userId: hasAccount ? String(1_000_000 + index) : null,
    anonymousId: uniqueUuid(index, UUID_ANONYMOUS, random.hex(24)),
    deviceId: deviceId && deviceType === 'ios' ? deviceId.toUpperCase() : deviceId,
    deviceType,
    loyaltyCard: hasLoyalty ? loyaltyCard(index) : null,
    instagram: hasInstagram ? `${first}.${last}_${n.toString(36)}` : null,
    homeStoreId,
    favouriteStoreId: random.chance(archetype === 'web' ? 0.1 : 0.65) ? homeStoreId : null,
    // App users answer the app's consent screen; about half of the web account holders answered the sign-up form's.
    consent: appUser || (hasAccount && random.chance(0.5)) ? consentChoices(random, appUser) : null,
    since,
  };
  return { customer, random };
}

/** Sign-up choices: about half accept marketing email, most accept personalisation; app users are asked about push and location. */
function consentChoices(random: Random, appUser: boolean): Record<string, boolean> {
  const choices: Record<string, boolean> = { marketing_email: random.chance(0.55), personalization: random.chance(0.7) };
  if (appUser) Object.assign(choices, { location: random.chance(0.4), marketing_push: random.chance(0.65) });
  return choices;
}

/** The profile's traits, as the sign-up's identify call gives them (sizes show in purchases, not as traits). */
export function customerTraits(customer: DemoCustomer): Record<string, unknown> {
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    city: customer.town.city,
    birthYear: customer.birthYear,
    language: customer.language,
  };
}
