import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, easterSunday, frenchPublicHolidays, storeHoursExceptions } from './calendar.js';

test('Easter Sunday matches the published dates', () => {
  const known: [number, string][] = [
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ];
  for (const [year, date] of known) assert.equal(easterSunday(year), date, String(year));
});

test('Easter always falls on a Sunday between 22 March and 25 April', () => {
  for (let year = 1900; year <= 2200; year++) {
    const date = easterSunday(year);
    assert.equal(new Date(`${date}T00:00:00Z`).getUTCDay(), 0, date);
    assert.ok(date.slice(5) >= '03-22' && date.slice(5) <= '04-25', date);
  }
});

test('the French public holidays of 2026 and 2027', () => {
  assert.deepEqual(
    frenchPublicHolidays(2026).map((day) => day.date),
    ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'],
  );
  assert.deepEqual(
    frenchPublicHolidays(2027).map((day) => day.date),
    ['2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'],
  );
  const ascension = frenchPublicHolidays(2026).find((day) => day.label === 'Ascension');
  assert.equal(new Date(`${ascension!.date}T00:00:00Z`).getUTCDay(), 4, 'Ascension is a Thursday');
});

test('regional holidays: Alsace-Moselle and La Réunion', () => {
  const alsace = frenchPublicHolidays(2026, 'alsace-moselle').map((day) => day.date);
  assert.ok(alsace.includes('2026-04-03'), 'Good Friday');
  assert.ok(alsace.includes('2026-12-26'), 'St Stephen');
  assert.equal(alsace.length, 13);
  assert.ok(frenchPublicHolidays(2027, 'reunion').some((day) => day.date === '2027-12-20'));
  assert.equal(frenchPublicHolidays(2027).length, 11);
});

test('store exceptions close on holidays and shorten Christmas and New Year eves', () => {
  const exceptions = storeHoursExceptions([2026, 2027], 'metropole', [['10:00', '17:00']]);
  assert.equal(exceptions.length, 2 * (11 + 2));
  assert.deepEqual(exceptions.find((e) => e.date === '2026-12-24'), { date: '2026-12-24', closed: false, hours: [['10:00', '17:00']], label: 'Veille de Noël' });
  assert.equal(exceptions.find((e) => e.date === '2027-05-17')?.closed, true);
  assert.deepEqual([...exceptions].sort((x, y) => x.date.localeCompare(y.date)), exceptions);
});

test('adding days crosses months and years', () => {
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
});
