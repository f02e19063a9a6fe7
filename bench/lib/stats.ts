export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Exact percentiles (nearest rank) of response times in milliseconds. Autocannon's own histogram
 * keeps whole milliseconds and, under a rate limit, adds coordinated-omission samples computed from
 * a 1 ms interval, both too coarse for sub-millisecond routes; the raw times are kept instead.
 */
export function latencySummary(samples: Float64Array): LatencyMs {
  if (samples.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] as number), mean: round(sum / sorted.length) };
}

/** Three significant digits are all a benchmark on a shared machine can vouch for. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 4)));
}

/** A growable buffer of numbers that never holds more than `limit` of them. */
export class Samples {
  private buffer = new Float64Array(4096);
  length = 0;
  constructor(private readonly limit: number) {}
  push(value: number): void {
    if (this.length >= this.limit) return;
    if (this.length === this.buffer.length) {
      const bigger = new Float64Array(Math.min(this.limit, this.buffer.length * 2));
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }
  values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}
