import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ParentMessage = { type: 'usage'; id: number } | { type: 'stop' };
export type ChildMessage = { type: 'listening'; port: number } | { type: 'usage'; id: number; cpuUs: number; rssBytes: number };

export interface Child {
  origin: string;
  usage(): Promise<{ cpuUs: number; rssBytes: number }>;
  stop(): Promise<void>;
}

/** Forks a script of this folder with tsx and an IPC channel; resolves once it listens on loopback. */
export function forkChild(script: string, args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 0;
  const handle: Omit<Child, 'origin'> = {
    usage() {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script} did not report its CPU usage`)), 5_000);
        const onMessage = (message: ChildMessage) => {
          if (message.type !== 'usage' || message.id !== id) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        child.send({ type: 'usage', id } satisfies ParentMessage);
      });
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start in time`));
    }, 60_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ ...handle, origin: `http://127.0.0.1:${message.port}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening`));
    });
  });
}
