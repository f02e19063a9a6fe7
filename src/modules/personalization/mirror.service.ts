import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { installationSecret } from '../engagement/webhooks.js';
import { mayI } from '../identity/consent/consent.service.js';
import { getProfile } from '../identity/profiles/profiles.service.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { MIRROR_PASS_TTL_MS, readMirrorPass, signMirrorPass } from './mirror-pass.js';
import type { MirrorShopper } from './mirror.schemas.js';

/**
 * The in-store mirror suggests from a shopper's history only when she shows it a pass from her app,
 * and only while she consents to personalisation: the pass is refused without that consent, and a
 * pass stops working as soon as it is withdrawn. The mirror learns her first name and what her
 * history says about her taste (sizes, colours, products bought), nothing else.
 */
export async function issueMirrorPass(ctx: Ctx): Promise<{ pass: string; expiresAt: string }> {
  if (ctx.principal.kind !== 'customer') throw new AppError('platform.forbidden', 'Only a signed-in customer gets a mirror pass');
  const profileId = (await liveProfileId(ctx.db, ctx.principal.profileId)) ?? ctx.principal.profileId;
  if (!(await mayI(ctx.db, profileId, 'personalization'))) {
    throw new AppError('personalization.consent_required', 'The mirror suggests from your purchases only if you agree to personalisation: turn it on in your privacy choices first');
  }
  const expiresAt = new Date(ctx.clock.now().getTime() + MIRROR_PASS_TTL_MS);
  return { pass: signMirrorPass(await installationSecret(ctx.db), profileId, expiresAt), expiresAt: expiresAt.toISOString() };
}

export async function mirrorShopper(ctx: Ctx, pass: string): Promise<MirrorShopper> {
  const read = readMirrorPass(await installationSecret(ctx.db), pass, ctx.clock.now());
  if (read === 'invalid') throw new AppError('personalization.pass_invalid', 'This is not a mirror pass from this shop');
  if (read === 'expired') throw new AppError('personalization.pass_invalid', 'This mirror pass has expired: show a new one from the app');
  // A pass outlives a merge (it answers for the survivor), not an erasure.
  const profileId = await liveProfileId(ctx.db, read.profileId);
  if (!profileId) throw new AppError('personalization.pass_invalid', 'This mirror pass names nobody any more');
  if (!(await mayI(ctx.db, profileId, 'personalization'))) throw new AppError('personalization.consent_withdrawn', 'Personalisation was turned off since this pass was made');
  const profile = await getProfile(ctx, profileId);
  const firstName = profile.traits.firstName;
  return {
    firstName: typeof firstName === 'string' && firstName.trim() ? firstName.trim() : null,
    preferredSizes: profile.computed.preferredSizes,
    preferredColors: profile.computed.preferredColors,
    purchases: profile.computed.recentPurchases,
    expiresAt: read.expiresAt,
  };
}
