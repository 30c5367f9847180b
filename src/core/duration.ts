/**
 * HAProxy's time format (`hard-stop-after 60s`): an integer with an optional unit. HAProxy itself
 * accepts no sign, no fraction, no space before the unit and only lower-case units, so neither do
 * we: a value HAProxy would refuse never reached a running process.
 */

const DURATION = /^(\d+)(us|ms|s|m|h|d)?$/;

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

// Far longer than any real duration; keeps a hostile megabyte string away from the regex.
const MAX_TEXT_LENGTH = 64;

/**
 * Milliseconds for a HAProxy duration such as `60s`, `2m`, `1500` (a bare number is ms) or
 * `500us` (rounded up to whole ms); a number is taken as ms. null for empty, negative or garbage
 * input. Never throws.
 */
export function parseHaproxyDurationMs(text: unknown): number | null {
  if (typeof text === 'number') {
    return Number.isFinite(text) && text >= 0 ? asSafeMs(Math.ceil(text)) : null;
  }
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) return null;
  const match = DURATION.exec(text.trim());
  const digits = match?.[1];
  if (digits === undefined) return null;
  const value = Number(digits);
  const unit = match?.[2] ?? 'ms';
  if (unit === 'us') return asSafeMs(Math.ceil(value / 1_000));
  const factor = UNIT_MS.get(unit);
  return factor === undefined ? null : asSafeMs(value * factor);
}

function asSafeMs(ms: number): number | null {
  // `+ 0` turns an input of -0 into a plain 0.
  return Number.isSafeInteger(ms) ? ms + 0 : null;
}
