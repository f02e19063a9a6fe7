import type { Transport } from './http.js';
import { seg } from './http.js';
import type {
  CreateLocationBody,
  HoursException,
  Location,
  LocationPage,
  LocationsQuery,
  Store,
  StorePage,
  StoresQuery,
  UpdateLocationBody,
} from '../src/modules/catalog/stores.schemas.js';

export function storesApi(call: Transport) {
  return {
    /** The public store locator; no token needed. */
    stores: {
      /**
       * Nearest stores first.
       * @example const { items } = await client.stores.near({ near: '45.764,4.8357', limit: 5, service: 'click_and_collect', openNow: true })
       */
      near: (query: Required<Pick<StoresQuery, 'near'>> & Omit<StoresQuery, 'near' | 'cursor'>) => call<StorePage>('GET', '/v1/stores', { query }),
      /**
       * Every store by name, a page at a time.
       * @example const page = await client.stores.list({ limit: 20 }); const next = await client.stores.list({ cursor: page.nextCursor! })
       */
      list: (query: Omit<StoresQuery, 'near'> = {}) => call<StorePage>('GET', '/v1/stores', { query }),
      /** @example const store = await client.stores.get('sto_01…') */
      get: (id: string) => call<Store>('GET', `/v1/stores/${seg(id)}`),
    },
    /** Stores and warehouses as staff manage them. */
    locations: {
      /** @example const { items } = await admin.locations.list({ kind: 'warehouse' }) */
      list: (query: LocationsQuery = {}) => call<LocationPage>('GET', '/v1/locations', { query }),
      get: (id: string) => call<Location>('GET', `/v1/locations/${seg(id)}`),
      /**
       * @example
       * await admin.locations.create({ kind: 'store', code: 'LYON-01', name: 'Lyon Part-Dieu', timezone: 'Europe/Paris',
       *   address: { line1: '17 rue du Dr Bouchut', postalCode: '69003', city: 'Lyon', country: 'FR' },
       *   location: { latitude: 45.761, longitude: 4.857 }, openingHours: { mon: [{ open: '10:00', close: '19:00' }] } })
       */
      create: (body: CreateLocationBody) => call<Location>('POST', '/v1/locations', { body }),
      update: (id: string, body: UpdateLocationBody) => call<Location>('PATCH', `/v1/locations/${seg(id)}`, { body }),
      /**
       * Replaces the whole list of dated exceptions.
       * @example await admin.locations.setHoursExceptions(id, [{ date: '2026-12-25', closed: true, label: 'Noël' }])
       */
      setHoursExceptions: (id: string, exceptions: HoursException[]) =>
        call<Location>('PUT', `/v1/locations/${seg(id)}/hours-exceptions`, { body: { exceptions } }),
    },
  };
}
