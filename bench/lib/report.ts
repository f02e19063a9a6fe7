import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadFigures } from './load.js';
import type { LatencyMs } from './stats.js';
import { round } from './stats.js';

export interface Ceiling {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time per request of the bare route. */
  cpuUsPerRequest: number | undefined;
}

export interface HttpResult {
  name: string;
  kind: 'http';
  parameters: Record<string, unknown>;
  requestsPerSec: number;
  latencyMs: LatencyMs;
  /** Seconds the load actually lasted (the paced lanes start up to one second apart). */
  durationS: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Server CPU time per answered request: steadier than wall-clock figures on a shared machine. */
  serverCpuUsPerRequest: number | undefined;
  serverRssMb: number | undefined;
  loadGeneratorCpuPct: number;
  ceiling: Ceiling;
  /**
   * requestsPerSec / ceiling.requestsPerSec, latencyMs.p99 / ceiling.p99Ms, and
   * serverCpuUsPerRequest / ceiling.cpuUsPerRequest (how many bare requests one request costs).
   */
  ratioToCeiling: { requestsPerSec: number; p99: number; cpuPerRequest: number | undefined };
  target?: { p99Ms: number; rate?: number };
  met?: boolean;
  notes?: string[];
  /** Extra measurements of that benchmark (e.g. search timings per kind of query). */
  details?: unknown;
}

export interface DbResult {
  name: string;
  kind: 'db';
  parameters: Record<string, unknown>;
  seconds: number;
  rowsPerSec: number;
  errors: number;
  ceiling: { name: string; opsPerSec: number };
  /** rowsPerSec / ceiling.opsPerSec. */
  ratioToCeiling: { throughput: number };
  details?: unknown;
  notes?: string[];
}

/** A reservation run: POSTs that each try to hold one unit, and what the database holds afterwards. */
export interface ReservationResult {
  name: string;
  kind: 'reservations';
  parameters: Record<string, unknown>;
  /** 201 answers per second: holds made. */
  reservationsPerSec: number;
  /** Every answer per second, 201 and 409 alike. */
  requestsPerSec: number;
  /** Response times of the 201 answers. */
  latencyMs: LatencyMs;
  durationS: number;
  requests: number;
  /** 201: held. */
  created: number;
  /** 409 inventory.insufficient_stock: refused, nothing held. */
  refused: number;
  /** Answers other than 201 and 409, plus requests with no answer at all. */
  unexpected: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  serverCpuUsPerRequest: number | undefined;
  serverRssMb: number | undefined;
  loadGeneratorCpuPct: number;
  /** Items of this run whose holds exceed their units, counted in the database after the run: must be 0. */
  oversold: number;
  /** The database check of this run's items (see bench/reservations/check.ts). */
  check: {
    items: number;
    holds: number;
    unitsHeld: number;
    oversold: number;
    unitsOversold: number;
    reservedMismatches: number;
    soldOut: number;
    /** Hold rows in the database = 201 answers given for these items. */
    holdsMatchAnswers: boolean;
  };
  ceiling: {
    /** The bare Fastify route under the same load (POSTs of the same bodies, same connections), just before. */
    http: Ceiling;
    /** Bare better-sqlite3 loops on a copy of the same database, one transaction per reservation. */
    sqlite: { conditionalUpdatePerSec: number; reservationPerSec: number };
  };
  /**
   * requestsPerSec / bare Fastify requestsPerSec; latencyMs.p99 / its p99; CPU per request / its CPU per
   * request; reservationsPerSec / the bare conditional UPDATE loop and / the bare UPDATE + INSERT loop.
   */
  ratioToCeiling: { requestsPerSec: number; p99: number; cpuPerRequest: number | undefined; sqliteConditionalUpdate: number; sqliteReservation: number };
  target?: { reservationsPerSec: number; oversold: 0 };
  met?: boolean;
  notes?: string[];
}

export interface SkippedResult {
  name: string;
  kind: 'skipped';
  parameters: Record<string, unknown>;
  skipped: string;
}

export type BenchResult = HttpResult | DbResult | ReservationResult | SkippedResult;

