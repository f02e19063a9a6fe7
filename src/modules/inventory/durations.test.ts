import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './durations.js';

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
