#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { openRuntime, startServer } from './server.js';
import { ensureWebBuilt } from './platform/http/web-apps.js';
import { seedDemo, isDemoLoaded } from './demo/seed.js';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SOURCES, DEMO_STAFF } from './demo/stylenow.js';
import { importProductsFile } from './modules/catalog/product-import.cli.js';
import { importStockFile } from './modules/inventory/inventory-import.cli.js';

const USAGE = `Usage: passerelle <command> [options]

Commands:
  start                         serve the API, console and apps (loads the StyleNow demo on first start)
  migrate                       bring the database schema up to date
  seed [--customers N] [--seed S]
                                load the StyleNow demo (default 5000 customers, seed 1)
  import products <file.csv> [--skip-errors]
                                import products from CSV; bad rows are reported with their line number
  import stock <file.csv> [--skip-errors]
                                set stock counts from CSV (sku,locationId,onHand[,safetyStock,zone])

Environment: PORT, HOST, PASSERELLE_DATA, DATABASE_URL, PASSERELLE_ADMIN_TOKEN, SMTP_URL, LOG_LEVEL`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'migrate': {
      const runtime = await openRuntime();
      await runtime.close();
      console.log('Database schema is up to date.');
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { customers: { type: 'string' }, seed: { type: 'string' } } });
      const customers = values.customers === undefined ? 5000 : positiveInteger(values.customers, '--customers');
      const seed = values.seed === undefined ? 1 : positiveInteger(values.seed, '--seed');
      const runtime = await openRuntime();
      try {
        const started = Date.now();
        // \x1b[K clears what a longer previous progress line left on the terminal.
        const summary = await seedDemo(runtime.deps, { customers, seed, onProgress: (line) => process.stderr.write(`\r${line}\x1b[K`) });
        process.stderr.write('\n');
        console.log(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }, null, 2));
        console.error(demoLogins());
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'skip-errors': { type: 'boolean' } } });
      const [kind, file] = positionals;
      if ((kind !== 'products' && kind !== 'stock') || !file) {
        console.error('Usage: passerelle import <products|stock> <file.csv> [--skip-errors]');
        return 2;
      }
      const runtime = await openRuntime();
      try {
        const importFile = kind === 'stock' ? importStockFile : importProductsFile;
        return await importFile(runtime.deps, file, { skipErrors: values['skip-errors'] ?? false });
      } finally {
        await runtime.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function start(): Promise<number> {
  await ensureWebBuilt((message) => console.log(message));
  const runtime = await openRuntime();
  const { deps } = runtime;
  if (deps.config.seedDemo && !(await isDemoLoaded(deps))) {
    deps.log.info({ customers: deps.config.demoCustomers }, 'first start: loading the StyleNow demo');
    await seedDemo(deps, { customers: deps.config.demoCustomers, seed: 1 });
  }
  const server = await startServer(runtime);
  const base = deps.config.publicUrl;
  console.log(
    [
      '',
      `Passerelle is running on ${base}`,
      `  Console       ${base}/console/`,
      `  Shop          ${base}/shop/`,
      `  Associate app ${base}/associate/`,
      `  Mirror        ${base}/mirror/?store=sto_lyonrepublique`,
      `  API docs      ${base}/docs`,
      `  OpenAPI       ${base}/openapi.json`,
      `  Health        ${base}/health`,
      `  Metrics       ${base}/metrics`,
      `  Database      ${deps.database.dialect === 'sqlite' ? deps.database.file : 'PostgreSQL (DATABASE_URL)'}`,
      '',
      demoLogins(),
      '',
    ].join('\n'),
  );
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    deps.log.info({ signal }, 'shutting down: finishing requests in flight');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        deps.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return -1;
}

/** What a newcomer needs to try the demo: logins and the write keys of its sources. */
function demoLogins(): string {
  return [
    `Demo logins (StyleNow), password "${DEMO_PASSWORD}":`,
    `  staff: ${DEMO_STAFF.map((staff) => staff.email + (staff.role === 'associate' ? ' (associate, Lyon Part-Dieu)' : '')).join(' · ')}`,
    `  customers: ${Object.values(DEMO_CUSTOMERS).map((customer) => customer.email).join(' · ')}`,
    `  write keys: ${DEMO_SOURCES.map((source) => source.writeKey).join(' · ')}`,
  ].join('\n');
}

function positiveInteger(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
