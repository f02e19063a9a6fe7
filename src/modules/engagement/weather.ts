import type { Config } from '../../platform/config.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { assertUnreachable } from '../../platform/errors.js';
import { haversineKm, type LatLng } from '../catalog/geo.js';

/**
 * The weather where a person is, for journeys' context (J7: "near the store, raining, rain gear in
 * stock, store open"). Real services (Open-Meteo, Météo-France…) plug in behind this interface.
 */
export interface WeatherProvider {
  name: string;
  current(point: LatLng): Promise<WeatherNow>;
}

export type WeatherCondition = 'clear' | 'cloudy' | 'fog' | 'drizzle' | 'rain' | 'snow' | 'showers' | 'thunderstorm';

export interface WeatherNow {
  /** Drizzle, rain, showers or thunderstorm, or any precipitation in the last interval. */
  raining: boolean;
  /** Precipitation (rain, showers, snow) over the provider's last interval, in mm. */
  precipitationMm: number;
  temperatureC: number;
  /** WMO 4677 code, as Open-Meteo reports it. */
  weatherCode: number;
  /** When the answer was observed (ISO 8601, UTC). */
  observedAt: string;
  condition: WeatherCondition;
}

/** The provider could not answer (HTTP error, bad body, timeout); a journey treats it as "unknown". */
export class WeatherUnavailable extends Error {
  readonly provider: string;
  constructor(provider: string, message: string, options: { cause?: unknown } = {}) {
    super(`Weather from ${provider} unavailable: ${message}`, options);
    this.name = 'WeatherUnavailable';
    this.provider = provider;
  }
}

/**
 * The condition a WMO weather code describes, or undefined for a code outside the table
 * (Open-Meteo reports only these).
 *
 * @example conditionOf(63) // 'rain'
 */
export function conditionOf(weatherCode: number): WeatherCondition | undefined {
  const code = weatherCode;
  if (!Number.isInteger(code)) return undefined;
  if (code === 0) return 'clear';
  if (code >= 1 && code <= 3) return 'cloudy';
  if (code === 45 || code === 48) return 'fog';
  if (code >= 51 && code <= 57) return 'drizzle';
  if (code >= 61 && code <= 67) return 'rain';
  if (code >= 71 && code <= 77) return 'snow';
  if (code >= 80 && code <= 82) return 'showers';
  if (code === 85 || code === 86) return 'snow';
  if (code >= 95 && code <= 99) return 'thunderstorm';
  return undefined;
}

const WET: ReadonlySet<WeatherCondition> = new Set(['drizzle', 'rain', 'showers', 'thunderstorm']);

function weatherNow(reading: { weatherCode: number; condition: WeatherCondition; precipitationMm: number; temperatureC: number; observedAt: string }): WeatherNow {
  return { ...reading, raining: WET.has(reading.condition) || reading.precipitationMm > 0 };
}

