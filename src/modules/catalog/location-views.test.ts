import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readHoursExceptions, readOpeningHours, storeStatus, type HoursColumns } from './location-views.js';
import { isOpenAt, nextChange } from './opening-hours.js';

const shop: HoursColumns = {
  timezone: 'Europe/Paris',
  opening_hours: JSON.stringify({ mon: [['09:00', '19:00']], tue: [['09:00', '19:00']], wed: [['09:00', '12:30'], ['14:00', '19:00']], thu: [['09:00', '19:00']], fri: [['09:00', '19:00']], sat: [['10:00', '19:00']], sun: [] }),
  hours_exceptions: JSON.stringify([{ date: '2026-12-25', closed: true, label: 'Noël' }, { date: '2026-12-24', closed: false, hours: [['09:00', '17:00']] }]),
};
const reunion: HoursColumns = { ...shop, timezone: 'Indian/Reunion' };
const bar: HoursColumns = { timezone: 'Europe/Paris', opening_hours: JSON.stringify({ fri: [['22:00', '02:00']], sat: [['22:00', '02:30']] }), hours_exceptions: '[]' };

test('property: the memoised status equals a fresh computation, whatever order the clock moves in', () => {
  const start = Date.parse('2026-03-20T00:00:00Z');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(shop, reunion, bar), fc.integer({ min: 0, max: 280 * 86_400_000 })), { minLength: 1, maxLength: 60 }), (steps) => {
      for (const [columns, offset] of steps) {
        const now = new Date(start + offset);
        const hours = readOpeningHours(columns.opening_hours);
        const exceptions = readHoursExceptions(columns.hours_exceptions);
        const change = nextChange(hours, exceptions, columns.timezone, now);
        const status = storeStatus(columns, now);
        assert.equal(status.openNow, isOpenAt(hours, exceptions, columns.timezone, now), `${columns.timezone} at ${now.toISOString()}`);
        assert.deepEqual(status.nextChange, change ? { openNow: change.openNow, at: change.at.toISOString() } : undefined);
      }
    }),
    { numRuns: 100 },
  );
});

test('a row with a time zone Intl does not know shows as closed instead of failing', () => {
  assert.deepEqual(storeStatus({ ...shop, timezone: 'Mars/Olympus_Mons' }, new Date('2026-01-15T10:00:00Z')), { openNow: false, nextChange: undefined });
});

test('hand-written rows are read leniently: bad parts are dropped', () => {
  assert.deepEqual(readOpeningHours('{"mon": [["09:00", "19:00"], "bad", ["10:00"]], "xyz": [], "tue": "closed"}'), { mon: [['09:00', '19:00']] });
  assert.deepEqual(readOpeningHours('not json'), {});
  assert.deepEqual(readHoursExceptions('[{"date": "2026-12-25", "closed": true}, {"date": 5}, null, {"date": "2026-12-24", "closed": false, "hours": [["09:00", "17:00"]], "label": "Réveillon"}]'), [
    { date: '2026-12-25', closed: true },
    { date: '2026-12-24', closed: false, hours: [['09:00', '17:00']], label: 'Réveillon' },
  ]);
});
