/**
 * The server under test, in its own process so that the load generator never shares its event loop.
 *
 *   node --import tsx bench/server-process.ts bare   a bare Fastify `GET /` and `POST /` (the HTTP ceilings)
 *   node --import tsx bench/server-process.ts app    the Passerelle app on PASSERELLE_DATA, demo seed off
 *
 * Listens on 127.0.0.1 on a port the system picks, reports it to the parent over IPC, answers
 * `usage` messages with its CPU time (the parent turns it into CPU per request), and exits when told
 * to stop or when the parent goes away.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { openRuntime } from '../src/server.js';
import { loadConfig } from '../src/platform/config.js';

export type ParentMessage = { type: 'usage'; id: number } | { type: 'stop' };
export type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'usage'; id: number; cpuUs: number; rssBytes: number };

interface Closeable {
  close(): Promise<unknown>;
  server: { address(): AddressInfo | string | null };
  listen(options: { port: number; host: string }): Promise<string>;
}

async function main(mode: string | undefined): Promise<void> {
  if (!process.send) throw new Error('server-process.ts is started by bench/run.ts, with an IPC channel');
  let app: Closeable;
  let closeRuntime = async () => {};
  if (mode === 'bare') {
    const bare = Fastify({ logger: false });
    bare.get('/', async () => ({ hello: 'world', ok: true }));
    // The ceiling of JSON writes (the reservations): the body parsed, a small object created.
    bare.post('/', async (request, reply) => reply.code(201).send({ ok: true, received: typeof request.body }));
    app = bare;
  } else if (mode === 'app') {
    // Never fall back to ./data: a benchmark must not touch the developer's own database.
    if (!process.env.PASSERELLE_DATA) throw new Error('PASSERELLE_DATA must name the prepared benchmark data folder');
    // Only what the benchmark needs differs from `passerelle start`: loopback, any free port, no demo.
    const config = { ...loadConfig(process.env), host: '127.0.0.1', port: 0, seedDemo: false, databaseUrl: undefined };
    const runtime = await openRuntime({ config });
    app = await buildApp(runtime.deps);
    closeRuntime = () => runtime.close();
  } else {
    throw new Error(`unknown mode "${mode}": bare or app`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await closeRuntime();
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      const reply: ChildMessage = { type: 'usage', id: message.id, cpuUs: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss };
      process.send?.(reply);
    } else if (message.type === 'stop') {
      void stop();
    }
  });
  // A benchmark interrupted with Ctrl-C must not leave servers behind.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  const ready: ChildMessage = { type: 'listening', port: address.port };
  process.send(ready);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
