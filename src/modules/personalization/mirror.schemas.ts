import { Type, type Static } from 'typebox';
import { MIRROR_PASS_PATTERN } from './mirror-pass.js';
import { Purchase } from '../identity/profiles/profiles.schemas.js';

export const MirrorPass = Type.Object({
  pass: Type.String({ pattern: MIRROR_PASS_PATTERN, description: 'Shown to the mirror as a QR code (or typed); works until expiresAt' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const MirrorPassHeaders = Type.Object({
  'x-mirror-pass': Type.String({ pattern: MIRROR_PASS_PATTERN, description: 'The pass the shopper showed the mirror (POST /v1/me/mirror-pass)' }),
});

export const MirrorShopper = Type.Object({
  firstName: Type.Union([Type.String(), Type.Null()]),
  preferredSizes: Type.Array(Type.String(), { description: 'The sizes she buys most, most bought first (all kinds of goods together)' }),
  preferredColors: Type.Array(Type.String()),
  purchases: Type.Array(Purchase, { description: 'What she bought on any channel, each product once with the size and colour she took, the latest first' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type MirrorShopper = Static<typeof MirrorShopper>;