function assertPoint(point: LatLng): void {
  const { latitude, longitude } = point;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90 || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw new RangeError(`not a point on the Earth: ${latitude},${longitude}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Open-Meteo

export const OPEN_METEO_URL = 'https://api.open-meteo.com';
const CURRENT_FIELDS = 'temperature_2m,precipitation,rain,showers,weather_code';
/** Open-Meteo refreshes current conditions every 15 minutes; 10 keeps answers at most one update late. */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export interface OpenMeteoOptions {
  /** Default https://api.open-meteo.com; a self-hosted Open-Meteo or a test server otherwise. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per request, body included; default 5 s. */
  timeoutMs?: number;
  /** Decides when a cached answer is stale; default the system clock. */
  clock?: Clock;
  /** Answers kept, one per 0.01° cell; the oldest goes first. Default 10,000. */
  maxEntries?: number;
}

/**
 * Current conditions from Open-Meteo's forecast API (`GET /v1/forecast?current=…`), free and
 * without a key. Answers are cached per point rounded to 0.01° (about 1 km) for 10 minutes, and
 * concurrent questions for one cell share one request, so a journey evaluating thousands of people
 * near one store makes one call.
 *
 * @example
 * const weather = openMeteoProvider({ clock });
 * const { raining } = await weather.current({ latitude: 45.7612, longitude: 4.8562 });
 */
export function openMeteoProvider(options: OpenMeteoOptions = {}): WeatherProvider {
  const name = 'open-meteo';
  const baseUrl = (options.baseUrl ?? OPEN_METEO_URL).replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? CACHE_MAX_ENTRIES;
  // Insertion order is age order: a refreshed cell is deleted and inserted again.
  const cache = new Map<string, { fetchedAt: number; answer: Promise<WeatherNow> }>();

  async function request(latitude: string, longitude: string): Promise<WeatherNow> {
    const url = `${baseUrl}/v1/forecast?${new URLSearchParams({ latitude, longitude, current: CURRENT_FIELDS, timezone: 'UTC' })}`;
    const where = `${latitude},${longitude}`;
    let response: Response;
    let text: string;
    try {
      // The signal also bounds reading the body: a server that stalls mid-answer times out too.
      response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new WeatherUnavailable(name, timedOut ? `no answer within ${timeoutMs} ms for ${where}` : `request for ${where} failed: ${describe(error)}`, { cause: error });
    }
    if (response.status !== 200) {
      throw new WeatherUnavailable(name, `HTTP ${response.status} for ${where}${reasonOf(text)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new WeatherUnavailable(name, `the answer for ${where} is not JSON: ${JSON.stringify(text.slice(0, 80))}`, { cause: error });
    }
    return parseOpenMeteo(body, (problem) => new WeatherUnavailable(name, `unexpected answer for ${where}: ${problem}`));
  }

  return {
    name,
    current(point) {
      assertPoint(point);
      const latitude = cell(point.latitude);
      const longitude = cell(point.longitude);
      const key = `${latitude},${longitude}`;
      const now = clock.now().getTime();
      const cached = cache.get(key);
      if (cached && now - cached.fetchedAt < CACHE_TTL_MS) return cached.answer;
      if (cached) cache.delete(key);
      const entry = { fetchedAt: now, answer: request(latitude, longitude) };
      // A failure is not remembered: the next question asks again.
      entry.answer.catch(() => {
        if (cache.get(key) === entry) cache.delete(key);
      });
      cache.set(key, entry);
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return entry.answer;
    },
  };
}

