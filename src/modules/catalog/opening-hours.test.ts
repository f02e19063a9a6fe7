import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compileSchedule,
  isOpenAt,
  localDateTime,
  nextChange,
  scheduleIsOpenAt,
  upcomingExceptions,
  type HoursException,
  type HoursRange,
  type WeeklyHours,
} from './opening-hours.js';

const PARIS = 'Europe/Paris';
const REUNION = 'Indian/Reunion';

// A Lyon shop: closed on Sunday, shorter on Saturday, Christmas closed, Christmas Eve short.
const shop: WeeklyHours = {
  mon: [['09:00', '19:00']],
  tue: [['09:00', '19:00']],
  wed: [['09:00', '12:30'], ['14:00', '19:00']],
  thu: [['09:00', '19:00']],
  fri: [['09:00', '19:00']],
  sat: [['10:00', '19:00']],
  sun: [],
};
const holidays: HoursException[] = [
  { date: '2026-12-25', closed: true, label: 'Noël' },
  { date: '2026-12-24', closed: false, hours: [['09:00', '17:00']], label: 'Réveillon' },
];
const everyDay = (range: HoursRange): WeeklyHours => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range], sat: [range], sun: [range] });
// A bar: Friday and Saturday nights past midnight, nothing else.
const bar: WeeklyHours = { fri: [['22:00', '02:00']], sat: [['22:00', '02:30']] };

interface OpenCase {
  name: string;
  hours: WeeklyHours;
  exceptions?: HoursException[];
  timezone: string;
  at: string;
  open: boolean;
}

