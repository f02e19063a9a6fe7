import type { Transport } from './http.js';
import { seg } from './http.js';
import type { CreateSourceBody, CreatedSource, CustomerSession, Me, Source } from '../src/modules/identity/identity.schemas.js';
import type { CustomerPage, CustomerSearchQuery } from '../src/modules/identity/profiles/profiles.schemas.js';

export function identityApi(call: Transport) {
  return {
    customers: {
      /** `const { token, profileId } = await client.customers.signup({ email, password })` */
      signup: (body: { email: string; password: string }) => call<CustomerSession>('POST', '/v1/customers/signup', { body }),
      login: (body: { email: string; password: string }) => call<CustomerSession>('POST', '/v1/customers/login', { body }),
      logout: () => call<null>('POST', '/v1/customers/logout'),
      /**
       * Staff (admin, marketer, agent): customers whose email, phone, loyalty card, userId or name
       * begins with `q` (any word of a name, without regard to case, accents or hyphens: `dupont m`
       * finds Marie Dupont, `pierre` Jean-Pierre), or the newest without it, a page at a time.
       * `const { items, nextCursor } = await client.customers.search({ q: '06 12', limit: 25 })`
       */
      search: (query: CustomerSearchQuery = {}) => call<CustomerPage>('GET', '/v1/profiles', { query }),
    },
    /** The signed-in customer's own data. */
    me: {
      get: () => call<Me>('GET', '/v1/me'),
      setFavouriteStore: (storeId: string) => call<Me>('PUT', '/v1/me/favourite-store', { body: { storeId } }),
      clearFavouriteStore: () => call<Me>('DELETE', '/v1/me/favourite-store'),
    },
    sources: {
      /** The write key is only in this answer. */
      create: (body: CreateSourceBody) => call<CreatedSource>('POST', '/v1/sources', { body }),
      list: () => call<{ items: Source[] }>('GET', '/v1/sources'),
      rotateKey: (id: string) => call<CreatedSource>('POST', `/v1/sources/${seg(id)}/rotate-key`),
      disable: (id: string) => call<Source>('DELETE', `/v1/sources/${seg(id)}`),
    },
  };
}
