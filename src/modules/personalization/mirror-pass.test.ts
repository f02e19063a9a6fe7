import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIRROR_PASS_PATTERN, readMirrorPass, signMirrorPass } from './mirror-pass.js';

const secret = 'a-secret-of-this-installation';
const now = new Date('2026-12-06T10:00:00Z');
const until = new Date('2026-12-06T10:15:00Z');

test('a pass names its person until it expires', () => {
  const pass = signMirrorPass(secret, 'cus_julie', until);
  assert.match(pass, new RegExp(MIRROR_PASS_PATTERN));
  assert.deepEqual(readMirrorPass(secret, pass, now), { profileId: 'cus_julie', expiresAt: until.toISOString() });
  assert.equal(readMirrorPass(secret, pass, until), 'expired');
});

test('a pass signed elsewhere, altered or malformed does not work', () => {
  const pass = signMirrorPass(secret, 'cus_julie', until);
  assert.equal(readMirrorPass('another-secret', pass, now), 'invalid');
  const [prefix, , signature] = pass.split('.');
  const forged = Buffer.from(`cus_someone_else\n${until.toISOString()}`).toString('base64url');
  assert.equal(readMirrorPass(secret, `${prefix}.${forged}.${signature}`, now), 'invalid');
  // A later expiry under the old signature.
  const extended = Buffer.from(`cus_julie\n2027-01-01T00:00:00.000Z`).toString('base64url');
  assert.equal(readMirrorPass(secret, `${prefix}.${extended}.${signature}`, now), 'invalid');
  for (const bad of ['', 'mp.', 'mp..', 'SKU-123', `${pass}.x`, pass.replace(/^mp/, 'sv')]) assert.equal(readMirrorPass(secret, bad, now), 'invalid', bad);
});
