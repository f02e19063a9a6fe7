import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './duration.js';

test('ISO 8601 durations in milliseconds', () => {
  assert.equal(parseDuration('PT3S'), 3_000);
  assert.equal(parseDuration('PT24H'), 86_400_000);
  assert.equal(parseDuration('P2D'), 172_800_000);
  assert.equal(parseDuration('P1W'), 604_800_000);
  assert.equal(parseDuration('P1DT2H30M'), 95_400_000);
  assert.equal(parseDuration('PT0.5S'), 500);
  assert.equal(parseDuration('PT0S'), 0);
});

test('what is not a duration, or depends on the calendar, is refused', () => {
  for (const bad of ['', 'P', 'PT', '24h', 'P1M', 'P1Y', 'PT-1H', 'P1DT', 'T1H', '1D']) assert.equal(parseDuration(bad), null, bad);
});

test('ISO 8601 durations in milliseconds; calendar units and empty forms refused', () => {
  const cases: [string, number | null][] = [
    ['PT48H', 48 * 3_600_000],
    ['P2D', 2 * 86_400_000],
    ['P1W', 7 * 86_400_000],
    ['PT30M', 1_800_000],
    ['PT1.5S', 1_500],
    ['P1DT12H', 36 * 3_600_000],
    ['PT0S', 0],
    ['P', null],
    ['PT', null],
    ['P1M', null],
    ['P1Y', null],
    ['48h', null],
    ['-PT1H', null],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});
