/**
 * Wraps a firewall fetch so that a request that got no answer rejects with a TransportFailure
 * naming why (certificate or unreachable), learnt from the browser's network error.
 */
import type { FirewallFetch } from '../../opnsense/client.ts';
import { TransportFailure, classifyNetError } from '../../opnsense/transport-failure.ts';
import type { Timers } from '../../shared/timers.ts';
import { watchNetErrors, type ErrorEventSource } from './net-error-log.ts';

/**
 * How long to wait for the browser's error event after fetch rejected. Measured in Chromium 156
 * and Firefox ESR 153: it arrives within a few milliseconds; this bound only matters when the
 * event never comes (no host permission, or a browser that does not report the request).
 */
export const NET_ERROR_WAIT_MS = 1_000;

export function withNetErrorDiagnosis(
  base: FirewallFetch,
  source: ErrorEventSource | null,
  setTimer: Timers['setTimer'],
): FirewallFetch {
  return async (url, init) => {
    const watch = source === null ? null : watchNetErrors(source, url, setTimer);
    try {
      return await base(url, init);
    } catch (error) {
      // The caller's abort or timeout stays what it is: the client reports those itself.
      if (init.signal?.aborted === true) throw error;
      const netError = watch === null ? null : await watch.errorFor(NET_ERROR_WAIT_MS);
      throw new TransportFailure(classifyNetError(netError), netError);
    } finally {
      watch?.stop();
    }
  };
}
