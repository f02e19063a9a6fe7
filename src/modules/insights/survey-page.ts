import { SURVEY_TEXTS } from './surveys.service.js';
import type { SurveyView } from './insights.schemas.js';

/**
 * The survey page people reach from the link, server-rendered in French or English: a 0–10 score as
 * a group of radio buttons with a legend, an optional comment and the opt-in box, each with its label.
 */
export type Locale = 'fr' | 'en';

const WORDS = {
  fr: {
    title: 'Votre avis',
    heading: 'Comment s’est passé votre achat ?',
    order: (id: string, store: string | null) => `Commande ${id}${store ? `, magasin ${store}` : ''}`,
    send: 'Envoyer mon avis',
    already: 'Vous avez déjà répondu ; une nouvelle réponse remplacera la précédente.',
    thanks: 'Merci ! Votre avis est bien enregistré.',
    optedIn: 'Vous continuerez à recevoir nos offres sur les nouveaux produits.',
    scoreHint: '0 : pas du tout probable, 10 : très probable',
    invalid: 'Choisissez une note de 0 à 10.',
    notFound: 'Ce lien d’enquête n’est pas valide.',
    notYours: 'Cette enquête concerne la commande d’une autre personne.',
  },
  en: {
    title: 'Your opinion',
    heading: 'How was your purchase?',
    order: (id: string, store: string | null) => `Order ${id}${store ? `, store ${store}` : ''}`,
    send: 'Send my answer',
    already: 'You have already answered; a new answer replaces the previous one.',
    thanks: 'Thank you! Your answer is recorded.',
    optedIn: 'You will keep receiving our offers on new products.',
    scoreHint: '0: not at all likely, 10: extremely likely',
    invalid: 'Choose a score from 0 to 10.',
    notFound: 'This survey link is not valid.',
    notYours: 'This survey is about someone else’s order.',
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(locale: Locale, title: string, main: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}fieldset{border:1px solid #777;padding:1rem}.scores{display:flex;flex-wrap:wrap;gap:.5rem}.scores label{display:inline-flex;flex-direction:column;align-items:center;min-width:2.5rem}textarea{width:100%}button{font-size:1rem;padding:.5rem 1rem;margin-top:1rem}[role=alert]{color:#a00;font-weight:bold}</style></head><body><main>${main}</main></body></html>`;
}

export function surveyFormPage(survey: SurveyView, locale: Locale, options: { error?: string; score?: number | null; comment?: string } = {}): string {
  const w = WORDS[locale];
  const score = options.score ?? survey.answer?.score ?? null;
  const comment = options.comment ?? survey.answer?.comment ?? '';
  const radios = Array.from({ length: 11 }, (_, i) => `<label><input type="radio" name="score" value="${i}"${score === i ? ' checked' : ''} required>${i}</label>`).join('');
  const error = options.error ? `<p role="alert" id="score-error">${escapeHtml(options.error)}</p>` : '';
  return page(
    locale,
    w.title,
    `<h1>${w.heading}</h1><p>${escapeHtml(w.order(survey.orderId, survey.storeName))}</p>${survey.answer ? `<p>${w.already}</p>` : ''}${error}` +
      `<form method="post" action="?lang=${locale}"><fieldset aria-describedby="score-hint${options.error ? ' score-error' : ''}"><legend>${escapeHtml(SURVEY_TEXTS.score[locale])}</legend><p id="score-hint">${w.scoreHint}</p><div class="scores">${radios}</div></fieldset>` +
      `<p><label for="comment">${escapeHtml(SURVEY_TEXTS.comment[locale])}</label><br><textarea id="comment" name="comment" rows="4" maxlength="2000">${escapeHtml(comment)}</textarea></p>` +
      `<p><input type="checkbox" id="keepOffers" name="keepOffers" value="yes"${survey.marketingEmailConsent ? ' checked' : ''}> <label for="keepOffers">${escapeHtml(SURVEY_TEXTS.keepOffers[locale])}</label></p>` +
      `<button type="submit">${w.send}</button></form>`,
  );
}

export function surveyThanksPage(locale: Locale, optedIn: boolean): string {
  const w = WORDS[locale];
  return page(locale, w.title, `<h1>${w.thanks}</h1>${optedIn ? `<p>${w.optedIn}</p>` : ''}`);
}

export function surveyProblemPage(locale: Locale, problem: 'not_found' | 'not_yours'): string {
  const w = WORDS[locale];
  return page(locale, w.title, `<h1>${w.title}</h1><p role="alert">${problem === 'not_yours' ? w.notYours : w.notFound}</p>`);
}

export const invalidScoreText = (locale: Locale) => WORDS[locale].invalid;
