/**
 * How long OPNsense's `stop` may take, from the plugin's stop settings (docs/opnsense.md §2): configd runs
 * `rc-wrapper.sh stop; killall haproxy` and answers only after both. The rc stop signals the
 * pidfile PID and waits for it to exit: SIGTERM in hard mode (gone in well under a second),
 * SIGUSR1 with Graceful stop on, where the process first lets its open connections finish, up
 * to `hard-stop-after`, for ever when that is empty. configd ends an action after about 120 s.
 */
import type { StopSettings } from './model.ts';

/** What the panel promises for a hard stop ("a few seconds"): SIGTERM, wait, killall. */
export const HARD_STOP_EXPECTED_MS = 5_000;
/** configd's limit for one action: an unbounded graceful stop is cut off there. */
export const CONFIGD_ACTION_LIMIT_MS = 120_000;
/**
 * Added to the expected duration before a stop counts as overdue: rc.subr's `wait_for_pids`
 * looks every 2 s, killall and configd's own queue come after the drain.
 */
export const STOP_MARGIN_MS = 10_000;
/** The client's normal per-request limit; a stop request never gets less. */
export const MIN_STOP_REQUEST_MS = 15_000;

export type StopBound =
  /** Graceful stop off: SIGTERM. */
  | 'hard'
  /** Graceful stop on, bounded by `hard-stop-after`. */
  | 'hard-stop-after'
  /** Graceful stop on and no `hard-stop-after`: only configd's limit ends it. */
  | 'none'
  /** The stop settings could not be read: assume the longest. */
  | 'unknown';

export interface StopDuration {
  readonly bound: StopBound;
  /** The longest the stop should take, ms. */
  readonly expectedMs: number;
  /** How long the stop request may stay unanswered before it counts as lost, ms. */
  readonly requestLimitMs: number;
}

export function stopDuration(settings: StopSettings | null): StopDuration {
  const of = (bound: StopBound, expectedMs: number): StopDuration => ({
    bound,
    expectedMs,
    requestLimitMs: Math.max(MIN_STOP_REQUEST_MS, expectedMs + STOP_MARGIN_MS),
  });
  if (settings === null) return of('unknown', CONFIGD_ACTION_LIMIT_MS);
  // Seamless reload implies Graceful stop in the plugin's form; read alone it may not, and then
  // the stop is hard and merely faster than promised here.
  if (settings.mode === 'hard') return of('hard', HARD_STOP_EXPECTED_MS);
  if (settings.hardStopAfterMs === null) return of('none', CONFIGD_ACTION_LIMIT_MS);
  // A drain longer than configd's limit is cut off by configd all the same.
  return of('hard-stop-after', Math.min(settings.hardStopAfterMs, CONFIGD_ACTION_LIMIT_MS));
}
