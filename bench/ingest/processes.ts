import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { loadConfig } from '../../src/platform/config.js';
import { openRuntime, startServer } from '../../src/server.js';

/**
 * The benchmark's processes: the server under test (the real app, or a bare Fastify route for the
 * HTTP ceiling) and the load generators run each in a process of their own, so that neither shares
 * an event loop with the other. Children talk to the parent over IPC.
 */
export type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'usage'; id: number; cpuUs: number; rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number; readBytes: number; writtenBytes: number }
  | { type: 'result'; result: unknown };
export type ParentMessage = { type: 'usage'; id: number } | { type: 'stop' };

const SELF = fileURLToPath(new URL('./ingest.bench.ts', import.meta.url));

/** Starts `ingest.bench.ts <mode> …args` as a child with tsx, an IPC channel and the given environment. */
export function spawnChild(mode: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  // INGEST_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process there (to see where its time goes).
  const profile = mode === 'server' && process.env.INGEST_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.INGEST_BENCH_CPU_PROF}`] : [];
  // INGEST_BENCH_SERVER_LOG=<file> appends the server's request log there (else it goes nowhere, as in the other benches).
  const log = mode === 'server' && process.env.INGEST_BENCH_SERVER_LOG ? fs.openSync(process.env.INGEST_BENCH_SERVER_LOG, 'a') : 'ignore';
  return fork(SELF, [mode, ...args], {
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...process.env, ...env },
    stdio: ['ignore', log, 'inherit', 'ipc'],
  });
}

export function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T, timeoutMs = 120_000): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no "${type}" from the ${String(child.spawnargs[2])} process within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === type) done(null, message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => done(new Error(`the ${String(child.spawnargs[2])} process exited (${code}) before "${type}"`));
    const done = (error: Error | null, message?: Extract<ChildMessage, { type: T }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

let usageId = 0;
export type Usage = Omit<Extract<ChildMessage, { type: 'usage' }>, 'type' | 'id'>;

export async function usageOf(child: ChildProcess): Promise<Usage> {
  const id = ++usageId;
  const answer = new Promise<Usage>((resolve) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'usage' && message.id === id) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
  });
  child.send({ type: 'usage', id } satisfies ParentMessage);
  return answer;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A counter of /proc/self/io; 0 where there is none. */
function ioCounter(name: 'read_bytes' | 'wchar'): number {
  try {
    return Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Child side: the app on PASSERELLE_DATA, or a bare Fastify route shaped like `/v1/track`. */
export async function serve(mode: 'app' | 'bare'): Promise<void> {
  let close: () => Promise<void>;
  let port: number;
  if (mode === 'app') {
    if (!process.env.PASSERELLE_DATA) throw new Error('PASSERELLE_DATA must name the prepared benchmark data folder');
    const config = { ...loadConfig(process.env), host: '127.0.0.1', port: 0, seedDemo: false, databaseUrl: undefined };
    const server = await startServer(await openRuntime({ config }));
    port = Number(new URL(server.url).port);
    close = () => server.stop();
  } else {
    // The HTTP floor: parse the JSON body and answer as the tracking routes do, nothing else.
    const bare = Fastify({ logger: false });
    bare.post('/v1/track', async () => ({ success: true, stored: 1, duplicates: 0, rejected: [] }));
    // And the profile reads' floor: the same paths, a small object, no database.
    bare.get('/v1/profiles/:id', async (request) => ({ id: (request.params as { id: string }).id, traits: {}, identities: [] }));
    bare.get('/v1/profiles/:id/timeline', async () => ({ items: [], nextCursor: null }));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const address = bare.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    close = () => bare.close();
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close();
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      process.send?.({
        type: 'usage',
        id: message.id,
        cpuUs: cpu.user + cpu.system,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
        // Bytes the kernel read from storage for this process (page-cache misses).
        readBytes: ioCounter('read_bytes'),
        // Bytes it handed to write calls (SQLite's log and checkpoints, and its few socket answers).
        writtenBytes: ioCounter('wchar'),
      } satisfies ChildMessage);
    } else void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'listening', port } satisfies ChildMessage);
}
