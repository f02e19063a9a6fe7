import type { Static } from 'typebox';
import type { Transport } from './http.js';
import type { MirrorPass, MirrorShopper } from '../src/modules/personalization/mirror.schemas.js';

export function personalizationApi(call: Transport) {
  return {
    mirror: {
      /**
       * Signed-in customer: a pass to show the in-store mirror (as a QR code) so that it suggests
       * from her purchases; 15 minutes, and only with her consent to personalisation (else 409).
       * @example const { pass } = await client.mirror.pass();
       */
      pass: () => call<Static<typeof MirrorPass>>('POST', '/v1/me/mirror-pass'),
      /** The mirror: what the shopper who showed `pass` likes (401 for a bad or expired pass, 403 once she withdrew consent). */
      shopper: (pass: string) => call<MirrorShopper>('GET', '/v1/mirror/shopper', { headers: { 'x-mirror-pass': pass } }),
    },
  };
}
