import { randomFillSync } from 'node:crypto';

/**
 * Ids for what ingestion creates, in the format of `newId` (platform/ids.ts): `prefix_` + 10
 * base-32 characters of milliseconds + 16 random ones. Two differences, both for batches:
 * randomness is drawn from a pooled buffer (one `randomBytes` call an id costs ~3 µs, a tenth of
 * an event's budget), and profile ids are strictly increasing within the process (below).
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case, as newId
const POOL = Buffer.alloc(4096);
let offset = POOL.length;
let lastMs = -1;
let timePart = '';

function time(at: number): string {
  if (at !== lastMs) {
    let text = '';
    let t = at;
    for (let i = 0; i < 10; i++) {
      text = ALPHABET[t % 32] + text;
      t = Math.floor(t / 32);
    }
    lastMs = at;
    timePart = text;
  }
  return timePart;
}

function randomTail(): string {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[POOL[offset + i]! % 32];
  offset += 16;
  return tail;
}

export function newIngestId(prefix: string): string {
  return `${prefix}_${time(Date.now())}${randomTail()}`;
}

let lastProfileId = '';

/**
 * A new profile id, greater than every profile id this process made before. Merges keep the oldest
 * profile by comparing ids, and ids order only to the millisecond: batch ingestion makes hundreds
 * of profiles a millisecond, which would otherwise leave the survivor to chance. Within one
 * millisecond the id is the previous one plus one (as ULID's monotonic generators do).
 */
export function newProfileId(): string {
  const id = newIngestId('cus');
  if (id > lastProfileId) return (lastProfileId = id);
  return (lastProfileId = increment(lastProfileId) ?? id);
}

function increment(id: string): string | undefined {
  const chars = id.split('');
  for (let i = chars.length - 1; i > id.indexOf('_'); i--) {
    const digit = ALPHABET.indexOf(chars[i]!);
    if (digit < ALPHABET.length - 1) {
      chars[i] = ALPHABET[digit + 1]!;
      return chars.join('');
    }
    chars[i] = ALPHABET[0]!;
  }
  return undefined; // 80 random bits all carried over: not in practice
}
