import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Random bytes for ids, drawn from the same CSPRNG as `randomBytes` but filled 4 KB at a time (one
 * call into the system's generator per 409 ids instead of one each). Each byte is used once.
 */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

/**
 * Prefixed, time-ordered ids (`cus_01jd…`): sortable like ULIDs, readable in logs and URLs.
 * The prefix says what the id names, so a wrong id in the wrong place is spotted at a glance.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (poolAt + 10 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  let tail = '';
  for (let i = poolAt, end = poolAt + 10; i < end; i++) tail += ALPHABET[POOL[i]! % 32];
  poolAt += 10;
  return `${prefix}_${time}${tail}`;
}

/** A random secret for tokens and write keys: 32 bytes, URL-safe. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
