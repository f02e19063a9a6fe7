/**
 * The console and the channel apps (React, built by Vite from `web/`), served by the API server
 * under their own paths: `/console/`, `/shop/`, `/associate/`, `/mirror/`, with their hashed assets
 * under `/assets/`. They use only the public API, through the SDK.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
export const WEB_APPS = ['console', 'shop', 'associate', 'mirror'] as const;
/** Paths the static handlers own (public pages; the API's access rules do not apply to them). */
export const WEB_PREFIXES = [...WEB_APPS.map((app) => `/${app}`), '/assets/'];

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the apps when they were never built or their sources changed since (about a second with Vite). */
export async function ensureWebBuilt(log: (message: string) => void = () => {}): Promise<void> {
  const stamp = path.join(WEB_DIST, 'console', 'index.html');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(WEB_ROOT, 'src')), newestMtime(path.join(WEB_ROOT, 'public')), ...WEB_APPS.map((app) => newestMtime(path.join(WEB_ROOT, app))));
  if (built > sources) return;
  log('building the console and apps (web/)');
  const { build } = await import('vite');
  // A build is for serving, whatever NODE_ENV the asking process has: under the test runner's
  // NODE_ENV=test, Vite bundled React's development build and JSX with source locations (twice the
  // size, and slower), which `npm start` then kept serving until the sources changed.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export async function webAppsPlugin(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(WEB_DIST)) {
    app.log.warn(`${WEB_DIST} is missing: the console and apps are not served (npm start builds them; so does npm install)`);
    return;
  }
  await app.register(fastifyStatic, { root: path.join(WEB_DIST, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d' });
  for (const name of WEB_APPS) {
    await app.register(fastifyStatic, {
      root: path.join(WEB_DIST, name),
      prefix: `/${name}/`,
      decorateReply: false,
      index: 'index.html',
      // The page itself is checked on every visit, so a new build is picked up at once.
      setHeaders: (res, file) => {
        if (file.endsWith('.html') || file.endsWith('sw.js')) res.header('cache-control', 'no-cache');
      },
    });
    // `/shop` → `/shop/`, keeping the query (`/mirror?store=…`).
    app.get(`/${name}`, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/${name}/${query}`);
    });
  }
}
