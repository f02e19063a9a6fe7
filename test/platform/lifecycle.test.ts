import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServerProcess } from '../support/process.js';

test('SIGTERM lets requests in flight finish, then closes the database cleanly', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-sigterm-'));
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    server = await startServerProcess({
      PASSERELLE_DATA: dataDir,
      PASSERELLE_SEED_DEMO: 'false',
      PASSERELLE_ADMIN_TOKEN: 'sigterm-admin-token',
      PASSERELLE_LOGIN_RATE_LIMIT: '1000',
      LOG_LEVEL: 'info',
    });
    // Sign-ins hash a password (~50 ms or more each, four at a time), so most of 24 are still running
    // when the signal is sent, right after the server has logged receiving all of them.
    const url = server.url;
    const inFlight = Array.from({ length: 24 }, () =>
      fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@stylenow.fr', password: 'not-the-password' }),
      }).then((response) => response.status),
    );
    const received = () => (server!.output().match(/"url":"\/v1\/auth\/login"[^\n]*"msg":"incoming request"/g) ?? []).length;
    while (received() < 24) await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGTERM');
    const statuses = await Promise.all(inFlight);
    assert.deepEqual(new Set(statuses), new Set([401]), 'every request in flight got its real answer');
    assert.equal(await server.exited, 0, server.output());
    // A clean close checkpoints the write-ahead log into the database file and removes it.
    assert.equal(fs.existsSync(path.join(dataDir, 'passerelle.db-wal')), false, 'WAL file left behind: the database was not closed');
    const db = new Database(path.join(dataDir, 'passerelle.db'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
    // After the signal, new connections are refused.
    await assert.rejects(fetch(`${server.url}/health`));
  } finally {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
