/**
 * The watch interval as typed in the options page's number field. A number input hands over its
 * text (`''` for what the browser could not read as a number, `15.5` as typed), so the parser takes
 * a string and says what is wrong with it; the bounds are the stored setting's own.
 */
import {
  MAX_WATCH_INTERVAL_MINUTES,
  MIN_WATCH_INTERVAL_MINUTES,
  parseWatchInterval,
} from '../shared/options-storage.ts';

export type IntervalProblem = 'empty' | 'not-a-number' | 'not-whole' | 'too-short' | 'too-long';

export type IntervalInput =
  | { readonly ok: true; readonly minutes: number }
  | { readonly ok: false; readonly problem: IntervalProblem };

// Decimal notation only, as a number input produces it (`1e3` included); not `0x1f` or `Infinity`.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseIntervalInput(text: string): IntervalInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (!DECIMAL.test(trimmed)) return { ok: false, problem: 'not-a-number' };
  const value = Number(trimmed);
  if (value < MIN_WATCH_INTERVAL_MINUTES) return { ok: false, problem: 'too-short' };
  if (value > MAX_WATCH_INTERVAL_MINUTES) return { ok: false, problem: 'too-long' };
  if (!Number.isInteger(value)) return { ok: false, problem: 'not-whole' };
  const minutes = parseWatchInterval(value);
  return minutes === null ? { ok: false, problem: 'not-whole' } : { ok: true, minutes };
}
