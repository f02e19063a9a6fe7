import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import {
  conditionOf,
  openMeteoProvider,
  STYLENOW_DEMO_WEATHER,
  staticWeatherProvider,
  weatherProviderFrom,
  WeatherUnavailable,
} from '../../src/modules/engagement/weather.js';

const LYON_PART_DIEU = { latitude: 45.7612, longitude: 4.8562 };
const PARIS_RIVOLI = { latitude: 48.8606, longitude: 2.3376 };

/** Open-Meteo's real answer to `current=temperature_2m,precipitation,rain,showers,weather_code&timezone=UTC`. */
function openMeteoAnswer(latitude: number, longitude: number, current: { temperature_2m: number; precipitation: number; rain: number; showers: number; weather_code: number }) {
  return {
    latitude,
    longitude,
    generationtime_ms: 0.0286102294921875,
    utc_offset_seconds: 0,
    timezone: 'UTC',
    timezone_abbreviation: 'UTC',
    elevation: 173,
    current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', precipitation: 'mm', rain: 'mm', showers: 'mm', weather_code: 'wmo code' },
    current: { time: '2026-12-06T10:00', interval: 900, ...current },
  };
}

type Reply = (url: URL, res: http.ServerResponse) => void;

describe('Open-Meteo weather provider', () => {
  let server: http.Server;
  let baseUrl: string;
  const requests: URL[] = [];
  let reply: Reply;
  const json = (body: unknown, status = 200): Reply => (_url, res) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  // Rain over Lyon, clear elsewhere: the answer depends on the query, as the real API's does.
  const byPlace: Reply = (url, res) => {
    const latitude = Number(url.searchParams.get('latitude'));
    const longitude = Number(url.searchParams.get('longitude'));
    const lyon = Math.abs(latitude - 45.76) < 0.1;
    json(openMeteoAnswer(latitude, longitude, lyon
      ? { temperature_2m: 8.7, precipitation: 1.8, rain: 1.2, showers: 0.6, weather_code: 63 }
      : { temperature_2m: 11.2, precipitation: 0, rain: 0, showers: 0, weather_code: 0 }))(url, res);
  };

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      requests.push(url);
      if (req.method !== 'GET' || url.pathname !== '/v1/forecast') return res.writeHead(404).end();
      reply(url, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
    reply = byPlace;
  });

  test('asks for the current fields at the point, in UTC, and reads rain', async () => {
    const weather = openMeteoProvider({ baseUrl, clock: new ManualClock('2026-12-06T10:05:00Z') });
    const now = await weather.current(LYON_PART_DIEU);
    assert.equal(requests.length, 1);
    const query = requests[0]!.searchParams;
    assert.equal(query.get('latitude'), '45.76');
    assert.equal(query.get('longitude'), '4.86');
    assert.deepEqual(query.get('current')!.split(','), ['temperature_2m', 'precipitation', 'rain', 'showers', 'weather_code']);
    assert.equal(query.get('timezone'), 'UTC');
    assert.equal(weather.name, 'open-meteo');
    assert.deepEqual(now, { raining: true, precipitationMm: 1.8, temperatureC: 8.7, weatherCode: 63, observedAt: '2026-12-06T10:00:00.000Z', condition: 'rain' });
  });

  test('reads clear weather as not raining', async () => {
    const weather = openMeteoProvider({ baseUrl: `${baseUrl}/`, clock: new ManualClock('2026-12-06T10:05:00Z') });
    const now = await weather.current(PARIS_RIVOLI);
    assert.equal(requests[0]!.pathname, '/v1/forecast', 'a trailing slash in the base URL is not doubled');
    assert.deepEqual(now, { raining: false, precipitationMm: 0, temperatureC: 11.2, weatherCode: 0, observedAt: '2026-12-06T10:00:00.000Z', condition: 'clear' });
  });

  test('one request per 0.01° cell for 10 minutes, then a fresh one', async () => {
    const clock = new ManualClock('2026-12-06T10:05:00Z');
    const weather = openMeteoProvider({ baseUrl, clock });
    // Thousands of people near one store, evaluated at once: they share the one request in flight.
    const near = Array.from({ length: 2000 }, (_, i) => ({ latitude: 45.758 + (i % 7) * 0.001, longitude: 4.8562 }));
    const answers = await Promise.all(near.map((point) => weather.current(point)));
    assert.equal(requests.length, 1);
    assert.ok(answers.every((answer) => answer.raining));

    clock.advance(10 * 60_000 - 1);
    await weather.current(LYON_PART_DIEU);
    assert.equal(requests.length, 1, 'still fresh just before 10 minutes');

    await weather.current({ latitude: 45.7712, longitude: 4.8562 });
    assert.equal(requests.length, 2, 'another cell is another request');

    clock.advance(1);
    await weather.current(LYON_PART_DIEU);
    assert.equal(requests.length, 3, 'stale after 10 minutes');
    await weather.current(LYON_PART_DIEU);
    assert.equal(requests.length, 3, 'and fresh again');
  });

  test('the cache is bounded: the oldest cell is forgotten first', async () => {
    const weather = openMeteoProvider({ baseUrl, clock: new ManualClock('2026-12-06T10:05:00Z'), maxEntries: 2 });
    await weather.current({ latitude: 48.01, longitude: 2 });
    await weather.current({ latitude: 48.02, longitude: 2 });
    await weather.current({ latitude: 48.03, longitude: 2 });
    assert.equal(requests.length, 3);
    await weather.current({ latitude: 48.03, longitude: 2 });
    await weather.current({ latitude: 48.02, longitude: 2 });
    assert.equal(requests.length, 3, 'the two newest are kept');
    await weather.current({ latitude: 48.01, longitude: 2 });
    assert.equal(requests.length, 4, 'the oldest was evicted');
  });

  const failures: { name: string; reply: Reply; message: RegExp }[] = [
    { name: 'HTTP 500', reply: (_url, res) => res.writeHead(500).end('Internal Server Error'), message: /HTTP 500/ },
    { name: 'HTTP 400 with its reason', reply: json({ error: true, reason: 'Latitude must be in range of -90 to 90°.' }, 400), message: /HTTP 400 .*: Latitude must be in range/ },
    { name: 'a body that is not JSON', reply: (_url, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"latitude":45.76,"current":{'), message: /not JSON/ },
    { name: 'no current object', reply: json({ latitude: 45.76, longitude: 4.86, error: false }), message: /no "current" object/ },
    { name: 'a missing field', reply: (url, res) => { const body = openMeteoAnswer(45.76, 4.86, { temperature_2m: 8, precipitation: 1, rain: 1, showers: 0, weather_code: 61 }); delete (body.current as Partial<typeof body.current>).weather_code; json(body)(url, res); }, message: /current\.weather_code is missing/ },
    { name: 'a null value', reply: json({ ...openMeteoAnswer(45.76, 4.86, { temperature_2m: 8, precipitation: 1, rain: 1, showers: 0, weather_code: 61 }), current: { time: '2026-12-06T10:00', interval: 900, temperature_2m: null, precipitation: 1, weather_code: 61 } }), message: /current\.temperature_2m is null/ },
    { name: 'an unknown weather code', reply: json(openMeteoAnswer(45.76, 4.86, { temperature_2m: 8, precipitation: 0, rain: 0, showers: 0, weather_code: 42 })), message: /unknown WMO weather code 42/ },
    { name: 'temperature in °F', reply: json({ ...openMeteoAnswer(45.76, 4.86, { temperature_2m: 46, precipitation: 0, rain: 0, showers: 0, weather_code: 0 }), current_units: { temperature_2m: '°F', precipitation: 'mm' } }), message: /not °C/ },
  ];
  for (const failure of failures) {
    test(`${failure.name} → WeatherUnavailable, and the next question asks again`, async () => {
      reply = failure.reply;
      const weather = openMeteoProvider({ baseUrl, clock: new ManualClock('2026-12-06T10:05:00Z') });
      await assert.rejects(weather.current(LYON_PART_DIEU), (error: unknown) => {
        assert.ok(error instanceof WeatherUnavailable, String(error));
        assert.equal(error.name, 'WeatherUnavailable');
        assert.equal(error.provider, 'open-meteo');
        assert.match(error.message, failure.message);
        assert.match(error.message, /45\.76,4\.86/);
        return true;
      });
      reply = byPlace;
      assert.equal((await weather.current(LYON_PART_DIEU)).condition, 'rain');
      assert.equal(requests.length, 2, 'a failure is not cached');
    });
  }

  test('no answer within the timeout → WeatherUnavailable', async () => {
    reply = () => {}; // never answers
    const weather = openMeteoProvider({ baseUrl, timeoutMs: 100, clock: new ManualClock('2026-12-06T10:05:00Z') });
    const started = Date.now();
    await assert.rejects(weather.current(LYON_PART_DIEU), (error: unknown) => error instanceof WeatherUnavailable && /no answer within 100 ms/.test(error.message));
    assert.ok(Date.now() - started < 5_000);
  });

  test('a body that stalls halfway times out too', async () => {
    reply = (_url, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"latitude":45.76,');
    };
    const weather = openMeteoProvider({ baseUrl, timeoutMs: 100, clock: new ManualClock('2026-12-06T10:05:00Z') });
    await assert.rejects(weather.current(LYON_PART_DIEU), (error: unknown) => error instanceof WeatherUnavailable && /no answer within 100 ms/.test(error.message));
  });

  test('a server that refuses connections → WeatherUnavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const weather = openMeteoProvider({ baseUrl: `http://127.0.0.1:${port}`, clock: new ManualClock('2026-12-06T10:05:00Z') });
    await assert.rejects(weather.current(LYON_PART_DIEU), (error: unknown) => error instanceof WeatherUnavailable && /request for 45\.76,4\.86 failed/.test(error.message));
  });

  test('weatherProviderFrom selects Open-Meteo at OPEN_METEO_URL', async () => {
    const config = loadConfig({ PASSERELLE_WEATHER: 'open-meteo', OPEN_METEO_URL: baseUrl });
    const weather = weatherProviderFrom(config, { clock: new ManualClock('2026-12-06T10:05:00Z') });
    assert.equal(weather.name, 'open-meteo');
    assert.equal((await weather.current(LYON_PART_DIEU)).condition, 'rain');
    assert.equal(requests.length, 1);
  });
});

describe('static weather provider', () => {
  const clock = new ManualClock('2026-12-06T10:05:00Z');

  test('answers by area, the first area holding the point winning, else the default', async () => {
    const weather = staticWeatherProvider({
      default: { weatherCode: 1, temperatureC: 12 },
      byArea: [
        { latitude: 45.764, longitude: 4.8357, radiusKm: 5, weather: { weatherCode: 95, precipitationMm: 6 } },
        { latitude: 45.764, longitude: 4.8357, radiusKm: 30, weather: { weatherCode: 61, temperatureC: 9, precipitationMm: 1.2 } },
      ],
    }, { clock });
    assert.equal(weather.name, 'static');
    assert.deepEqual(await weather.current(LYON_PART_DIEU), { raining: true, precipitationMm: 6, temperatureC: 15, weatherCode: 95, observedAt: '2026-12-06T10:05:00.000Z', condition: 'thunderstorm' });
    // Villeurbanne's edge, ~10 km out: in the wider area only.
    assert.equal((await weather.current({ latitude: 45.7719, longitude: 4.9636 })).condition, 'rain');
    assert.deepEqual(await weather.current(PARIS_RIVOLI), { raining: false, precipitationMm: 0, temperatureC: 12, weatherCode: 1, observedAt: '2026-12-06T10:05:00.000Z', condition: 'cloudy' });
  });

  test('precipitation alone makes it raining, whatever the code', async () => {
    const weather = staticWeatherProvider({ default: { weatherCode: 73, precipitationMm: 0.4 } }, { clock });
    assert.deepEqual(await weather.current(PARIS_RIVOLI), { raining: true, precipitationMm: 0.4, temperatureC: 15, weatherCode: 73, observedAt: '2026-12-06T10:05:00.000Z', condition: 'snow' });
  });

  test('a mistyped table fails at construction', () => {
    assert.throws(() => staticWeatherProvider({ default: { weatherCode: 42 } }), /unknown WMO weather code 42/);
    assert.throws(() => staticWeatherProvider({ default: { weatherCode: 0 }, byArea: [{ latitude: 45, longitude: 4, radiusKm: -1, weather: { weatherCode: 61 } }] }), /radiusKm/);
    assert.throws(() => staticWeatherProvider({ default: { weatherCode: 0 }, byArea: [{ latitude: 145, longitude: 4, radiusKm: 1, weather: { weatherCode: 61 } }] }), RangeError);
  });

  test('by default the demo rains on both Lyon stores and nowhere near Paris, without any network', async () => {
    const config = loadConfig({});
    assert.equal(config.weatherProvider, 'static');
    const weather = weatherProviderFrom(config, { clock });
    assert.equal(weather.name, 'static');
    assert.equal((await weather.current(LYON_PART_DIEU)).raining, true);
    assert.equal((await weather.current({ latitude: 45.7624, longitude: 4.8358 })).raining, true);
    assert.equal((await weather.current(PARIS_RIVOLI)).raining, false);
    assert.equal(STYLENOW_DEMO_WEATHER.byArea?.length, 1);
  });
});

describe('weather configuration and codes', () => {
  test('PASSERELLE_WEATHER and OPEN_METEO_URL', () => {
    assert.deepEqual(pick(loadConfig({})), { weatherProvider: 'static', openMeteoUrl: 'https://api.open-meteo.com' });
    assert.deepEqual(pick(loadConfig({ PASSERELLE_WEATHER: '', OPEN_METEO_URL: ' ' })), { weatherProvider: 'static', openMeteoUrl: 'https://api.open-meteo.com' });
    assert.deepEqual(pick(loadConfig({ PASSERELLE_WEATHER: 'open-meteo', OPEN_METEO_URL: 'http://meteo.internal:8080' })), { weatherProvider: 'open-meteo', openMeteoUrl: 'http://meteo.internal:8080' });
    assert.throws(() => loadConfig({ PASSERELLE_WEATHER: 'openmeteo' }), /PASSERELLE_WEATHER must be one of static, open-meteo, got "openmeteo"/);
  });

  test('WMO codes map to conditions', () => {
    const table: [number, string | undefined][] = [
      [0, 'clear'], [1, 'cloudy'], [3, 'cloudy'], [45, 'fog'], [48, 'fog'], [51, 'drizzle'], [57, 'drizzle'], [61, 'rain'], [67, 'rain'],
      [71, 'snow'], [77, 'snow'], [80, 'showers'], [82, 'showers'], [85, 'snow'], [86, 'snow'], [95, 'thunderstorm'], [99, 'thunderstorm'],
      [4, undefined], [44, undefined], [58, undefined], [68, undefined], [78, undefined], [83, undefined], [100, undefined], [61.5, undefined],
    ];
    for (const [code, condition] of table) assert.equal(conditionOf(code), condition, `code ${code}`);
  });
});

function pick(config: ReturnType<typeof loadConfig>) {
  return { weatherProvider: config.weatherProvider, openMeteoUrl: config.openMeteoUrl };
}
