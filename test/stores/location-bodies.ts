import assert from 'node:assert/strict';
import { PasserelleApiError } from '../../sdk/index.js';
import type { CreateLocationBody, OpeningHoursInput } from '../../src/modules/catalog/stores.schemas.js';

/** Mon–Sat, closed on Sunday, a lunch break on Wednesday: a typical French high-street shop. */
export const SHOP_HOURS: OpeningHoursInput = {
  mon: [{ open: '09:00', close: '19:00' }],
  tue: [{ open: '09:00', close: '19:00' }],
  wed: [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '19:00' }],
  thu: [{ open: '09:00', close: '19:00' }],
  fri: [{ open: '09:00', close: '19:00' }],
  sat: [{ open: '10:00', close: '19:00' }],
};

let counter = 0;

/** A valid store body in Lyon; `overrides` replace top-level fields. */
export function storeBody(overrides: Partial<CreateLocationBody> = {}): CreateLocationBody {
  counter += 1;
  return {
    kind: 'store',
    code: `LYON-${String(counter).padStart(3, '0')}`,
    name: `Lyon ${counter}`,
    address: { line1: '17 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
    location: { latitude: 45.764, longitude: 4.8357 },
    timezone: 'Europe/Paris',
    services: ['click_and_collect', 'returns'],
    openingHours: SHOP_HOURS,
    ...overrides,
  };
}

/** Awaits a call that must fail, and checks the problem it answers with. */
export async function expectProblem(call: Promise<unknown>, expected: { status: number; code: string; path?: string; detail?: RegExp }): Promise<PasserelleApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof PasserelleApiError, `expected an API error, got ${String(error)}`);
    assert.equal(error.status, expected.status, `${error.problem.code}: ${error.problem.detail}`);
    assert.equal(error.problem.code, expected.code, error.problem.detail);
    assert.match(error.headers.get('content-type') ?? '', /application\/problem\+json/);
    if (expected.path) {
      const paths = (error.problem.errors ?? []).map((e) => e.path);
      assert.ok(paths.includes(expected.path), `expected an error at ${expected.path}, got ${JSON.stringify(error.problem.errors)} (${error.problem.detail})`);
    }
    if (expected.detail) assert.match(error.problem.detail, expected.detail);
    return error;
  }
  assert.fail(`expected ${expected.status} ${expected.code}, but the call succeeded`);
}
