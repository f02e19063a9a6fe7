import type { Transport } from './http.js';
import { seg } from './http.js';
import type { CheckoutBody, Order, OrdersQuery, OrderSummaryPage, Return, ReturnBody, TransitionBody } from '../src/modules/commerce/orders.schemas.js';
import type { CreatePromotionBody, IssueCodesBody, Promotion, PromotionCode, PromotionCodePage } from '../src/modules/commerce/promotions.schemas.js';
import type { CommerceSettings, UpdateCommerceSettingsBody } from '../src/modules/commerce/commerce-settings.js';
import type { LoyaltyView } from '../src/modules/commerce/loyalty.service.js';

export function ordersApi(call: Transport) {
  return {
    orders: {
      /**
       * Orders a cart. Send an Idempotency-Key: a retry returns the same order and reserves nothing twice.
       * @example await shop.orders.checkout(cart.id, { fulfillment: { method: 'click_and_collect', storeId }, payment: { method: 'online' } }, { idempotencyKey: crypto.randomUUID() })
       */
      checkout: (cartId: string, body: CheckoutBody, options: { idempotencyKey?: string } = {}) =>
        call<Order>('POST', `/v1/carts/${seg(cartId)}/checkout`, { body, ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}) }),
      get: (id: string) => call<Order>('GET', `/v1/orders/${seg(id)}`),
      list: (query: Partial<OrdersQuery> = {}) => call<OrderSummaryPage>('GET', '/v1/orders', { query }),
      mine: (query: Partial<OrdersQuery> = {}) => call<OrderSummaryPage>('GET', '/v1/me/orders', { query }),
      /** @example await associate.orders.transition(order.id, { to: 'ready_for_pickup' }) */
      transition: (id: string, body: TransitionBody) => call<Order>('POST', `/v1/orders/${seg(id)}/transitions`, { body }),
      /** Completes a payment that needed a further step (the test provider's 3-D Secure card). */
      confirmPayment: (id: string, outcome: 'succeeded' | 'failed') => call<Order>('POST', `/v1/orders/${seg(id)}/payment`, { body: { outcome } }),
    },
    returns: {
      /** @example await associate.returns.create({ orderId, storeId, lines: [{ sku, quantity: 1, reason: 'too_small', exchangeForSku }] }) */
      create: (body: ReturnBody, options: { idempotencyKey?: string } = {}) =>
        call<Return>('POST', '/v1/returns', { body, ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}) }),
      get: (id: string) => call<Return>('GET', `/v1/returns/${seg(id)}`),
    },
    promotions: {
      create: (body: CreatePromotionBody) => call<Promotion>('POST', '/v1/promotions', { body }),
      list: () => call<{ items: Promotion[] }>('GET', '/v1/promotions'),
      get: (id: string) => call<Promotion>('GET', `/v1/promotions/${seg(id)}`),
      update: (id: string, body: CreatePromotionBody) => call<Promotion>('PUT', `/v1/promotions/${seg(id)}`, { body }),
      issueCodes: (id: string, body: IssueCodesBody) => call<{ items: PromotionCode[] }>('POST', `/v1/promotions/${seg(id)}/codes`, { body }),
      codes: (id: string, query: { cursor?: string; limit?: number } = {}) => call<PromotionCodePage>('GET', `/v1/promotions/${seg(id)}/codes`, { query }),
    },
    loyalty: {
      ofProfile: (profileId: string) => call<LoyaltyView>('GET', `/v1/profiles/${seg(profileId)}/loyalty`),
      mine: () => call<LoyaltyView>('GET', '/v1/me/loyalty'),
    },
    commerceSettings: {
      get: () => call<CommerceSettings>('GET', '/v1/commerce/settings'),
      update: (body: UpdateCommerceSettingsBody) => call<CommerceSettings>('PUT', '/v1/commerce/settings', { body }),
    },
  };
}
