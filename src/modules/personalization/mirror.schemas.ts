import { Type, type Static } from 'typebox';
import { MIRROR_PASS_PATTERN } from './mirror-pass.js';

export const MirrorPass = Type.Object({
  pass: Type.String({ pattern: MIRROR_PASS_PATTERN, description: 'Shown to the mirror as a QR code (or typed); works until expiresAt' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const MirrorPassHeaders = Type.Object({
  'x-mirror-pass': Type.String({ pattern: MIRROR_PASS_PATTERN, description: 'The pass the shopper showed the mirror (POST /v1/me/mirror-pass)' }),
});

export const MirrorShopper = Type.Object({
  firstName: Type.Union([Type.String(), Type.Null()]),
  preferredSizes: Type.Array(Type.String(), { description: 'The sizes she buys most, most bought first' }),
  preferredColors: Type.Array(Type.String()),
  purchasedProducts: Type.Array(Type.String(), { description: 'Product ids she bought, on any channel, the latest purchase first' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type MirrorShopper = Static<typeof MirrorShopper>;
