/**
 * A sliding-window limit per key, shared by the background (new checks per tab) and the content
 * script (page outcomes per step).
 *
 * How many new checks one tab may start. Every check reads the firewall (the process list alone
 * makes `top` sample for 1–2 s there), and only clicks of the admin start one; a burst beyond
 * what a person clicks is refused, so nothing on a page can turn the extension into a load
 * generator against the firewall. Kept in memory: a restart of the background starts afresh.
 */

/** At most this many new checks per tab… */
export const CHECKS_PER_WINDOW = 8;
/** …in any window of this length. An Apply takes seconds (configtest, reconfigure, reload). */
export const CHECK_WINDOW_MS = 60_000;

export interface RateLimiter<Key> {
  /** Records an attempt for `key`; false when it is over the limit (and is then not counted). */
  tryAcquire(key: Key): boolean;
  /** Drops everything kept for `key` (its tab was closed). */
  forget(key: Key): void;
}

export function createRateLimiter<Key>({
  limit = CHECKS_PER_WINDOW,
  windowMs = CHECK_WINDOW_MS,
  now,
}: {
  limit?: number;
  windowMs?: number;
  now: () => number;
}): RateLimiter<Key> {
  const attempts = new Map<Key, number[]>();
  return {
    tryAcquire(key) {
      const at = now();
      // A sliding window: only attempts younger than `windowMs` count.
      const recent = (attempts.get(key) ?? []).filter((time) => at - time < windowMs);
      if (recent.length >= limit) {
        attempts.set(key, recent);
        return false;
      }
      recent.push(at);
      attempts.set(key, recent);
      return true;
    },
    forget(key) {
      attempts.delete(key);
    },
  };
}
