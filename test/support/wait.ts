/**
 * Polling for the tests, the sim and the bench: one `waitFor`, so nothing waits a fixed time and
 * every timeout says what it waited for and what it saw last.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions<T, Accepted extends T = T> {
  /** What is awaited, in words; the timeout error reads "timed out after N ms waiting for <what>". */
  readonly what: string;
  readonly timeoutMs: number;
  /** The pause between two probes (100 ms unless given); never slept past the deadline. */
  readonly intervalMs?: number;
  /** Whether the probed value is the awaited one; unless given, any truthy value is. */
  readonly until?: ((value: T) => value is Accepted) | ((value: T) => boolean);
}

/** The error of a wait that ran out of time, with the last value or error the probe gave. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

const DEFAULT_INTERVAL_MS = 100;

/**
 * Probes until the value is accepted and returns that value. A probe that throws counts as "not
 * yet" (a page changing process, a worker restarting); its error is named if time runs out.
 */
export async function waitFor<T, Accepted extends T = T>(
  probe: () => T | Promise<T>,
  options: WaitOptions<T, Accepted>,
): Promise<Accepted> {
  const { what, timeoutMs, intervalMs = DEFAULT_INTERVAL_MS, until = Boolean } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { readonly value: T } | { readonly error: unknown } | undefined;
  // Set once a sleep reaches the deadline: the probe after it is the last, even when the timer
  // woke a millisecond before Date.now() says the deadline came (failed once in CI: 3 probes).
  let sleptToDeadline = false;
  for (;;) {
    try {
      const value = await probe();
      if (until(value)) return value as Accepted;
      last = { value };
    } catch (error) {
      last = { error };
    }
    const left = deadline - Date.now();
    if (left <= 0 || sleptToDeadline) {
      throw new WaitTimeoutError(
        `timed out after ${timeoutMs} ms waiting for ${what}${seen(last)}`,
      );
    }
    sleptToDeadline = left <= intervalMs;
    await delay(Math.min(intervalMs, left));
  }
}

/** Whether `condition` came to hold in time, for waits whose timeout is an answer, not a failure. */
export async function heldWithin(
  condition: () => boolean | Promise<boolean>,
  options: Omit<WaitOptions<boolean>, 'until'>,
): Promise<boolean> {
  try {
    await waitFor(condition, options);
    return true;
  } catch (error) {
    if (error instanceof WaitTimeoutError) return false;
    throw error;
  }
}

function seen(last: { readonly value: unknown } | { readonly error: unknown } | undefined): string {
  if (last === undefined) return '';
  if ('error' in last) {
    return `; last error: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  }
  return `; last value: ${shown(last.value)}`;
}

function shown(value: unknown): string {
  // These have no JSON: stringify would answer undefined.
  if (value === undefined) return 'undefined';
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  try {
    return JSON.stringify(value);
  } catch {
    return '(a value with no JSON, such as a browser handle)';
  }
}
