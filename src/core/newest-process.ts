/**
 * Which haproxy process is the newest, as `statistics/info` names it: its PID and when it started.
 * A HAProxy page opened shortly after a look compares the two with one call to tell whether a
 * reload happened meanwhile (docs/opnsense.md §4).
 */
import type { CurrentProcessInfo } from './model.ts';

export interface NewestProcess {
  readonly pid: number;
  /** Epoch ms, on the browser's clock: the answer's time minus `Uptime_sec` (whole seconds). */
  readonly startedAt: number;
}

/**
 * How far two readings of one process's start may differ. `Uptime_sec` is whole seconds (up to
 * 1 s each side), and a look dates its answer when its slowest call ends, after the process list
 * (1–2 s on a real firewall, docs/opnsense.md §4): a few seconds. Every reload starts a new
 * process with a new PID (§2), so the start only guards against a PID used again.
 */
export const START_TOLERANCE_MS = 5_000;

/** The newest process an answer names, dated on `answeredAt`; null for none (socket missing). */
export function newestProcessOf(
  info: CurrentProcessInfo | null,
  answeredAt: number,
): NewestProcess | null {
  if (info === null) return null;
  return { pid: info.pid, startedAt: answeredAt - info.uptimeSeconds * 1000 };
}

/** Whether two readings name the same process; two "none" are the same. Pure. */
export function sameNewestProcess(
  a: NewestProcess | null,
  b: NewestProcess | null,
  toleranceMs = START_TOLERANCE_MS,
): boolean {
  if (a === null || b === null) return a === b;
  return a.pid === b.pid && Math.abs(a.startedAt - b.startedAt) <= toleranceMs;
}
