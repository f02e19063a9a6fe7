import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger } from './logging.js';

test('secrets a request carries never reach the log', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const log = createLogger('info', sink);
  log.info({ req: { headers: { authorization: 'Bearer secret-token', 'x-mirror-pass': 'mp.abc.def', cookie: 'sid=1', accept: 'application/json' } }, body: { password: 'hunter2', pass: 'mp.abc.def' } }, 'request');
  const line = lines.join('');
  for (const secret of ['secret-token', 'mp.abc.def', 'sid=1', 'hunter2']) assert.ok(!line.includes(secret), `${secret} in ${line}`);
  assert.ok(line.includes('application/json'), 'the rest is kept');
});
