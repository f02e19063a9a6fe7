import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from '../server-process.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'bench/server-process.ts');

export interface ServerUsage {
  cpuUs: number;
  rssBytes: number;
}

export interface BenchServer {
  origin: string;
  pid: number;
  /** Accepted as an admin bearer token, for routes that turn out not to be public. */
  adminToken: string;
  usage(): Promise<ServerUsage>;
  stop(): Promise<void>;
  /** The last lines the server wrote on stderr, for error messages. */
  stderr(): string;
}

export interface ServerOptions {
  mode: 'bare' | 'app';
  dataDir?: string;
  logLevel: string;
  startTimeoutMs?: number;
}

/** Spawns `bench/server-process.ts` and resolves once it listens on loopback. */
export function startBenchServer(options: ServerOptions): Promise<BenchServer> {
  const adminToken = `bench_${randomBytes(16).toString('hex')}`;
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server under test, e.g. `--cpu-prof` to profile it.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SCRIPT, options.mode], {
    cwd: ROOT,
    env: {
      ...process.env,
      PASSERELLE_DATA: options.dataDir ?? '',
      PASSERELLE_SEED_DEMO: 'false',
      PASSERELLE_ADMIN_TOKEN: adminToken,
      DATABASE_URL: '',
      LOG_LEVEL: options.logLevel,
    },
    // stdout (the request log) goes to /dev/null: piping it here would bill its reading to the load generator.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (usage: ServerUsage) => void>();
  let nextId = 1;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'usage') pending.get(message.id)?.({ cpuUs: message.cpuUs, rssBytes: message.rssBytes });
  });
  // Never leave a server running behind an interrupted benchmark.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const server: BenchServer = {
    origin: '',
    pid: child.pid ?? -1,
    adminToken,
    stderr: () => stderr,
    usage() {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the server did not report its CPU usage')), 5_000);
        pending.set(id, (usage) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(usage);
        });
        const request: ParentMessage = { type: 'usage', id };
        child.send(request);
      });
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stop: ParentMessage = { type: 'stop' };
      if (child.connected) child.send(stop);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${options.mode} server did not start in time:\n${stderr}`));
    }, options.startTimeoutMs ?? 60_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ ...server, origin: `http://127.0.0.1:${message.port}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${options.mode} server exited (${code}) before listening:\n${stderr}`));
    });
  });
}