const openCases: OpenCase[] = [
  { name: 'Paris winter (UTC+1): 09:30 local on a Thursday', hours: shop, timezone: PARIS, at: '2026-01-15T08:30:00Z', open: true },
  { name: 'Paris winter: 08:59 local is before opening', hours: shop, timezone: PARIS, at: '2026-01-15T07:59:59Z', open: false },
  { name: 'Paris winter: opening minute is open', hours: shop, timezone: PARIS, at: '2026-01-15T08:00:00Z', open: true },
  { name: 'Paris winter: 18:59 local is open', hours: shop, timezone: PARIS, at: '2026-01-15T17:59:00Z', open: true },
  { name: 'Paris winter: closing minute is closed', hours: shop, timezone: PARIS, at: '2026-01-15T18:00:00Z', open: false },
  { name: 'Paris winter: lunch break on Wednesday', hours: shop, timezone: PARIS, at: '2026-01-14T12:00:00Z', open: false },
  { name: 'Paris summer (UTC+2): 09:00 local is 07:00 UTC', hours: shop, timezone: PARIS, at: '2026-07-15T07:00:00Z', open: true },
  { name: 'Paris summer: 08:59 local', hours: shop, timezone: PARIS, at: '2026-07-15T06:59:00Z', open: false },
  { name: 'Paris summer: 19:00 local is 17:00 UTC, closed', hours: shop, timezone: PARIS, at: '2026-07-15T17:00:00Z', open: false },
  { name: 'Paris summer: 18:30 local is open although 18:30 UTC would not be', hours: shop, timezone: PARIS, at: '2026-07-15T16:30:00Z', open: true },
  { name: 'Sunday closed', hours: shop, timezone: PARIS, at: '2026-01-18T11:00:00Z', open: false },
  { name: 'bank holiday (Christmas, a Friday) closed', hours: shop, exceptions: holidays, timezone: PARIS, at: '2026-12-25T10:00:00Z', open: false },
  { name: 'the same Friday hour a week earlier is open', hours: shop, exceptions: holidays, timezone: PARIS, at: '2026-12-18T10:00:00Z', open: true },
  { name: 'special hours: Christmas Eve 16:59 local open', hours: shop, exceptions: holidays, timezone: PARIS, at: '2026-12-24T15:59:00Z', open: true },
  { name: 'special hours: Christmas Eve 17:30 local closed, a normal Thursday would be open', hours: shop, exceptions: holidays, timezone: PARIS, at: '2026-12-24T16:30:00Z', open: false },
  { name: 'an exception can open a Sunday', hours: shop, exceptions: [{ date: '2026-12-20', closed: false, hours: [['10:00', '18:00']] }], timezone: PARIS, at: '2026-12-20T12:00:00Z', open: true },
  { name: 'Réunion (UTC+4): 09:30 local while Paris is at 06:30', hours: shop, timezone: REUNION, at: '2026-01-15T05:30:00Z', open: true },
  { name: 'Paris at that instant is closed', hours: shop, timezone: PARIS, at: '2026-01-15T05:30:00Z', open: false },
  { name: 'Réunion has no DST: 09:00 local is 05:00 UTC in July too', hours: shop, timezone: REUNION, at: '2026-07-15T05:00:00Z', open: true },
  { name: 'overnight: Saturday 01:30 belongs to Friday night', hours: bar, timezone: PARIS, at: '2026-01-17T00:30:00Z', open: true },
  { name: 'overnight: Saturday 02:00 is closing time', hours: bar, timezone: PARIS, at: '2026-01-17T01:00:00Z', open: false },
  { name: 'overnight: Sunday (closed) 02:15 still belongs to Saturday night', hours: bar, timezone: PARIS, at: '2026-01-18T01:15:00Z', open: true },
  { name: 'overnight: before 22:00 closed', hours: bar, timezone: PARIS, at: '2026-01-16T20:59:00Z', open: false },
  { name: 'overnight range of a closed exception day does not spill', hours: bar, exceptions: [{ date: '2026-01-16', closed: true }], timezone: PARIS, at: '2026-01-17T00:30:00Z', open: false },
  { name: "overnight range spills into a closed exception day: it belongs to the day it starts", hours: bar, exceptions: [{ date: '2026-01-17', closed: true }], timezone: PARIS, at: '2026-01-17T00:30:00Z', open: true },
  { name: 'spring forward: Sunday 01:59 CET is open (bar)', hours: bar, timezone: PARIS, at: '2026-03-29T00:59:00Z', open: true },
  { name: 'spring forward: the clock jumps from 02:00 to 03:00, past the 02:30 close', hours: bar, timezone: PARIS, at: '2026-03-29T01:00:00Z', open: false },
  { name: 'spring forward day: 10:00 CEST is 08:00 UTC', hours: everyDay(['10:00', '18:00']), timezone: PARIS, at: '2026-03-29T08:00:00Z', open: true },
  { name: 'spring forward day: 09:30 CEST closed', hours: everyDay(['10:00', '18:00']), timezone: PARIS, at: '2026-03-29T07:30:00Z', open: false },
  { name: 'fall back day: 10:00 CET is 09:00 UTC', hours: everyDay(['10:00', '18:00']), timezone: PARIS, at: '2026-10-25T09:00:00Z', open: true },
  { name: 'fall back day: 08:30 UTC is 09:30 CET, closed', hours: everyDay(['10:00', '18:00']), timezone: PARIS, at: '2026-10-25T08:30:00Z', open: false },
  // The state follows the wall clock, which reads 02:00–03:00 twice this night.
  { name: 'fall back: first 02:15 (CEST) open', hours: bar, timezone: PARIS, at: '2026-10-25T00:15:00Z', open: true },
  { name: 'fall back: first 02:45 (CEST) closed', hours: bar, timezone: PARIS, at: '2026-10-25T00:45:00Z', open: false },
  { name: 'fall back: second 02:15 (CET) reads before the close again', hours: bar, timezone: PARIS, at: '2026-10-25T01:15:00Z', open: true },
  { name: 'closing at 24:00 is open at 23:59', hours: everyDay(['18:00', '24:00']), timezone: PARIS, at: '2026-01-15T22:59:00Z', open: true },
  { name: 'closing at 24:00 is closed at midnight', hours: everyDay(['18:00', '24:00']), timezone: PARIS, at: '2026-01-15T23:00:00Z', open: false },
  { name: 'no hours at all: closed', hours: {}, timezone: PARIS, at: '2026-01-15T10:00:00Z', open: false },
];

for (const c of openCases) {
  test(`isOpenAt: ${c.name}`, () => {
    assert.equal(isOpenAt(c.hours, c.exceptions ?? [], c.timezone, new Date(c.at)), c.open);
  });
}

interface ChangeCase {
  name: string;
  hours: WeeklyHours;
  exceptions?: HoursException[];
  timezone: string;
  from: string;
  expected: { openNow: boolean; at: string } | null;
}