export function httpResult(input: {
  name: string;
  parameters: Record<string, unknown>;
  figures: LoadFigures;
  ceiling: Ceiling;
  serverCpuUs?: number;
  serverRssBytes?: number;
  target?: { p99Ms: number; rate?: number };
  notes?: string[];
}): HttpResult {
  const { figures, ceiling, target } = input;
  const answered = figures.requests;
  const cpuUsPerRequest = input.serverCpuUs === undefined || answered === 0 ? undefined : round(input.serverCpuUs / answered);
  const result: HttpResult = {
    name: input.name,
    kind: 'http',
    parameters: input.parameters,
    requestsPerSec: figures.requestsPerSec,
    latencyMs: figures.latencyMs,
    durationS: figures.durationS,
    requests: answered,
    errors: figures.errors,
    timeouts: figures.timeouts,
    non2xx: figures.non2xx,
    serverCpuUsPerRequest: cpuUsPerRequest,
    serverRssMb: input.serverRssBytes === undefined ? undefined : round(input.serverRssBytes / 1024 / 1024),
    loadGeneratorCpuPct: figures.loadGeneratorCpuPct,
    ceiling,
    ratioToCeiling: {
      requestsPerSec: ratio(figures.requestsPerSec, ceiling.requestsPerSec),
      p99: ratio(figures.latencyMs.p99, ceiling.p99Ms),
      cpuPerRequest: cpuUsPerRequest === undefined || ceiling.cpuUsPerRequest === undefined ? undefined : ratio(cpuUsPerRequest, ceiling.cpuUsPerRequest),
    },
    ...(input.notes && input.notes.length > 0 ? { notes: input.notes } : {}),
  };
  if (target) {
    result.target = target;
    // Met: p99 under target, every request answered 2xx, and (paced runs) the rate actually kept.
    const kept = target.rate === undefined || figures.requestsPerSec >= target.rate * 0.95;
    result.met = figures.latencyMs.p99 < target.p99Ms && figures.errors === 0 && figures.non2xx === 0 && kept && answered > 0;
  }
  return result;
}

export function ratio(value: number, ceiling: number): number {
  return ceiling > 0 ? round(value / ceiling) : 0;
}

/** The machine, read at the start of the run (the load average then says how busy it already was). */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map(round),
  };
}

export function gitInfo(cwd: string): { commit: string | null; dirty: boolean | null } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
  let commit: string | null = null;
  let dirty: boolean | null = null;
  try {
    commit = git('rev-parse', 'HEAD');
    dirty = git('status', '--porcelain', '--untracked-files=no').length > 0;
  } catch {
    // not a git checkout, or git missing: the figures are still worth writing
  }
  return { commit, dirty };
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/latest.json`; returns the first path. */
export function writeReport(dir: string, report: { startedAt: string }): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}

/** The results as a table for the terminal; the JSON holds everything else. */
export function summaryTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'err', 'non2xx', 'cpu µs/req', '× ceil rps', '× ceil p99', '× ceil cpu', 'target'];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.kind === 'skipped') {
      rows.push([result.name, `skipped: ${result.skipped.replace(/\s+/g, ' ').slice(0, 110)}`]);
    } else if (result.kind === 'http') {
      const l = result.latencyMs;
      const target = result.target ? `${result.met ? 'met' : 'MISSED'} (p99<${result.target.p99Ms}${result.target.rate ? ` @${result.target.rate}` : ''})` : '';
      rows.push([
        result.name,
        fmt(result.requestsPerSec, 0),
        fmt(l.p50),
        fmt(l.p90),
        fmt(l.p99),
        fmt(l.max),
        String(result.errors),
        String(result.non2xx),
        result.serverCpuUsPerRequest === undefined ? '' : fmt(result.serverCpuUsPerRequest, 0),
        fmt(result.ratioToCeiling.requestsPerSec),
        fmt(result.ratioToCeiling.p99),
        result.ratioToCeiling.cpuPerRequest === undefined ? '' : fmt(result.ratioToCeiling.cpuPerRequest),
        target,
      ]);
    } else if (result.kind === 'reservations') {
      const l = result.latencyMs;
      const target = result.target ? `${result.met ? 'met' : 'MISSED'} (≥${result.target.reservationsPerSec} held/s, oversold ${result.oversold})` : `oversold ${result.oversold}`;
      rows.push([
        result.name,
        fmt(result.requestsPerSec, 0),
        fmt(l.p50),
        fmt(l.p90),
        fmt(l.p99),
        fmt(l.max),
        String(result.errors + result.timeouts),
        String(result.requests - result.created),
        result.serverCpuUsPerRequest === undefined ? '' : fmt(result.serverCpuUsPerRequest, 0),
        fmt(result.ratioToCeiling.requestsPerSec),
        fmt(result.ratioToCeiling.p99),
        result.ratioToCeiling.cpuPerRequest === undefined ? '' : fmt(result.ratioToCeiling.cpuPerRequest),
        target,
      ]);
    } else {
      rows.push([result.name, `${fmt(result.rowsPerSec, 0)} rows/s in ${fmt(result.seconds, 1)} s, ${fmt(result.ratioToCeiling.throughput)} × ${result.ceiling.name}`]);
    }
  }
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.filter((row) => row.length > 2).map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.length <= 2 ? `${(cells[0] ?? '').padEnd(widths[0] ?? 0)}  ${cells[1] ?? ''}` : cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function fmt(value: number, decimals?: number): string {
  if (decimals !== undefined) return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
  return String(round(value));
}
