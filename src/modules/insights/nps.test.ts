import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScore, summariseScores } from './nps.js';

test('NPS is promoters minus detractors in points; passives count only in the total', () => {
  assert.deepEqual(summariseScores([10, 9, 8, 7, 6, 0]), { answers: 6, averageScore: 6.67, nps: 0, promoters: 2, passives: 2, detractors: 2 });
  assert.equal(summariseScores([10, 10, 10]).nps, 100);
  assert.equal(summariseScores([0, 6]).nps, -100);
  assert.equal(summariseScores([9, 8, 3]).nps, 0);
  assert.equal(summariseScores([9, 9, 3]).nps, 33.3);
});

test('no answers: no average and no NPS rather than zeros', () => {
  assert.deepEqual(summariseScores([]), { answers: 0, averageScore: null, nps: null, promoters: 0, passives: 0, detractors: 0 });
});

test('a score is an integer from 0 to 10', () => {
  for (const ok of [0, 5, 10]) assert.equal(isScore(ok), true);
  for (const bad of [-1, 11, 7.5, '8', null, Number.NaN]) assert.equal(isScore(bad), false);
  assert.throws(() => summariseScores([11]), RangeError);
});
