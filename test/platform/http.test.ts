import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, ADMIN_TOKEN, type TestServer } from '../support/harness.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('HTTP conventions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server.close());

  async function problem(response: Response, status: number, code: string) {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as { type: string; title: string; status: number; detail: string; code: string };
    assert.equal(body.status, status);
    assert.equal(body.code, code);
    assert.equal(body.type, `urn:passerelle:problem:${code}`);
    assert.ok(body.title && body.detail, 'title and detail say what is wrong');
    return body;
  }

  test('GET /health answers ok', async () => {
    const response = await fetch(`${server.url}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('invalid JSON is a 400 problem', async () => {
    const response = await fetch(`${server.url}/v1/sources`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"name": "web",' });
    await problem(response, 400, 'platform.invalid_json');
  });

  test('unknown fields and wrong types are 400 problems naming the field', async () => {
    const unknown = await fetch(`${server.url}/v1/sources`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'web', channel: 'web', colour: 'red' }) });
    const body = await problem(unknown, 400, 'platform.validation_failed');
    assert.match(body.detail, /colour/);
    const wrongType = await fetch(`${server.url}/v1/sources`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 42, channel: 'web' }) });
    const typed = await problem(wrongType, 400, 'platform.validation_failed');
    assert.match(typed.detail, /name/);
    assert.equal((await server.admin.sources.list()).items.length, 0, 'nothing was written');
  });

  test('an oversized body is a 413 problem', async () => {
    const response = await fetch(`${server.url}/v1/sources`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), channel: 'web' }),
    });
    await problem(response, 413, 'platform.payload_too_large');
  });

  test('an unsupported media type is a 415 problem', async () => {
    const response = await fetch(`${server.url}/v1/sources`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: '<source/>' });
    await problem(response, 415, 'platform.unsupported_media_type');
  });

  test('an unknown route is a 404 problem', async () => {
    await problem(await fetch(`${server.url}/v1/nothing-here`), 404, 'platform.not_found');
  });

  test('every answer carries a request id, and a given one is kept', async () => {
    const response = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'req-from-client-1' } });
    assert.equal(response.headers.get('x-request-id'), 'req-from-client-1');
    assert.ok((await fetch(`${server.url}/health`)).headers.get('x-request-id'));
  });

  test('/openapi.json is OpenAPI 3.1 with schemas for every operation, and /docs serves the browser', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown; 'x-access'?: unknown }>>;
    };
    assert.equal(document.openapi, '3.1.0');
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations += 1;
        assert.ok(operation.responses && Object.keys(operation.responses).some((status) => status.startsWith('2')), `${method} ${path} documents its answer`);
        // Actions that take no input: everything else that writes must document its body.
        const bodiless = ['/logout', '/rotate-key', '/unmerge', '/activate', '/pause', '/receive', '/cancel', '/mirror-pass'].some((suffix) => path.endsWith(suffix));
        if (['post', 'put', 'patch'].includes(method) && !bodiless) {
          assert.ok(operation.requestBody, `${method} ${path} documents its body`);
        }
      }
    }
    assert.ok(operations >= 15);
    const docs = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });

  test('/metrics exposes requests and latency per route, the database pool and event-loop lag', async () => {
    await fetch(`${server.url}/health`);
    await fetch(`${server.url}/v1/staff`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /passerelle_http_requests_total\{route="\/health",method="GET",status="200"\} \d+/);
    assert.match(text, /passerelle_http_requests_total\{route="\/v1\/staff",method="GET",status="401"\} \d+/);
    assert.match(text, /passerelle_http_request_duration_seconds_bucket\{le="0.005",route="\/health",method="GET"\} \d+/);
    assert.match(text, /passerelle_db_pool_connections\{state="total",dialect="sqlite"\} 1/);
    assert.match(text, /nodejs_eventloop_lag_seconds \d/);
  });
});
