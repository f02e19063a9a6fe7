import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The pass a shopper shows the in-store mirror (as a QR code from her app) so that it suggests from
 * her history: it names one person until a time, signed with the installation's secret (HMAC-SHA256),
 * so nobody can make one for somebody else and no table is written to hand one out.
 * `mp.` base64url(profileId \n expiresAt) `.` base64url(HMAC-SHA256(secret, "mirror:" + that)).
 * The `mp.` prefix lets the mirror tell a pass from a label's code.
 */
export const MIRROR_PASS_PATTERN = '^mp\\.[A-Za-z0-9_-]{4,300}\\.[A-Za-z0-9_-]{43}$';

/** How long a pass works: a visit to the fitting room, not a day. */
export const MIRROR_PASS_TTL_MS = 15 * 60_000;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`mirror:${payload}`).digest('base64url');
}

export function signMirrorPass(secret: string, profileId: string, expiresAt: Date): string {
  const payload = Buffer.from(`${profileId}\n${expiresAt.toISOString()}`).toString('base64url');
  return `mp.${payload}.${mac(secret, payload)}`;
}

/** Whom a pass names, or why it does not work: not one this installation signed, or expired. */
export function readMirrorPass(secret: string, pass: string, now: Date): { profileId: string; expiresAt: string } | 'invalid' | 'expired' {
  const [prefix, payload, signature, extra] = pass.split('.');
  if (prefix !== 'mp' || !payload || !signature || extra !== undefined) return 'invalid';
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const [profileId, expiresAt, more] = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (!profileId || !expiresAt || more !== undefined || Number.isNaN(Date.parse(expiresAt))) return 'invalid';
  return Date.parse(expiresAt) <= now.getTime() ? 'expired' : { profileId, expiresAt };
}
