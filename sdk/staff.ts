import type { Static } from 'typebox';
import type { Transport } from './http.js';
import { seg } from './http.js';
import type { ApiToken, CreateApiTokenBody, CreateStaffBody, CreatedApiToken, StaffMember, StaffSession, UpdateStaffBody } from '../src/modules/staff/staff.schemas.js';

export function staffApi(call: Transport) {
  return {
    auth: {
      /** Staff sign-in. `const { token } = await client.auth.login({ email, password })` */
      login: (body: { email: string; password: string }) => call<StaffSession>('POST', '/v1/auth/login', { body }),
      logout: () => call<null>('POST', '/v1/auth/logout'),
      /** The staff member (or API token) behind the current bearer token. */
      me: () => call<StaffMember>('GET', '/v1/auth/me'),
    },
    staff: {
      list: (query: { cursor?: string; limit?: number; role?: string; q?: string } = {}) =>
        call<{ items: StaffMember[]; nextCursor: string | null }>('GET', '/v1/staff', { query }),
      create: (body: CreateStaffBody) => call<StaffMember>('POST', '/v1/staff', { body }),
      update: (id: string, body: UpdateStaffBody) => call<StaffMember>('PATCH', `/v1/staff/${seg(id)}`, { body }),
    },
    apiTokens: {
      list: () => call<{ items: ApiToken[] }>('GET', '/v1/api-tokens'),
      /** The token secret is only in this answer. */
      create: (body: CreateApiTokenBody) => call<Static<typeof CreatedApiToken>>('POST', '/v1/api-tokens', { body }),
      revoke: (id: string) => call<null>('DELETE', `/v1/api-tokens/${seg(id)}`),
    },
  };
}
