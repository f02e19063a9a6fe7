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
    description:
      'A cart changed and was not ordered: after `delay`, an email listing the cart, with a personal single-use code of `promotionId` (when given), the free delivery line (when `freeDelivery` is 1: back it with an automatic free-delivery promotion) and a content link; the run ends as soon as the cart is ordered on any channel, which counts as its conversion.',
    journeys: ['J3'],
    params: {
      delay: { description: 'How long after the last cart change (ISO 8601)', default: 'PT24H' },
      contentUrl: { description: 'A guide or article linked from the email', default: 'https://stylenow.example/guides' },
      promotionId: { description: 'A promotion used with codes: each person gets a personal single-use code of it ("" for none)', default: '' },
      offerValidFor: { description: 'How long the code is valid (ISO 8601)', default: 'P7D' },
      freeDelivery: { description: '1: say delivery is free (the retailer’s free-delivery promotion applies)', default: 0 },
      controlPercent: { description: 'Share of people kept out as a control group (0 for none)', default: 0 },
    },
    build: (p) => {
      const code = str(p.promotionId) !== '';
      const free = Number(p.freeDelivery) === 1;
      const lines = '{% for item in context.cart.items %}\n- {{ item.name }}{% if item.size %} ({{ item.size }}){% endif %} × {{ item.quantity }} : {{ item.price }}{% endfor %}';
      return {
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
          ...(code ? [{ id: 'offre', type: 'issue_code' as const, promotionId: str(p.promotionId), validFor: str(p.offerValidFor) }] : []),
          {
            id: 'email',
            type: 'send',
            channel: 'email',
            template: {
              subject: { fr: '{{ profile.firstName | default: "Bonjour" }}, votre panier vous attend', en: '{{ profile.firstName | default: "Hello" }}, your cart is waiting' },
              body: {
                fr:
                  'Bonjour {{ profile.firstName }},\nVotre panier vous attend :' +
                  lines +
                  (code ? '\nVotre code de bienvenue : {{ vars.offre.code }}' : '') +
                  (free ? '\nLa livraison vous est offerte.' : '') +
                  '\nPour bien choisir : ' +
                  str(p.contentUrl),
                en:
                  'Hello {{ profile.firstName }},\nYour cart is waiting:' +
                  lines +
                  (code ? '\nYour welcome code: {{ vars.offre.code }}' : '') +
                  (free ? '\nDelivery is on us.' : '') +
                  '\nTo choose well: ' +
                  str(p.contentUrl),
              },
            },
          },
        ],
      };
    },
  },
  {
    key: 'store_welcome',
    name: 'Bienvenue en boutique',
    description:
      'The app checks in at a store (`Store Entered` with its `storeId`): after `delay`, a message that greets the person by name and lists the favourites of her wishlist in stock in this store, with their aisle.',
    journeys: ['J1'],
    params: {
      delay: { description: 'Wait after the check-in (ISO 8601; PT0S: at once)', default: 'PT0S' },
      channel: { description: 'push, inbox or best', default: 'push' },
    },
    build: (p) => ({
      name: 'Bienvenue en boutique',
      trigger: { event: 'Store Entered' },
      reentry: 'always',
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        {
          id: 'bienvenue',
          type: 'send',
          channel: str(p.channel) as 'push',
          template: {
            subject: { fr: 'Bienvenue chez StyleNow {{ context.store.name }}', en: 'Welcome to StyleNow {{ context.store.name }}' },
            body: {
              fr: 'Bonjour {{ profile.firstName }} !{% if context.favouritesInStock.size > 0 %} Vos favoris en stock ici :{% for p in context.favouritesInStock %} {{ p.name }}{% if p.size %} ({{ p.size }}){% endif %}, {{ p.aisle | default: "en boutique" }}{% unless forloop.last %} ;{% endunless %}{% endfor %}.{% endif %}',
              en: 'Hello {{ profile.firstName }}!{% if context.favouritesInStock.size > 0 %} Your favourites in stock here:{% for p in context.favouritesInStock %} {{ p.name }}{% if p.size %} ({{ p.size }}){% endif %}, {{ p.aisle | default: "in store" }}{% unless forloop.last %};{% endunless %}{% endfor %}.{% endif %}',
            },
          },
        },
      ],
    }),
  },
  {
    key: 'scan_offer',
    name: 'Offre après scan en boutique',
    description:
      'A product label is scanned in store (`Product Scanned` with its `sku` or `productId`) and the product is not bought within `delay`: a personal single-use code of `promotionId`, good for that product only and for `offerValidFor`, sent by email; buying the product on any channel ends the run.',
    journeys: ['J2'],
    params: {
      delay: { description: 'How long to wait for a purchase (ISO 8601)', default: 'PT4H' },
      promotionId: { description: 'The promotion of the offer (e.g. 30 % off, used with codes)', default: '' },
      offerValidFor: { description: 'How long the code is valid (ISO 8601)', default: 'P3D' },
    },
    build: (p) => ({
      name: 'Offre après scan en boutique',
      trigger: { event: 'Product Scanned', correlate: 'productId' },
      exitOn: [
        { event: 'commerce.order_placed', correlate: 'productId' },
        { event: 'Order Completed', correlate: 'productId' },
      ],
      goal: { event: 'commerce.order_placed', correlate: 'productId', within: 'P7D' },
      steps: [
        { id: 'achat', type: 'wait_for', event: 'Order Completed', correlate: 'productId', timeout: str(p.delay), onTimeout: 'offre' },
        { id: 'fin', type: 'exit' },
        { id: 'offre', type: 'issue_code', promotionId: str(p.promotionId), forProduct: true, validFor: str(p.offerValidFor) },
        {
          id: 'email',
          type: 'send',
          channel: 'email',
          template: {
            subject: { fr: '{{ context.product.name }} : une offre rien que pour vous', en: '{{ context.product.name }}: an offer just for you' },
            body: {
              fr: 'Bonjour {{ profile.firstName }},\nLa pièce que vous avez scannée, {{ context.product.name }}, vous attend. Avec le code {{ vars.offre.code }}, elle est à vous à prix réduit jusqu’au {{ vars.offre.expiresAt | date: "%d/%m/%Y" }}.',
              en: 'Hello {{ profile.firstName }},\nThe piece you scanned, {{ context.product.name }}, is waiting for you. With the code {{ vars.offre.code }} it is yours for less until {{ vars.offre.expiresAt | date: "%Y-%m-%d" }}.',
            },
          },
        },
      ],
    }),
  },
  {
    key: 'reservation_reminder',
    name: 'Rappel de réservation',
    description:
      'A reserve-and-try reservation is made: after `delay`, if it is still waiting, a reminder that the goods are held until the end of the window; when the window ends unused, a message that they went back to the shelf. Transactional.',
    journeys: ['J6'],
    params: { delay: { description: 'When to remind, after the reservation (ISO 8601)', default: 'PT24H' }, channel: { description: 'email, push, sms or best', default: 'email' } },
    build: (p) => ({
      name: 'Rappel de réservation',
      trigger: { event: 'commerce.order_status_changed', correlate: 'orderId', where: { path: 'event.properties.to', op: 'eq', value: 'reserved' } },
      steps: [
        { id: 'attente', type: 'wait_for', event: 'commerce.order_status_changed', correlate: 'orderId', timeout: str(p.delay), onTimeout: 'rappel' },
        { id: 'fin', type: 'exit' },
        {
          id: 'rappel',
          type: 'send',
          channel: str(p.channel) as 'email',
          transactional: true,
          template: {
            subject: { fr: 'Votre réservation vous attend', en: 'Your reservation is waiting' },
            body: { fr: 'Bonjour {{ profile.firstName }}, votre réservation {{ event.properties.orderId }} vous attend en boutique : passez l’essayer avant la fin du délai.', en: 'Hello {{ profile.firstName }}, your reservation {{ event.properties.orderId }} is waiting in store: come and try it before it ends.' },
          },
        },
        { id: 'issue', type: 'wait_for', event: 'commerce.order_status_changed', correlate: 'orderId', timeout: 'P30D' },
        { id: 'expiree', type: 'branch', cases: [{ when: { path: 'vars.event.to', op: 'eq', value: 'released' }, goto: 'retour' }], otherwise: 'exit' },
        {
          id: 'retour',
          type: 'send',
          channel: str(p.channel) as 'email',
          transactional: true,
          template: {
            subject: { fr: 'Votre réservation est terminée', en: 'Your reservation has ended' },
            body: { fr: 'Bonjour {{ profile.firstName }}, votre réservation {{ event.properties.orderId }} a pris fin et les articles sont retournés en rayon.', en: 'Hello {{ profile.firstName }}, your reservation {{ event.properties.orderId }} has ended and the items are back on the shelf.' },
          },
        },
      ],
    }),
  },
  {
    key: 'outfit_suggestions',
    name: 'Idées de tenue après un achat',
    description:
      'An order is completed on any channel (`Order Completed`, a till sale or an order paid in the app included): after `delay`, a message with up to three items that go with what was bought (the look rules of the store mirror: other categories, the same style, a compatible season), in stock, chosen from the person’s history (her size in each department, her colours, the categories she buys from) and never one she owns. Needs the personalisation consent.',
    journeys: ['J1'],
    params: {
      delay: { description: 'Wait after the purchase (ISO 8601)', default: 'PT2H' },
      channel: { description: 'email, push, inbox or best', default: 'best' },
    },
    build: (p) => ({
      name: 'Idées de tenue',
      trigger: {
        event: 'Order Completed',
        where: {
          all: [
            { path: 'profile.consents.personalization', op: 'eq', value: true },
            { path: 'context.outfit.0', op: 'exists' },
          ],
        },
      },
      reentry: 'always',
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        {
          id: 'tenue',
          type: 'send',
          channel: str(p.channel) as 'best',
          template: {
            subject: { fr: 'Pour compléter votre tenue', en: 'To complete your look' },
            body: {
              fr: 'Bonjour {{ profile.firstName }}, avec votre achat, nous vous proposons :{% for p in context.outfit %} {{ p.name }}{% if p.size %} en {{ p.size }}{% endif %} ({{ p.price }}){% unless forloop.last %} ;{% endunless %}{% endfor %}.',
              en: 'Hello {{ profile.firstName }}, to go with your purchase:{% for p in context.outfit %} {{ p.name }}{% if p.size %} in {{ p.size }}{% endif %} ({{ p.price }}){% unless forloop.last %};{% endunless %}{% endfor %}.',
            },
          },
        },
      ],
    }),
  },
  {
    key: 'rainy_day',
    name: 'Jour de pluie près d’une boutique',
    description:
      'The app reports a position (`Location Updated`) within `radiusM` of a store, open now, where it is raining, with items of `category` in stock: after `delay`, one push listing them with their aisle. Needs the location consent; the contact policy keeps it to one push a day and out of quiet hours.',
    journeys: ['J7'],
    params: {
      delay: { description: 'Wait before sending (ISO 8601)', default: 'PT0S' },
      radiusM: { description: 'Geofence radius around stores, in metres', default: 300 },
      category: { description: 'The category in stock to suggest (id or slug)', default: 'accessoires-parapluies' },
    },
    build: (p) => ({
      name: 'Jour de pluie',
      trigger: {
        event: 'Location Updated',
        where: {
          all: [
            { path: 'profile.consents.location', op: 'eq', value: true },
            { path: 'context.geofence.inside', op: 'eq', value: true },
            { path: 'context.store.openNow', op: 'eq', value: true },
            { path: 'context.weather.raining', op: 'eq', value: true },
            { path: 'context.categoryInStock.0', op: 'exists' },
          ],
        },
      },
      reentry: 'always',
      context: { category: str(p.category), geofenceRadiusM: Number(p.radiusM) },
      steps: [
        { id: 'attente', type: 'wait', duration: str(p.delay) },
        {
          id: 'pluie',
          type: 'send',
          channel: 'push',
          template: {
            subject: { fr: 'Il pleut à {{ context.store.city }}', en: 'It is raining in {{ context.store.city }}' },
            body: {
              fr: 'À deux pas, StyleNow {{ context.store.name }} a de quoi vous abriter :{% for p in context.categoryInStock limit: 3 %} {{ p.name }}{% if p.aisle %} ({{ p.aisle }}){% endif %}{% unless forloop.last %},{% endunless %}{% endfor %}.',
              en: 'Around the corner, StyleNow {{ context.store.name }} has what you need:{% for p in context.categoryInStock limit: 3 %} {{ p.name }}{% if p.aisle %} ({{ p.aisle }}){% endif %}{% unless forloop.last %},{% endunless %}{% endfor %}.',
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
    description:
      'After a purchase on any channel (a till sale included), `delay` later, one question about the experience, with a signed link for this person and order: to Passerelle’s own survey page (score 0–10, comment, opt-in to new-product offers) when `surveyUrl` is empty, else to `surveyUrl?token=…` (your page then answers through `POST /v1/surveys/{token}/answers`).',
    journeys: ['J2'],
    params: { delay: { description: 'How long after the purchase (ISO 8601)', default: 'P1D' }, surveyUrl: { description: 'Your own survey page (it gets `?token=`), or empty for Passerelle’s page', default: '' } },
    build: (p) => {
      const link = (lang: 'fr' | 'en') => (str(p.surveyUrl) === '' ? `{{ survey.url }}?lang=${lang}` : `${str(p.surveyUrl)}?token={{ survey.token }}&lang=${lang}`);
      return {
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
              body: { fr: 'Comment s’est passé votre achat ? Donnez-nous votre avis : ' + link('fr'), en: 'How was your purchase? Tell us: ' + link('en') },
            },
          },
        ],
      };
    },
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
