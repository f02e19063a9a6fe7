/**
 * The journey engine's benchmarks in `npm run bench` (`--only journeys,timers`): event → first
 * message decided, and 1,000,000 journey timers (bench/journeys/). They run their own servers and
 * ceilings (a bare pipeline of the same shape, a bare SQLite claim-and-update loop), measured in the
 * same run; standalone: `node --import tsx bench/journeys/run.ts`.
 */
import type { Log } from './http.js';
import type { BenchName, RunOptions } from '../lib/options.js';
import type { BenchResult } from '../lib/report.js';
import { JOURNEY_BENCHES, journeyBenchOptions, runJourneyBenches, type JourneyBenchName } from '../journeys/run.js';
import { TIMER_TARGET } from '../journeys/timers.js';

const isJourneyBench = (name: BenchName): name is BenchName & JourneyBenchName => (JOURNEY_BENCHES as readonly string[]).includes(name);

export async function runJourneysBench(options: RunOptions, log: Log): Promise<BenchResult[]> {
  const only = [...options.only].filter(isJourneyBench);
  if (only.length === 0) return [];
  try {
    return await runJourneyBenches(journeyBenchOptions({ quick: options.quick, only, 'log-level': options.logLevel, 'keep-data': options.keepData }), log);
  } catch (error) {
    const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
    log(`journeys: ${reason}`);
    return [{ name: only.join(', '), kind: 'skipped', parameters: { benches: only }, skipped: reason }];
  }
}

/** The timers' verdict (event → decision results are http results: the summary already gives theirs). */
export function journeyVerdicts(results: readonly BenchResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.kind !== 'db' || !result.name.startsWith('timers') || !('met' in result)) continue;
    const window = (result.details as { window: { lagMs: { p50: number; p99: number; max: number }; firesPerSec: number } }).window;
    lines.push(
      `${result.met ? 'MET   ' : 'MISSED'} ${result.name}: lag p50 ${window.lagMs.p50} / p99 ${window.lagMs.p99} / max ${window.lagMs.max} ms (target ≤ ${TIMER_TARGET.lagMs} ms) at ${window.firesPerSec} fires/s (target ≥ ${TIMER_TARGET.firesPerSec}); backlog drained at ${result.rowsPerSec}/s`,
    );
  }
  return lines;
}
