/** Polls a condition until it holds or a deadline passes: the sim never sleeps a fixed time. */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/** Resolves true as soon as `condition` holds, false when the deadline passed first. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs = 25 }: WaitOptions,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await delay(intervalMs);
  }
}

/** Like waitUntil, but throws `message` when the deadline passes. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  message: string,
  options: WaitOptions,
): Promise<void> {
  if (!(await waitUntil(condition, options))) {
    throw new Error(`timed out after ${options.timeoutMs} ms: ${message}`);
  }
}