/** A coordinate rounded to 0.01°, as sent to Open-Meteo and used as the cache key. */
function cell(degrees: number): string {
  const rounded = Math.round(degrees * 100) / 100;
  // `|| 0` turns -0 into 0, so -0.001 and 0.001 share "0.00".
  return (rounded || 0).toFixed(2);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici hides the socket's reason (ECONNREFUSED…) in `cause`.
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** Open-Meteo explains a 400 as `{"error": true, "reason": "…"}`. */
function reasonOf(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body.reason === 'string') return `: ${body.reason}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{ utc_offset_seconds, current_units, current: { time, temperature_2m, precipitation, weather_code } }`. */
function parseOpenMeteo(body: unknown, fail: (problem: string) => Error): WeatherNow {
  if (!isRecord(body)) throw fail('not a JSON object');
  const current = body.current;
  if (!isRecord(current)) throw fail('no "current" object');
  const number = (field: string): number => {
    const value = current[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(`current.${field} is ${JSON.stringify(value) ?? 'missing'}, not a number`);
    return value;
  };
  const temperatureC = number('temperature_2m');
  const precipitationMm = number('precipitation');
  const weatherCode = number('weather_code');
  const condition = conditionOf(weatherCode);
  if (!condition) throw fail(`unknown WMO weather code ${weatherCode}`);

  // We never ask for other units, but a proxy or a changed default must not turn °F into °C silently.
  const units = body.current_units;
  if (isRecord(units)) {
    if (units.temperature_2m !== undefined && units.temperature_2m !== '°C') throw fail(`temperature in ${JSON.stringify(units.temperature_2m)}, not °C`);
    if (units.precipitation !== undefined && units.precipitation !== 'mm') throw fail(`precipitation in ${JSON.stringify(units.precipitation)}, not mm`);
  }

  // `time` is local time without a zone ("2026-12-06T10:00"), in the zone of utc_offset_seconds (0: we ask for UTC).
  const time = current.time;
  const offset = body.utc_offset_seconds ?? 0;
  if (typeof time !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(time)) throw fail(`current.time is ${JSON.stringify(time) ?? 'missing'}, not a local ISO time`);
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw fail(`utc_offset_seconds is ${JSON.stringify(offset)}, not a number`);
  const local = Date.parse(`${time}Z`);
  if (Number.isNaN(local)) throw fail(`current.time ${JSON.stringify(time)} is not a valid date`);
  const observedAt = new Date(local - offset * 1000).toISOString();

  return weatherNow({ weatherCode, condition, precipitationMm, temperatureC, observedAt });
}

// ---------------------------------------------------------------------------------------------------
// Static table

/** What a static table says: the code decides the condition; temperature and precipitation are optional. */
export interface StaticWeather {
  weatherCode: number;
  temperatureC?: number;
  precipitationMm?: number;
}

export interface StaticWeatherTable {
  default: StaticWeather;
  /** The first area holding the point wins. */
  byArea?: { latitude: number; longitude: number; radiusKm: number; weather: StaticWeather }[];
}

/** The StyleNow demo: a dry, mild France with rain over Lyon (both Lyon stores, 25 km around). */
export const STYLENOW_DEMO_WEATHER: StaticWeatherTable = {
  default: { weatherCode: 2, temperatureC: 14, precipitationMm: 0 },
  byArea: [{ latitude: 45.764, longitude: 4.8357, radiusKm: 25, weather: { weatherCode: 63, temperatureC: 9, precipitationMm: 2.4 } }],
};

/**
 * Answers from a fixed table, without any network: the default provider, for the demo and tests.
 * `observedAt` is the clock's now.
 *
 * @example
 * const weather = staticWeatherProvider({ default: { weatherCode: 0 }, byArea: [{ latitude: 45.764, longitude: 4.8357, radiusKm: 20, weather: { weatherCode: 61, precipitationMm: 1 } }] });
 */
export function staticWeatherProvider(conditions: StaticWeatherTable, options: { clock?: Clock } = {}): WeatherProvider {
  const clock = options.clock ?? systemClock;
  // Checked once here, so a mistyped table fails at start rather than in a journey.
  const check = (weather: StaticWeather, where: string): WeatherCondition => {
    const condition = conditionOf(weather.weatherCode);
    if (!condition) throw new RangeError(`static weather ${where}: unknown WMO weather code ${weather.weatherCode}`);
    if (weather.precipitationMm !== undefined && !(weather.precipitationMm >= 0)) throw new RangeError(`static weather ${where}: precipitationMm must be ≥ 0`);
    return condition;
  };
  const fallback = { weather: conditions.default, condition: check(conditions.default, 'default') };
  const areas = (conditions.byArea ?? []).map((area, index) => {
    assertPoint(area);
    if (!(area.radiusKm >= 0)) throw new RangeError(`static weather byArea[${index}]: radiusKm must be ≥ 0`);
    return { ...area, condition: check(area.weather, `byArea[${index}]`) };
  });
  return {
    name: 'static',
    async current(point) {
      assertPoint(point);
      const { weather, condition } = areas.find((area) => haversineKm(area, point) <= area.radiusKm) ?? fallback;
      return weatherNow({
        weatherCode: weather.weatherCode,
        condition,
        precipitationMm: weather.precipitationMm ?? 0,
        temperatureC: weather.temperatureC ?? 15,
        observedAt: clock.now().toISOString(),
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------

/**
 * The provider the configuration names: `static` (default: nothing calls the internet unless the
 * operator asks) answers from `staticConditions`, the StyleNow demo's table unless given.
 */
export function weatherProviderFrom(
  config: Pick<Config, 'weatherProvider' | 'openMeteoUrl'>,
  options: { clock?: Clock; fetch?: typeof fetch; staticConditions?: StaticWeatherTable } = {},
): WeatherProvider {
  switch (config.weatherProvider) {
    case 'static':
      return staticWeatherProvider(options.staticConditions ?? STYLENOW_DEMO_WEATHER, { clock: options.clock });
    case 'open-meteo':
      return openMeteoProvider({ baseUrl: config.openMeteoUrl, clock: options.clock, fetch: options.fetch });
    default:
      return assertUnreachable(config.weatherProvider);
  }
}

const providersOfApps = new WeakMap<object, WeatherProvider>();

/** One provider per running app, so the journeys' event handler and timer task share one cache. */
export function weatherOf(deps: { config: Pick<Config, 'weatherProvider' | 'openMeteoUrl'>; clock: Clock }): WeatherProvider {
  let provider = providersOfApps.get(deps);
  if (!provider) {
    provider = weatherProviderFrom(deps.config, { clock: deps.clock });
    providersOfApps.set(deps, provider);
  }
  return provider;
}
