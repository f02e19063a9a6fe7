import type { JourneyDefinition } from './journey-definition.js';

/**
 * Ready-made journeys for JOURNEYS.md, runnable with `POST /v1/journeys {template, params}`.
 * Every template's main wait is its `delay` parameter (ISO 8601); texts are Liquid, in French and
 * English. Parameters not given take the defaults listed by `GET /v1/journeys/templates`.
 */
export interface JourneyTemplate {
  key: string;
  name: string;
  description: string;
  journeys: string[];
  params: Record<string, { description: string; default: string | number }>;
  build(params: Record<string, string | number>): JourneyDefinition;
}

const str = (v: string | number | undefined) => String(v ?? '');

export const JOURNEY_TEMPLATES: JourneyTemplate[] = [
  {
    key: 'abandoned_cart',
    name: 'Panier abandonné',
    description: 'A cart changed and was not ordered: after `delay`, an email with the cart and a content link; the run ends as soon as the cart is ordered on any channel.',
    journeys: ['J3'],
    params: {
      delay: { description: 'How long after the last cart change (ISO 8601)', default: 'PT24H' },
      contentUrl: { description: 'A guide or article linked from the email', default: 'https://stylenow.example/guides' },
      controlPercent: { description: 'Share of people kept out as a control group (0 for none)', default: 0 },
    },
    build: (p) => ({
      name: 'Panier abandonné',
      trigger: { event: 'commerce.cart_updated', correlate: 'cartId' },
      exitOn: [
        { event: 'commerce.order_placed', correlate: 'cartId' },
        { event: 'Order Completed', correlate: 'cartId' },
      ],
      goal: { event: 'commerce.order_placed', correlate: 'cartId', within: 'P7D' },
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        ...(Number(p.controlPercent) > 0
          ? [{ id: 'groupes', type: 'split' as const, arms: [{ name: 'control', percent: Number(p.controlPercent), goto: 'exit' }, { name: 'envoi', percent: 100 - Number(p.controlPercent) }] }]
          : []),
        {
          id: 'email',
          type: 'send',
          channel: 'email',
          template: {
            subject: { fr: '{{ profile.firstName | default: "Bonjour" }}, votre panier vous attend', en: '{{ profile.firstName | default: "Hello" }}, your cart is waiting' },
            body: {
              fr: 'Bonjour {{ profile.firstName }},\nVotre panier vous attend. Pour bien choisir : ' + str(p.contentUrl),
              en: 'Hello {{ profile.firstName }},\nYour cart is waiting. To choose well: ' + str(p.contentUrl),
            },
          },
        },
      ],
    }),
  },
  {
    key: 'order_ready',
    name: 'Commande prête / arrivée en magasin',
    description: 'Tells the customer their order can be collected (ready for pickup, or arrived in store by ship-to-store): transactional, after `delay`.',
    journeys: ['J2', 'J4'],
    params: { delay: { description: 'Wait before telling (ISO 8601)', default: 'PT0S' } },
    build: (p) => ({
      name: 'Commande prête',
      trigger: { event: 'commerce.order_status_changed', correlate: 'orderId', where: { path: 'event.properties.to', op: 'in', value: ['ready_for_pickup', 'arrived_in_store'] } },
      reentry: 'always',
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        {
          id: 'email',
          type: 'send',
          channel: 'email',
          transactional: true,
          template: {
            subject: { fr: 'Votre commande vous attend en magasin', en: 'Your order is waiting for you in store' },
            body: { fr: 'Bonjour {{ profile.firstName }}, votre commande {{ event.properties.orderId }} vous attend en magasin.', en: 'Hello {{ profile.firstName }}, your order {{ event.properties.orderId }} is waiting for you in store.' },
          },
        },
        {
          id: 'app',
          type: 'send',
          channel: 'inbox',
          transactional: true,
          template: { body: { fr: 'Votre commande {{ event.properties.orderId }} est prête.', en: 'Your order {{ event.properties.orderId }} is ready.' } },
        },
      ],
    }),
  },
  {
    key: 'post_purchase_survey',
    name: 'Enquête de satisfaction',
    description: 'After a purchase on any channel (a till sale included), `delay` later, one question about the experience.',
    journeys: ['J2'],
    params: { delay: { description: 'How long after the purchase (ISO 8601)', default: 'P1D' }, surveyUrl: { description: 'Where the answer is given', default: 'https://stylenow.example/avis' } },
    build: (p) => ({
      name: 'Enquête de satisfaction',
      trigger: { event: 'Order Completed', correlate: 'orderId' },
      reentry: 'always',
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        {
          id: 'enquete',
          type: 'send',
          channel: 'best',
          template: {
            subject: { fr: 'Votre avis compte', en: 'Tell us how it went' },
            body: { fr: 'Comment s’est passé votre achat ? ' + str(p.surveyUrl) + '?order={{ event.properties.orderId }}', en: 'How was your purchase? ' + str(p.surveyUrl) + '?order={{ event.properties.orderId }}' },
          },
        },
      ],
    }),
  },
  {
    key: 'tier_reached_vip',
    name: 'Invitation VIP',
    description: 'A customer reaches a loyalty tier: `delay` later, an invitation to the VIP event.',
    journeys: ['J5'],
    params: { delay: { description: 'Wait before inviting (ISO 8601)', default: 'PT1H' }, tier: { description: 'The tier that earns the invitation', default: 'gold' } },
    build: (p) => ({
      name: 'Invitation VIP',
      trigger: { event: 'commerce.loyalty_tier_reached', where: { path: 'event.properties.tier', op: 'eq', value: str(p.tier) } },
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        { id: 'statut', type: 'update_trait', name: 'vipInvited', value: true },
        {
          id: 'invitation',
          type: 'send',
          channel: 'best',
          template: { subject: { fr: 'Vous êtes invitée', en: 'You are invited' }, body: { fr: 'Bienvenue au niveau {{ event.properties.tier }} : une soirée privée vous attend.', en: 'Welcome to {{ event.properties.tier }}: a private evening awaits you.' } },
        },
      ],
    }),
  },
];

export function findTemplate(key: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.key === key);
}
