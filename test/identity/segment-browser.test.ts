import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';

/**
 * analytics.js (`@segment/analytics-next`), unchanged, in a real Chromium: a shop page served from its
 * own origin loads the library's UMD bundle and points it at our server through `cdnSettings`
 * (`integrations['Segment.io'].apiHost` and `protocol`), as a shop replacing api.segment.io does.
 * The browser sends what it sends to Segment: JSON as text/plain, the write key as Basic auth (so a
 * CORS preflight), short paths `/v1/p`, `/v1/i`, `/v1/t`.
 */

// Debian's chromium (apt package `chromium`); playwright-core never downloads a browser.
const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's "chromium" package (apt-get install -y chromium)`;

// The library's own browser build, as published on npm: it exposes `window.AnalyticsNext`. No CDN.
const require = createRequire(import.meta.url);
const BUNDLE = path.join(path.dirname(require.resolve('@segment/analytics-next/package.json')), 'dist/umd/index.js');

const WAIT_MS = 10_000;

interface PageResult {
  anonymousId: string | null;
  userId: string | null;
  messageIds: string[];
  errors: string[];
}

/** The shop page: loads analytics.js, sends the calls the shop makes, and leaves what the library reports in `window.shopResult`. */
function shopPage(writeKey: string, apiUrl: string, script: string): string {
  const settings = {
    writeKey,
    cdnSettings: {
      integrations: { 'Segment.io': { apiKey: writeKey, apiHost: `${new URL(apiUrl).host}/v1`, protocol: 'http' } },
      // Segment's own performance metrics go to api.segment.io/v1/m unless sampled out; a shop on Passerelle turns them off.
      metrics: { sampleRate: 0 },
    },
  };
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,">
<script src="/analytics-next.js"></script></head>
<body><h1>Shop</h1>
<script>
  const analytics = AnalyticsNext.AnalyticsBrowser.load(${JSON.stringify(settings)});
  const errors = [];
  analytics.on('error', (error) => errors.push(String(error && error.reason || error)));
  window.shopResult = (async () => {
    const contexts = await (async () => { ${script} })();
    const user = await analytics.user();
    return { anonymousId: user.anonymousId(), userId: user.id(), messageIds: contexts.map((ctx) => ctx.event.messageId), errors };
  })();
</script></body></html>`;
}

/** The shop's own web server: another origin than the API (another port), so every call is cross-origin. */
async function startShop(page: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = fs.readFileSync(BUNDLE);
  const shop = http.createServer((request, response) => {
    if (request.url === '/analytics-next.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const { port } = shop.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      shop.closeAllConnections();
      shop.close(() => resolve());
    }),
  };
}

/** Records what would make the test meaningless or hide a failure: requests off the machine, page errors, console errors (CORS refusals show there). */
function watch(page: Page): { offsite: string[]; problems: string[]; statuses: number[]; retries: number } {
  const seen = { offsite: [] as string[], problems: [] as string[], statuses: [] as number[], retries: 0 };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') seen.offsite.push(request.url());
    // All the headers, not the provisional ones `headers()` may give while the request starts; a
    // preflight that announces the header counts too (the retry's own request follows it).
    request.allHeaders().then(
      (headers) => {
        if (headers['x-retry-count'] !== undefined || /x-retry-count/i.test(headers['access-control-request-headers'] ?? '')) seen.retries += 1;
      },
      () => undefined,
    );
  });
  page.on('response', (response) => {
    if (response.request().method() !== 'POST') return;
    seen.statuses.push(response.status());
    // A refusal's reason is in its body (our problem document): keep it for the failure message.
    if (response.status() >= 400 && response.status() !== 429) {
      response.text().then((body) => seen.problems.push(`${response.status()} from ${response.url()}: ${body}`), () => undefined);
    }
  });
  page.on('pageerror', (error) => seen.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => seen.problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return seen;
}

/** Polls until `check` holds; on time-out, says what the browser saw, which is what explains it. */
async function waitUntil(what: string, check: () => Promise<boolean>, seen: ReturnType<typeof watch>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${WAIT_MS} ms; the browser saw ${JSON.stringify(seen, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the shop page in a fresh browser profile (its own cookies and localStorage: a new visitor) and returns what the page reports. */
async function visit(browser: Browser, url: string): Promise<{ page: Page; result: PageResult; seen: ReturnType<typeof watch>; close(): Promise<void> }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(url, { timeout: WAIT_MS });
    // `window` is not in this project's lib (no DOM): the page's global is read through globalThis.
    const result = await page.evaluate(() => (globalThis as unknown as { shopResult: Promise<PageResult> }).shopResult);
    return { page, result, seen, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

describe('analytics.js in Chromium', { skip }, () => {
  let browser: Browser;

  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 15_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  for (const dialect of DIALECTS) {
    describe(`analytics.js → tracking API (${dialect})`, () => {
      let server: TestServer;
      let writeKey: string;
      let sourceId: string;
      let shop: Awaited<ReturnType<typeof startShop>>;
      let script = '';
      const eventsOfSource = (source: string, db = server) =>
        db.deps.database.kysely.selectFrom('events').select(['message_id', 'type', 'name', 'channel', 'payload']).where('source_id', '=', source).execute();

      before(async () => {
        server = await startTestServer(dialect);
        const source = await server.admin.sources.create({ name: 'Web shop (analytics.js)', channel: 'web' });
        writeKey = source.writeKey;
        sourceId = source.id;
        shop = await startShop(() => shopPage(writeKey, server.url, script));
      });
      after(async () => {
        await shop?.close();
        await server?.close();
      });

      test('page, identify and track from the browser are stored on the visitor\'s profile, channel web', async () => {
        // One after the other, each awaited (delivered), as on a real visit: the page view goes out while
        // the visitor is still anonymous (analytics.js then sends "userId": null).
        script = `
          const viewed = await analytics.page();
          const identified = await analytics.identify('julie-browser', { email: 'julie.browser@example.fr' });
          const tracked = await analytics.track('Product Viewed', { sku: 'X' });
          return [viewed, identified, tracked];`;
        const visit1 = await visit(browser, shop.url);
        try {
          const { result, seen } = visit1;
          assert.match(result.anonymousId ?? '', /^[0-9a-f-]{36}$/, 'the browser made up an anonymousId');
          assert.equal(result.userId, 'julie-browser');
          assert.equal(result.messageIds.length, 3);
          await waitUntil('the three events are stored', async () => (await eventsOfSource(sourceId)).length >= 3, seen);
          const rows = await eventsOfSource(sourceId);
          assert.deepEqual(rows.map((r) => r.message_id).sort(), [...result.messageIds].sort(), 'each event stored once, under the messageId the browser gave it');
          assert.deepEqual(rows.map((r) => r.type).sort(), ['identify', 'page', 'track']);
          assert.deepEqual([...new Set(rows.map((r) => r.channel))], ['web']);
          assert.equal(rows.find((r) => r.type === 'track')?.name, 'Product Viewed');
          const pageView = JSON.parse(rows.find((r) => r.type === 'page')!.payload) as { userId?: unknown; anonymousId?: unknown };
          assert.equal(pageView.userId ?? null, null, 'the page view was sent anonymous');
          assert.equal(pageView.anonymousId, result.anonymousId);
          const track = JSON.parse(rows.find((r) => r.type === 'track')!.payload) as { properties: { sku: string }; context: { page?: { url?: string } } };
          assert.equal(track.properties.sku, 'X');
          assert.equal(track.context.page?.url, shop.url, 'the browser\'s context (page URL) is kept');

          const profile = await server.admin.profiles.lookup('email', 'julie.browser@example.fr');
          const identities = profile.identities.map((i) => `${i.type}:${i.value}`);
          for (const expected of [`anonymousId:${result.anonymousId}`, 'userId:julie-browser']) {
            assert.ok(identities.includes(expected), `${expected} in ${identities.join(', ')}`);
          }
          assert.equal((await server.admin.profiles.lookup('anonymousId', result.anonymousId!)).id, profile.id);
          assert.deepEqual(profile.channels.map((c) => [c.channel, c.events]), [['web', 3]], 'the anonymous page view counts for the same person');

          assert.deepEqual(result.errors, [], 'analytics.js reports no delivery error');
          assert.deepEqual(seen.offsite, [], 'nothing leaves the machine (no CDN, no api.segment.io)');
          assert.deepEqual(seen.problems, [], 'no CORS refusal, failed request or page error');
        } finally {
          await visit1.close();
        }
      });

      test('an event answered 429 is retried by the browser (with X-Retry-Count, so a new preflight) and stored once', async () => {
        // A server allowing two calls a second per write key: the third call of the page is refused once.
        const limited = await startTestServer(dialect, { config: { trackingRateLimit: 2 } });
        const limitedSource = await limited.admin.sources.create({ name: 'Busy web shop', channel: 'web' });
        const limitedShop = await startShop(() =>
          shopPage(limitedSource.writeKey, limited.url, `return Promise.all([1, 2, 3].map((n) => analytics.track('Product Viewed', { sku: 'SKU-' + n })));`),
        );
        let opened: Awaited<ReturnType<typeof visit>> | undefined;
        try {
          opened = await visit(browser, limitedShop.url);
          const { result } = opened;
          assert.equal(result.messageIds.length, 3);
          await waitUntil('the refused event is retried and stored', async () => (await eventsOfSource(limitedSource.id, limited)).length >= 3, opened.seen);
          const rows = await eventsOfSource(limitedSource.id, limited);
          assert.deepEqual(rows.map((r) => r.message_id).sort(), [...result.messageIds].sort());
          assert.ok(opened.seen.statuses.includes(429), `a call was refused with 429 (statuses: ${opened.seen.statuses.join(', ')})`);
          await waitUntil('the retry is seen with its X-Retry-Count header', async () => opened!.seen.retries > 0, opened.seen);
          assert.ok(opened.seen.retries > 0, 'the library retried with an X-Retry-Count header');
          assert.deepEqual(result.errors, [], 'analytics.js reports no delivery error');
          assert.deepEqual(opened.seen.offsite, []);
          // The 429 itself is logged by Chromium as a failed resource; nothing else may be.
          const problems = opened.seen.problems.filter((p) => !/status of 429/.test(p));
          assert.deepEqual(problems, [], 'no CORS refusal on the retry');

          // analytics.js waits for Retry-After when it can read it (`res.headers.get('Retry-After')`), which a
          // cross-origin page can only do if the server exposes it: read it the same way from the page.
          const retryAfter = await opened.page.evaluate(async ({ api, key }) => {
            for (let i = 0; i < 6; i++) {
              const body = JSON.stringify({ writeKey: key, anonymousId: 'probe', event: 'Probe', messageId: `probe-${i}` });
              const response = await fetch(`${api}/v1/t`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
              if (response.status === 429) return response.headers.get('retry-after');
            }
            return 'never refused';
          }, { api: limited.url, key: limitedSource.writeKey });
          assert.match(String(retryAfter), /^\d+$/, 'the page can read the 429\'s Retry-After');
        } finally {
          await opened?.close();
          await limitedShop.close();
          await limited.close();
        }
      });
    });
  }
});
