import type { Transport } from './http.js';
import type { AvailabilityAnswer, AvailabilityQuery } from '../src/modules/inventory/availability.schemas.js';

export function availabilityApi(call: Transport) {
  return {
    /**
     * Where skus can be had, near a point or in named stores; public.
     * @example const { items } = await shop.availability.get({ sku: 'SN-ROB001-BOR-36', near: '45.76,4.83', openNow: true, inStock: true })
     */
    availability: {
      get: (query: AvailabilityQuery) => call<AvailabilityAnswer>('GET', '/v1/availability', { query: query as Record<string, string | number | boolean | undefined> }),
    },
  };
}
