/**
 * The ceiling of "event → message decided", in its own process as the app is: a bare Fastify
 * `POST /track` that writes the event with a prepared better-sqlite3 INSERT and answers; then, on
 * the next turn of the event loop (a worker woken at once, no poll), reads the event back by key
 * and writes a `messages` row in a transaction of its own. Same pragmas as `openDatabase`.
 *
 *   node --import tsx bench/journeys/bare-pipeline.ts <data dir>
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import SqliteDatabase from 'better-sqlite3';
import type { ChildMessage, ParentMessage } from './child.js';

async function main(dir: string | undefined): Promise<void> {
  if (!dir || !process.send) throw new Error('usage: bare-pipeline.ts <data dir>, started with an IPC channel');
  const sqlite = new SqliteDatabase(path.join(dir, 'bare.db'));
  for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 10000', 'foreign_keys = ON', 'secure_delete = ON', 'cache_size = -65536', 'temp_store = MEMORY']) sqlite.pragma(pragma);
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL);`);
  const insertEvent = sqlite.prepare('INSERT INTO events (id, seq, payload, received_at) VALUES (?, ?, ?, ?)');
  const readEvent = sqlite.prepare<[string], { seq: number; payload: string }>('SELECT seq, payload FROM events WHERE id = ?');
  const insertMessage = sqlite.prepare('INSERT INTO messages (id, seq, body, created_at) VALUES (?, ?, ?, ?)');
  const decide = sqlite.transaction((id: string) => {
    const event = readEvent.get(id)!;
    insertMessage.run(`msg_${id}`, event.seq, `Bonjour ${(JSON.parse(event.payload) as { userId: string }).userId}`, new Date().toISOString());
  });
  let n = 0;
  const app = Fastify({ logger: false });
  app.post('/v1/track', async (request) => {
    const body = request.body as { messageId: string; properties: { seq: number } };
    const id = `evt_${++n}`;
    sqlite.transaction(() => insertEvent.run(id, body.properties.seq, JSON.stringify(body), new Date().toISOString()))();
    setImmediate(() => decide(id));
    return { success: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      process.send?.({ type: 'usage', id: message.id, cpuUs: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss } satisfies ChildMessage);
    } else void app.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'listening', port } satisfies ChildMessage);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
