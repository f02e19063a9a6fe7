import { createTransport, type ClientOptions, type Transport } from './http.js';
import { staffApi } from './staff.js';
import { identityApi } from './identity.js';
import { catalogApi } from './catalog.js';
import { storesApi } from './stores.js';
import { trackingApi } from './tracking.js';
import { profilesApi } from './profiles.js';
import { cartsApi } from './carts.js';
import { availabilityApi } from './availability.js';
import { inventoryApi } from './inventory.js';
import { ordersApi } from './orders.js';
import { insightsApi } from './insights.js';
import { personalizationApi } from './personalization.js';

export { PasserelleApiError, type ProblemDetails, type ClientOptions } from './http.js';

/**
 * The typed Passerelle client. Types come from the server's own schemas, so they cannot drift.
 *
 * @example
 * const client = createClient({ baseUrl: 'http://localhost:8080', token });
 * const { items } = await client.stores.near({ near: '45.76,4.83', limit: 5 });
 */
export function createClient(options: ClientOptions) {
  const call: Transport = createTransport(options);
  return {
    /** Any call, for what the typed methods do not cover yet. */
    request: call,
    ...staffApi(call),
    ...identityApi(call),
    ...catalogApi(call),
    ...storesApi(call),
    ...trackingApi(call),
    ...profilesApi(call),
    ...cartsApi(call),
    ...availabilityApi(call),
    ...inventoryApi(call),
    ...ordersApi(call),
    ...insightsApi(call),
    ...personalizationApi(call),
    health: () => call<{ status: 'ok' }>('GET', '/health'),
    openapi: () => call<Record<string, unknown>>('GET', '/openapi.json'),
  };
}

export type PasserelleClient = ReturnType<typeof createClient>;
