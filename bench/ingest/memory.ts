import { round } from './load.js';
import type { Usage } from './processes.js';

/**
 * The soak's memory criterion. The server's `process.memoryUsage()` is sampled every second (over
 * IPC; no `--expose-gc`); each 10 s window keeps its last RSS and its lowest `heapUsed` (the heap
 * floor: the lowest sample of a window is taken shortly after a collection, so the floor follows
 * live data rather than garbage). Over the last half of the run (the last 5 minutes of 10), memory
 * is flat when both hold:
 * - RSS: (max − min) / mean ≤ 5 %;
 * - heap floor: least-squares slope < 1 MB a minute (a leak that slow is 1.4 GB a day, and it
 *   shows in 5 minutes of floors that otherwise wander by a few MB).
 * The first half is warm-up: SQLite's page cache (64 MB), V8's JIT and the statement caches fill.
 */
export const RSS_SPREAD_MAX = 0.05;
export const HEAP_SLOPE_MAX_MB_PER_MIN = 1;

export interface MemoryWindow {
  atS: number;
  rssMb: number;
  heapFloorMb: number;
  heapMaxMb: number;
  externalMb: number;
}

export interface MemorySummary {
  windows: MemoryWindow[];
  criterion: string;
  lastHalf: {
    fromS: number;
    rssMinMb: number;
    rssMaxMb: number;
    rssMeanMb: number;
    rssSpread: number;
    rssSlopeMbPerMin: number;
    heapFloorSlopeMbPerMin: number;
    heapFloorMinMb: number;
    heapFloorMaxMb: number;
  };
  firstHalf: { rssStartMb: number; rssEndMb: number; heapFloorStartMb: number; heapFloorEndMb: number };
  flat: boolean;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function summariseMemory(samples: { atS: number; usage: Usage }[], windowS = 10): MemorySummary {
  const byWindow = new Map<number, { atS: number; usage: Usage }[]>();
  for (const sample of samples) {
    const w = Math.floor(sample.atS / windowS);
    byWindow.set(w, [...(byWindow.get(w) ?? []), sample]);
  }
  const windows: MemoryWindow[] = [...byWindow.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([w, xs]) => ({
      atS: (w + 1) * windowS,
      rssMb: round(mb(xs[xs.length - 1]!.usage.rssBytes)),
      heapFloorMb: round(mb(Math.min(...xs.map((x) => x.usage.heapUsedBytes)))),
      heapMaxMb: round(mb(Math.max(...xs.map((x) => x.usage.heapUsedBytes)))),
      externalMb: round(mb(xs[xs.length - 1]!.usage.externalBytes)),
    }));
  const endS = windows.length > 0 ? windows[windows.length - 1]!.atS : 0;
  const fromS = endS / 2;
  const last = windows.filter((w) => w.atS > fromS);
  const first = windows.filter((w) => w.atS <= fromS);
  const rss = last.map((w) => w.rssMb);
  const rssMean = rss.reduce((s, x) => s + x, 0) / Math.max(1, rss.length);
  const rssSpread = rss.length > 0 ? (Math.max(...rss) - Math.min(...rss)) / rssMean : 0;
  const rssSlope = slope(last.map((w) => [w.atS / 60, w.rssMb]));
  const heapSlope = slope(last.map((w) => [w.atS / 60, w.heapFloorMb]));
  const floors = last.map((w) => w.heapFloorMb);
  return {
    windows,
    criterion: `last half of the run: RSS (max - min) / mean <= ${RSS_SPREAD_MAX * 100} % and heap floor slope < ${HEAP_SLOPE_MAX_MB_PER_MIN} MB/min`,
    lastHalf: {
      fromS,
      rssMinMb: round(Math.min(...rss)),
      rssMaxMb: round(Math.max(...rss)),
      rssMeanMb: round(rssMean),
      rssSpread: round(rssSpread),
      rssSlopeMbPerMin: round(rssSlope),
      heapFloorSlopeMbPerMin: round(heapSlope),
      heapFloorMinMb: round(Math.min(...floors)),
      heapFloorMaxMb: round(Math.max(...floors)),
    },
    firstHalf: {
      rssStartMb: first[0]?.rssMb ?? 0,
      rssEndMb: first[first.length - 1]?.rssMb ?? 0,
      heapFloorStartMb: first[0]?.heapFloorMb ?? 0,
      heapFloorEndMb: first[first.length - 1]?.heapFloorMb ?? 0,
    },
    flat: rss.length >= 2 && rssSpread <= RSS_SPREAD_MAX && heapSlope < HEAP_SLOPE_MAX_MB_PER_MIN,
  };
}
