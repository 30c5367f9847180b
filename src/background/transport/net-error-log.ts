/**
 * Learns why a request to a firewall failed. `fetch` rejects with the same bare TypeError for a
 * refused connection and for an untrusted certificate; `webRequest.onErrorOccurred` names the
 * network error (`net::ERR_CERT_AUTHORITY_INVALID`, `SEC_ERROR_UNKNOWN_ISSUER`, …). The listener
 * is added only while a request is under way, so page loads on the firewall never wake the
 * background for it.
 */
import type { Timers } from '../../shared/timers.ts';

export interface ErrorEventDetails {
  readonly url: string;
  readonly error: string;
}

export interface ErrorEventSource {
  addListener(listener: (details: ErrorEventDetails) => void, filter: { urls: string[] }): void;
  removeListener(listener: (details: ErrorEventDetails) => void): void;
}

export interface NetErrorWatch {
  /** The error the browser reported for this URL, waiting up to `waitMs` for it to arrive. */
  errorFor(waitMs: number): Promise<string | null>;
  stop(): void;
}

/**
 * Starts listening for errors of requests to `url` before the request is sent. The browser's
 * event and fetch's rejection travel separately (and in Chromium from another process), so the
 * event may come a little after the rejection: `errorFor` waits for it, bounded.
 */
export function watchNetErrors(
  source: ErrorEventSource,
  url: string,
  setTimer: Timers['setTimer'],
): NetErrorWatch {
  let seen: string | null = null;
  let notify: (() => void) | null = null;
  const listener = (details: ErrorEventDetails) => {
    if (details.url !== url) return;
    seen = details.error;
    notify?.();
  };
  // The filter names the host without a port: Firefox rejects match patterns that carry one.
  const parsed = new URL(url);
  source.addListener(listener, { urls: [`${parsed.protocol}//${parsed.hostname}/*`] });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    source.removeListener(listener);
  };
  return {
    errorFor(waitMs) {
      if (seen !== null) return Promise.resolve(seen);
      return new Promise((resolve) => {
        notify = () => {
          resolve(seen);
        };
        setTimer(() => {
          resolve(seen);
        }, waitMs);
      });
    },
    stop,
  };
}
