import path from 'node:path';

/** Everything the process reads from its environment, read once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; undefined means the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  smtpUrl: string | undefined;
  /** An HTTP SMS gateway (POST {to, body, reference}); without it SMS go to the outbox. */
  smsGatewayUrl: string | undefined;
  /** The From of every email. */
  emailFrom: string;
  logLevel: string;
  /** Login attempts allowed per client address per minute. */
  loginRateLimit: number;
  /** Tracking calls allowed per write key per second; beyond it, 429 with Retry-After. */
  trackingRateLimit: number;
  /** Customers the StyleNow demo generates on first start. */
  demoCustomers: number;
  /** Load the demo on first start (an empty database). */
  seedDemo: boolean;
  publicUrl: string;
  /**
   * How often idle background work (outbox deliveries, hold expiry, timers) looks for something due,
   * in ms. 0 runs none in this process: tests drain it themselves, a deployment may dedicate workers.
   */
  workerPollMs: number;
  /** Where journeys' weather comes from: a fixed table (no network) or Open-Meteo's API. */
  weatherProvider: 'static' | 'open-meteo';
  /** Open-Meteo's base URL (the public API, or a self-hosted instance). */
  openMeteoUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env.PORT, 8080, 'PORT');
  const host = env.HOST ?? '0.0.0.0';
  return {
    port,
    host,
    dataDir: path.resolve(env.PASSERELLE_DATA ?? './data'),
    databaseUrl: emptyToUndefined(env.DATABASE_URL),
    adminToken: emptyToUndefined(env.PASSERELLE_ADMIN_TOKEN),
    smtpUrl: emptyToUndefined(env.SMTP_URL),
    smsGatewayUrl: emptyToUndefined(env.SMS_GATEWAY_URL),
    emailFrom: env.PASSERELLE_EMAIL_FROM ?? 'StyleNow <bonjour@stylenow.example>',
    logLevel: env.LOG_LEVEL ?? 'info',
    loginRateLimit: integer(env.PASSERELLE_LOGIN_RATE_LIMIT, 10, 'PASSERELLE_LOGIN_RATE_LIMIT'),
    trackingRateLimit: integer(env.PASSERELLE_TRACKING_RATE_LIMIT, 5000, 'PASSERELLE_TRACKING_RATE_LIMIT'),
    demoCustomers: integer(env.PASSERELLE_DEMO_CUSTOMERS, 5000, 'PASSERELLE_DEMO_CUSTOMERS'),
    seedDemo: env.PASSERELLE_SEED_DEMO !== 'false',
    publicUrl: env.PASSERELLE_PUBLIC_URL ?? `http://localhost:${port}`,
    workerPollMs: integer(env.PASSERELLE_WORKER_POLL_MS, 250, 'PASSERELLE_WORKER_POLL_MS'),
    // Static by default: nothing calls the internet unless the operator asks.
    weatherProvider: oneOf(env.PASSERELLE_WEATHER, ['static', 'open-meteo'] as const, 'static', 'PASSERELLE_WEATHER'),
    openMeteoUrl: emptyToUndefined(env.OPEN_METEO_URL) ?? 'https://api.open-meteo.com',
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function oneOf<const T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value.trim() === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
