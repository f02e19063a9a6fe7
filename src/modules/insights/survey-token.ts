import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { installationSecret } from '../engagement/webhooks.js';

/**
 * A survey link's token names one person and one order and is signed with the installation's secret
 * (the one engagement signs journey webhooks with: HMAC-SHA256), so nobody can make a token for an
 * order that is not theirs, and no table is written to hand one out. `base64url(profileId \n orderId)`
 * dot `base64url(HMAC-SHA256(secret, "survey:" + that))`.
 */
export const SURVEY_TOKEN_PATTERN = '^[A-Za-z0-9_-]{4,300}\\.[A-Za-z0-9_-]{43}$';

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`survey:${payload}`).digest('base64url');
}

export async function surveyToken(db: Kysely<DB>, profileId: string, orderId: string): Promise<string> {
  const payload = Buffer.from(`${profileId}\n${orderId}`).toString('base64url');
  return `${payload}.${mac(await installationSecret(db), payload)}`;
}

/** Who and which order a token names, or null when it is not one this installation signed. */
export async function readSurveyToken(db: Kysely<DB>, token: string): Promise<{ profileId: string; orderId: string } | null> {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(await installationSecret(db), payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [profileId, orderId, more] = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (!profileId || !orderId || more !== undefined) return null;
  return { profileId, orderId };
}
