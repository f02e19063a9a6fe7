import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../src/platform/ids.js';

test('ids from the pooled random buffer: prefixed, time-ordered, all different across many refills', () => {
  const seen = new Set<string>();
  let previous = '';
  for (let i = 0; i < 5_000; i++) {
    const id = newId('ord', 1_800_000_000_000 + i);
    assert.match(id, /^ord_[0-9a-hjkmnp-tv-z]{20}$/);
    assert.ok(id.slice(0, 14) >= previous.slice(0, 14), 'the time part sorts');
    previous = id;
    seen.add(id.slice(14));
  }
  assert.equal(seen.size, 5_000, 'no random tail repeats');
});
