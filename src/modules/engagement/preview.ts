import type { Static } from 'typebox';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import type { PreviewBody } from './engagement.schemas.js';
import { liquidProblem, renderLiquid } from './liquid.js';
import { loadRecipient } from './recipients.js';
import { audit } from '../identity/profiles/profiles.service.js';

/** Julie, the demo's regular: what a template looks like for someone with a full profile. */
export const SAMPLE_SCOPE = {
  profile: { id: 'cus_sample', firstName: 'Julie', email: 'julie.martin@example.fr', favouriteStoreId: 'sto_lyonpartdieu', traits: { firstName: 'Julie', lastName: 'Martin', tier: 'gold', language: 'fr' } },
  event: { channel: 'app', properties: { cartId: 'crt_sample', orderId: 'ord_sample', storeName: 'StyleNow Lyon Part-Dieu', sku: 'SN-ROB001-BOR-36', productName: 'Robe portefeuille bordeaux' } },
  vars: { code: 'BIENVENUE-7Q2K' },
  // A real run signs a link for the person and the trigger's order (insights/survey-token.ts).
  survey: { token: 'exemple', url: 'https://stylenow.example/v1/surveys/exemple/page' },
};

export async function previewMessage(ctx: Ctx, input: Static<typeof PreviewBody>): Promise<{ subject: string | null; body: string; locale: string }> {
  const parts = { subject: input.template.subject, body: input.template.body };
  for (const [part, texts] of Object.entries(parts)) {
    if (!texts) continue;
    for (const locale of ['fr', 'en'] as const) {
      const problem = liquidProblem(texts[locale]);
      if (problem) throw new AppError('platform.validation_failed', `${part}.${locale}: invalid Liquid: ${problem}`, { errors: [{ path: `body/template/${part}/${locale}`, message: `invalid Liquid: ${problem}` }] });
    }
  }
  let scope: Record<string, unknown> = { ...SAMPLE_SCOPE, event: { ...SAMPLE_SCOPE.event, properties: { ...SAMPLE_SCOPE.event.properties, ...(input.event ?? {}) } } };
  let locale = input.locale ?? 'fr';
  if (input.profileId) {
    const live = await liveProfileId(ctx.db, input.profileId);
    if (!live) throw new AppError('identity.profile_not_found', `No profile ${input.profileId}`);
    const recipient = await loadRecipient(ctx.db, live, ctx.clock.now());
    // Rendering for a real person reads their profile: audited like any staff read.
    await audit(ctx, 'profile.preview', live);
    scope = { ...scope, profile: { id: live, firstName: recipient.traits.firstName ?? null, email: recipient.email, favouriteStoreId: recipient.favouriteStoreId, traits: recipient.traits } };
    locale = input.locale ?? recipient.locale;
  }
  return {
    subject: input.template.subject ? await renderLiquid(input.template.subject[locale], scope) : null,
    body: await renderLiquid(input.template.body[locale], scope),
    locale,
  };
}