const changeCases: ChangeCase[] = [
  { name: 'open Thursday closes at 19:00 Paris', hours: shop, timezone: PARIS, from: '2026-01-15T10:00:00Z', expected: { openNow: false, at: '2026-01-15T18:00:00.000Z' } },
  { name: 'Wednesday morning closes for lunch', hours: shop, timezone: PARIS, from: '2026-01-14T10:00:00Z', expected: { openNow: false, at: '2026-01-14T11:30:00.000Z' } },
  { name: 'Saturday evening: closed Sunday, opens Monday 09:00', hours: shop, timezone: PARIS, from: '2026-01-17T18:30:00Z', expected: { openNow: true, at: '2026-01-19T08:00:00.000Z' } },
  { name: 'exactly at opening: the next change is the close', hours: shop, timezone: PARIS, from: '2026-01-15T08:00:00Z', expected: { openNow: false, at: '2026-01-15T18:00:00.000Z' } },
  { name: 'Christmas Eve closes at 17:00', hours: shop, exceptions: holidays, timezone: PARIS, from: '2026-12-24T12:00:00Z', expected: { openNow: false, at: '2026-12-24T16:00:00.000Z' } },
  { name: 'after Christmas Eve: Christmas closed, opens Saturday 10:00', hours: shop, exceptions: holidays, timezone: PARIS, from: '2026-12-24T17:00:00Z', expected: { openNow: true, at: '2026-12-26T09:00:00.000Z' } },
  { name: 'Réunion opens at 09:00 local = 05:00 UTC', hours: shop, timezone: REUNION, from: '2026-01-15T16:00:00Z', expected: { openNow: true, at: '2026-01-16T05:00:00.000Z' } },
  { name: 'across spring forward: Saturday evening to Sunday 10:00 CEST', hours: everyDay(['10:00', '18:00']), timezone: PARIS, from: '2026-03-28T19:00:00Z', expected: { openNow: true, at: '2026-03-29T08:00:00.000Z' } },
  { name: 'spring forward closes the bar at the jump', hours: bar, timezone: PARIS, from: '2026-03-28T23:00:00Z', expected: { openNow: false, at: '2026-03-29T01:00:00.000Z' } },
  { name: 'across fall back: Saturday evening to Sunday 10:00 CET', hours: everyDay(['10:00', '18:00']), timezone: PARIS, from: '2026-10-24T18:00:00Z', expected: { openNow: true, at: '2026-10-25T09:00:00.000Z' } },
  { name: 'fall back: the bar reopens when the clock goes back to 02:00', hours: bar, timezone: PARIS, from: '2026-10-25T00:40:00Z', expected: { openNow: true, at: '2026-10-25T01:00:00.000Z' } },
  { name: 'overnight: Friday 23:00 closes Saturday 02:00', hours: bar, timezone: PARIS, from: '2026-01-16T22:00:00Z', expected: { openNow: false, at: '2026-01-17T01:00:00.000Z' } },
  { name: 'adjacent ranges are one opening', hours: everyDay(['09:00', '12:00']), exceptions: [{ date: '2026-01-15', closed: false, hours: [['09:00', '12:00'], ['12:00', '15:00']] }], timezone: PARIS, from: '2026-01-15T09:00:00Z', expected: { openNow: false, at: '2026-01-15T14:00:00.000Z' } },
  { name: 'closed for good: no change', hours: {}, timezone: PARIS, from: '2026-01-15T10:00:00Z', expected: null },
  { name: 'open around the clock: no change', hours: everyDay(['00:00', '00:00']), timezone: PARIS, from: '2026-01-15T10:00:00Z', expected: null },
  { name: 'a month of works: reopens after it (found past the first week)', hours: shop, exceptions: Array.from({ length: 20 }, (_, i) => ({ date: `2026-02-${String(i + 1).padStart(2, '0')}`, closed: true })), timezone: PARIS, from: '2026-01-31T18:30:00Z', expected: { openNow: true, at: '2026-02-21T09:00:00.000Z' } },
];

for (const c of changeCases) {
  test(`nextChange: ${c.name}`, () => {
    const change = nextChange(c.hours, c.exceptions ?? [], c.timezone, new Date(c.from));
    assert.deepEqual(change && { openNow: change.openNow, at: change.at.toISOString() }, c.expected);
  });
}

test('nextChange gives up past its horizon', () => {
  const closedMonth = Array.from({ length: 20 }, (_, i) => ({ date: `2026-02-${String(i + 1).padStart(2, '0')}`, closed: true }));
  assert.equal(nextChange(shop, closedMonth, PARIS, new Date('2026-01-31T18:30:00Z'), { horizonDays: 10 }), null);
});

