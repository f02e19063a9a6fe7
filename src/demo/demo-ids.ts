/**
 * Deterministic ids and identifiers for the demo. Ids look like the app's (prefix, `_`, lowercase
 * Crockford base32) but are shorter than the 26 characters `newId` draws, so a demo id can never
 * equal an id the running app creates later.
 */

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `n` in Crockford base32, left-padded to `width` characters. */
export function base32(n: number, width: number): string {
  let out = '';
  let rest = n;
  do {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  if (out.length > width) throw new Error(`${n} does not fit in ${width} base32 characters`);
  return out.padStart(width, '0');
}

/** Customer n (0-based) → `cus_000002s`; seven characters hold 34 billion customers. */
export function customerId(index: number): string {
  return `cus_${base32(index, 7)}`;
}

/** Event k of customer n: sorted by customer then by order of generation, so inserts append. */
export function eventKey(customerIndex: number, ordinal: number): string {
  return `${base32(customerIndex, 7)}${base32(ordinal, 2)}`;
}

/**
 * A bijection of 32-bit integers (every step is invertible: xor-shift, multiplication by an odd
 * number), so distinct inputs give distinct, random-looking outputs.
 */
export function scramble32(value: number, key: number): number {
  let x = (value ^ key) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A UUID (version 4 layout) unique to (kind, index): the first 32 bits are a bijection of the index,
 * the rest is random, so two customers can never share an anonymousId or a deviceId.
 */
export function uniqueUuid(index: number, kind: number, randomHex: string): string {
  const head = scramble32(index, kind).toString(16).padStart(8, '0');
  const r = randomHex.padEnd(24, '0');
  const variant = '89ab'[parseInt(r[7]!, 16) % 4]!;
  return `${head}-${r.slice(0, 4)}-4${r.slice(4, 7)}-${variant}${r.slice(8, 11)}-${r.slice(11, 23)}`;
}

// The block 06 39 98 xx xx is reserved for fiction: generated customers never get it, the demo
// personas do, so a persona's number can never belong to a generated customer too.
const FICTION_START = 39_980_000;
const FICTION_SIZE = 10_000;
const MOBILE_SPACE = 2 * (100_000_000 - FICTION_SIZE);

/** A French mobile number in E.164, unique per index: an affine bijection of the allowed numbers. */
export function mobilePhone(index: number): string {
  const k = (index * 1_234_567 + 48_213_907) % MOBILE_SPACE;
  const half = MOBILE_SPACE / 2;
  const digits = k % half;
  const subscriber = digits < FICTION_START ? digits : digits + FICTION_SIZE;
  return `+33${k < half ? 6 : 7}${String(subscriber).padStart(8, '0')}`;
}

/** A StyleNow loyalty card number, unique per index, from SN1000000000 up (the personas' are below). */
export function loyaltyCard(index: number): string {
  return `SN${1_000_000_000 + ((index * 7_654_321 + 1_029_384_756) % 9_000_000_000)}`;
}

/** EAN-13 with its check digit, from 12 digits. */
export function ean13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 needs 12 digits, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}
