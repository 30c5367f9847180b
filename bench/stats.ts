/** Summaries of repeated measurements: medians with their spread, nothing fancier. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p10: number;
  readonly p90: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" quantile). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (position - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
  };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `12.3 (11.0–14.2)`: median, then min–max, in the unit given. */
export function fmt(summary: Summary, unit = '', digits = 1): string {
  if (summary.n === 0) return 'n/a';
  const v = (x: number) => `${round(x, digits).toFixed(digits)}${unit}`;
  if (summary.n === 1 || summary.min === summary.max) return v(summary.median);
  return `${v(summary.median)} (${v(summary.min)}–${v(summary.max)})`;
}