test('localDateTime reads the local wall clock, DST included', () => {
  const cases: [string, string, { date: string; time: string; weekday: string }][] = [
    ['2026-01-15T23:30:00Z', PARIS, { date: '2026-01-16', time: '00:30', weekday: 'fri' }],
    ['2026-03-29T00:59:00Z', PARIS, { date: '2026-03-29', time: '01:59', weekday: 'sun' }],
    ['2026-03-29T01:00:00Z', PARIS, { date: '2026-03-29', time: '03:00', weekday: 'sun' }],
    ['2026-10-25T00:30:00Z', PARIS, { date: '2026-10-25', time: '02:30', weekday: 'sun' }],
    ['2026-10-25T01:30:00Z', PARIS, { date: '2026-10-25', time: '02:30', weekday: 'sun' }],
    ['2026-01-15T20:00:00Z', REUNION, { date: '2026-01-16', time: '00:00', weekday: 'fri' }],
    ['2026-01-15T12:00:00Z', 'America/New_York', { date: '2026-01-15', time: '07:00', weekday: 'thu' }],
  ];
  for (const [at, timezone, expected] of cases) {
    const local = localDateTime(new Date(at), timezone);
    assert.deepEqual({ date: local.date, time: local.time, weekday: local.weekday }, expected, `${at} in ${timezone}`);
  }
});

test('upcomingExceptions keeps the window, in date order', () => {
  const list: HoursException[] = [
    { date: '2026-12-25', closed: true },
    { date: '2026-11-01', closed: true },
    { date: '2026-12-24', closed: false, hours: [['09:00', '17:00']] },
    { date: '2027-05-01', closed: true },
  ];
  assert.deepEqual(upcomingExceptions(list, '2026-11-22', 60).map((e) => e.date), ['2026-12-24', '2026-12-25']);
  assert.deepEqual(upcomingExceptions(list, '2026-11-01', 0).map((e) => e.date), ['2026-11-01']);
});

// --- properties -------------------------------------------------------------------------------

const ZONES = ['Europe/Paris', 'Indian/Reunion', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];
const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
// Any stored range, valid or odd (overlapping, overnight, 24:00), on a one-minute grid.
const rangeArb = fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1440 })).map(([open, close]): HoursRange => [time(open), time(close)]);
const dayArb = fc.array(rangeArb, { maxLength: 3 });
const weekArb = fc.record({ mon: dayArb, tue: dayArb, wed: dayArb, thu: dayArb, fri: dayArb, sat: dayArb, sun: dayArb });
// Instants around DST changes of the zones above (Europe, North America, Lord Howe's half hour).
const ANCHORS = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '2026-07-01T00:00:00Z'].map((at) => Date.parse(at));
const instantArb = fc.tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([anchor, shift]) => anchor + shift);
const exceptionsArb = fc.array(
  fc.record({ day: fc.integer({ min: -4, max: 4 }), closed: fc.boolean(), hours: dayArb }),
  { maxLength: 3 },
);

test('property: nextChange flips isOpenAt, and nothing changes strictly before it', () => {
  fc.assert(
    fc.property(weekArb, exceptionsArb, fc.constantFrom(...ZONES), instantArb, (week, rawExceptions, timezone, from) => {
      const exceptions: HoursException[] = rawExceptions.map((e) => ({
        date: new Date(from + e.day * 86_400_000).toISOString().slice(0, 10),
        closed: e.closed,
        hours: e.hours,
      }));
      const horizonDays = 4;
      const change = nextChange(week, exceptions, timezone, from, { horizonDays });
      const current = isOpenAt(week, exceptions, timezone, from);
      const schedule = compileSchedule(week, exceptions);
      // A one-minute walk sees every state: ranges and DST jumps sit on whole minutes.
      const until = change ? change.at.getTime() : from + horizonDays * 86_400_000;
      for (let at = from; at < until; at += 60_000) {
        if (scheduleIsOpenAt(schedule, timezone, at) !== current) return false;
      }
      if (!change) return true;
      return (
        change.at.getTime() > from &&
        change.openNow !== current &&
        isOpenAt(week, exceptions, timezone, change.at) === change.openNow &&
        isOpenAt(week, exceptions, timezone, change.at.getTime() - 1) === current
      );
    }),
    { numRuns: 150 },
  );
});
