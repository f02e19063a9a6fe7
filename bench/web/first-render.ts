/**
 * `npm run bench:web`: first render of the console and the shop in Debian's Chromium, on the StyleNow
 * demo with 5,000 customers, read from the browser's own performance timing (ms since navigation
 * start), beside a ceiling measured in the same run: a bare static page with no script, served by a
 * bare `node:http` server, which is what the browser itself costs. Target (issue 7): under 1 s.
 *
 * Screens: the console's sign-in (what a staff member first sees), the console's customer 360 once
 * signed in (first render: the profile and its timeline; complete: the seven other calls' sections
 * filled in too), the shop's catalogue (products from the API). Each is loaded `runs` times in a
 * fresh browser context (cold cache) and `runs` times again in one context (warm), after one load
 * of the screen left out of the figures (the server's first answer after it started).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startServerProcess } from '../../test/support/process.js';
import { ensureWebBuilt } from '../../src/platform/http/web-apps.js';
import { gitInfo, machineInfo, writeReport } from '../lib/report.js';
import { latencySummary, round, Samples } from '../lib/stats.js';
import { ROOT } from '../lib/server.js';

const CHROMIUM = '/usr/bin/chromium';
const TARGET_MS = 1_000;
const runs = Number(process.env.BENCH_WEB_RUNS ?? 10);
const customers = Number(process.env.BENCH_WEB_CUSTOMERS ?? 5_000);

interface Screen {
  name: string;
  /** Where to go, and what must be on screen for the page to count as rendered. */
  open(context: BrowserContext, origin: string): Promise<number>;
}

/**
 * ms from navigation start until `selector` is visible, read in the page: an observer installed
 * before the page's own scripts notes the first DOM change that makes it visible, and the time is
 * taken at the next animation frame (when it is painted). Reading `performance.now()` after the
 * driver's own wait instead would add the driver's polling, up to 500 ms apart.
 */
async function renderedAt(context: BrowserContext, url: string, selector: string, before?: (page: Awaited<ReturnType<BrowserContext['newPage']>>) => Promise<void>): Promise<number> {
  const page = await context.newPage();
  try {
    if (before) await before(page);
    // A string: the benchmarks' tsconfig has no DOM types.
    await page.addInitScript(`(() => {
      const observer = new MutationObserver(() => {
        const element = document.querySelector(${JSON.stringify(selector)});
        if (!element || element.getClientRects().length === 0) return;
        observer.disconnect();
        requestAnimationFrame(() => { globalThis.__renderedAt = performance.now(); });
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction('globalThis.__renderedAt !== undefined', undefined, { timeout: 30_000 });
    return (await page.evaluate('globalThis.__renderedAt')) as number;
  } finally {
    await page.close();
  }
}

let signedIn: Promise<{ token: string; staff: { name: string; role: string } }> | null = null;

async function signedInConsole(context: BrowserContext, origin: string): Promise<void> {
  // One sign-in for the whole run (the server allows 10 a minute per address), its session put in
  // every context, as a staff member who comes back to the console in the same tab.
  signedIn ??= fetch(`${origin}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'marketing@stylenow.fr', password: 'stylenow-demo' }) }).then(
    async (answer) => {
      if (!answer.ok) throw new Error(`sign-in: ${answer.status} ${await answer.text()}`);
      return (await answer.json()) as { token: string; staff: { name: string; role: string } };
    },
  );
  const session = await signedIn;
  await context.addInitScript(
    ([token, name, role]) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('passerelle.console.session', JSON.stringify({ token, name, role, storeId: null, storeName: null })),
    [session.token, session.staff.name, session.staff.role] as const,
  );
}

const SCREENS: Screen[] = [
  { name: 'console sign-in', open: (context, origin) => renderedAt(context, `${origin}/console/`, 'input[name="email"]') },
  {
    name: 'console customer 360',
    open: async (context, origin) => {
      await signedInConsole(context, origin);
      return renderedAt(context, `${origin}/console/#/customers/cus_demojulie`, 'ol.timeline li');
    },
  },
  {
    name: 'console customer 360, complete',
    open: async (context, origin) => {
      await signedInConsole(context, origin);
      return renderedAt(context, `${origin}/console/#/customers/cus_demojulie`, 'article:has(ol.timeline li) p.loyalty');
    },
  },
  { name: 'shop catalogue', open: (context, origin) => renderedAt(context, `${origin}/shop/`, 'ul.cards li') },
];

async function bareCeiling(browser: Browser): Promise<Samples> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="fr"><title>x</title><h1 id="x">Bonjour</h1></html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const samples = new Samples(10_000);
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      samples.push(await renderedAt(context, `${origin}/`, '#x'));
      await context.close();
    }
  } finally {
    server.close();
  }
  return samples;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const started = new Date();
  await ensureWebBuilt((m) => process.stderr.write(`${m}\n`));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-web-bench-'));
  process.stderr.write(`demo with ${customers} customers into ${data} (first start seeds it)\n`);
  const seedStart = Date.now();
  const server = await startServerProcess({ PASSERELLE_DATA: data, PASSERELLE_SEED_DEMO: 'true', PASSERELLE_DEMO_CUSTOMERS: String(customers), PASSERELLE_WORKER_POLL_MS: '250' }, 300_000);
  const seededS = (Date.now() - seedStart) / 1000;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const results: Record<string, unknown>[] = [];
  try {
    const ceiling = await bareCeiling(browser);
    const ceilingMs = latencySummary(ceiling.values());
    for (const screen of SCREENS) {
      // One load left out of the figures: "cold" is the browser's cache, not the server's first
      // answer after it started (its JIT, its database pages).
      const warmUp = await browser.newContext({ locale: 'fr-FR' });
      await screen.open(warmUp, server.url);
      await warmUp.close();
      const cold = new Samples(10_000);
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ locale: 'fr-FR' });
        cold.push(await screen.open(context, server.url));
        await context.close();
      }
      const warm = new Samples(10_000);
      const context = await browser.newContext({ locale: 'fr-FR' });
      for (let i = 0; i < runs; i++) warm.push(await screen.open(context, server.url));
      await context.close();
      const coldMs = latencySummary(cold.values());
      const warmMs = latencySummary(warm.values());
      results.push({
        name: screen.name,
        kind: 'browser',
        runs,
        coldMs,
        warmMs,
        target: { p95Ms: TARGET_MS },
        met: coldMs.p99 < TARGET_MS,
        ceilingMs,
        ratioToCeiling: { coldP50: round(coldMs.p50 / Math.max(ceilingMs.p50, 0.001)), warmP50: round(warmMs.p50 / Math.max(ceilingMs.p50, 0.001)) },
      });
      process.stderr.write(`${screen.name}: cold p50 ${coldMs.p50} ms, max ${coldMs.max} ms; warm p50 ${warmMs.p50} ms (bare page p50 ${ceilingMs.p50} ms)\n`);
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(data, { recursive: true, force: true });
  }
  const report = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine: { ...machineInfo(), loadAverageAtEnd: os.loadavg().map(round) }, git: gitInfo(ROOT), demo: { customers, seededSeconds: round(seededS) }, results };
  const file = writeReport(path.join(ROOT, 'bench/results/web'), report);
  for (const r of results) console.log(`${(r as { met: boolean }).met ? 'MET   ' : 'MISSED'} ${String(r.name)}: cold ${JSON.stringify(r.coldMs)} warm p50 ${(r.warmMs as { p50: number }).p50} ms (target < ${TARGET_MS} ms)`);
  console.log(`JSON: ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
