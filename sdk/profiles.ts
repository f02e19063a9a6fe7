import type { Static } from 'typebox';
import type { Transport } from './http.js';
import { seg } from './http.js';
import type { AuditEntry, Consents, ConsentsBody, MergeRecord, Profile, Timeline, Visitors } from '../src/modules/identity/profiles/profiles.schemas.js';

type LookupType = 'email' | 'phone' | 'userId' | 'anonymousId' | 'loyalty_card' | 'instagram' | 'deviceId';

export function profilesApi(call: Transport) {
  return {
    profiles: {
      /** `await client.profiles.get('cus_…')`: the 360° view; a merged-away id answers with the survivor. */
      get: (id: string) => call<Profile>('GET', `/v1/profiles/${seg(id)}`),
      lookup: (type: LookupType, value: string) => call<Profile>('GET', '/v1/profiles/lookup', { query: { type, value } }),
      timeline: (id: string, query: { cursor?: string; limit?: number; channel?: string; type?: string; name?: string } = {}) =>
        call<Static<typeof Timeline>>('GET', `/v1/profiles/${seg(id)}/timeline`, { query }),
      consents: (id: string) => call<Static<typeof Consents>>('GET', `/v1/profiles/${seg(id)}/consents`),
      setConsents: (id: string, body: ConsentsBody) => call<Static<typeof Consents>>('PUT', `/v1/profiles/${seg(id)}/consents`, { body }),
      export: (id: string) => call<Record<string, unknown>>('GET', `/v1/profiles/${seg(id)}/export`),
      erase: (id: string) => call<{ erased: string[]; events: number }>('DELETE', `/v1/profiles/${seg(id)}`),
      merges: (id: string) => call<{ items: Static<typeof MergeRecord>[] }>('GET', `/v1/profiles/${seg(id)}/merges`),
      unmerge: (mergeId: string) => call<{ survivorId: string; restoredId: string }>('POST', `/v1/merges/${seg(mergeId)}/unmerge`),
      /** Who checked in at a store lately (the associate app's "in store now"). */
      visitors: (storeId: string, query: { within?: string; limit?: number } = {}) => call<Static<typeof Visitors>>('GET', `/v1/stores/${seg(storeId)}/visitors`, { query }),
      audit: (profileId: string) => call<{ items: Static<typeof AuditEntry>[] }>('GET', '/v1/audit', { query: { profileId } }),
    },
    myPrivacy: {
      consents: () => call<Static<typeof Consents>>('GET', '/v1/me/consents'),
      setConsents: (body: ConsentsBody) => call<Static<typeof Consents>>('PUT', '/v1/me/consents', { body }),
      export: () => call<Record<string, unknown>>('GET', '/v1/me/export'),
    },
  };
}
