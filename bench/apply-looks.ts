/**
 * Splits the extension's requests of one Apply into the baseline (read at the click, before the
 * reload) and the looks after it, so the calls of the look that decided the verdict are counted
 * apart from the rest. Pure: it reads the request log's entries only.
 */
import { byEndpoint, type LoggedRequest } from '../test/e2e/support/request-log.ts';

/**
 * One look's calls go out together (`Promise.all` in the observation loop) and the next look
 * starts only after all of them answered, at least 250 ms later (its shortest polling delay).
 * The stand-in parses one request at a time, so a look's calls may reach it one after the
 * other: a request that starts within this gap of the previous one's answer is the same look.
 */
const SAME_LOOK_GAP_MS = 150;

export interface LookCalls {
  readonly total: number;
  readonly byEndpoint: Record<string, number>;
}

export interface ApplyLooks {
  /** Sent before the page's reconfigure request reached the firewall: the baseline. */
  readonly baseline: LookCalls;
  /** Looks after the reload, in order; the last one decided the final verdict. */
  readonly looks: LookCalls[];
}

const callsOf = (requests: readonly LoggedRequest[]): LookCalls => ({
  total: requests.length,
  byEndpoint: byEndpoint(requests),
});

/** `requests`: the extension's, from the click to the final verdict; `reloadAt`: reconfigure's start. */
export function splitApplyLooks(requests: readonly LoggedRequest[], reloadAt: number): ApplyLooks {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const before = sorted.filter((r) => r.start < reloadAt);
  const after = sorted.filter((r) => r.start >= reloadAt);
  const looks: LoggedRequest[][] = [];
  let lastEnd = -Infinity;
  for (const request of after) {
    const current = looks[looks.length - 1];
    if (current && request.start <= lastEnd + SAME_LOOK_GAP_MS) current.push(request);
    else looks.push([request]);
    lastEnd = Math.max(lastEnd, request.end ?? request.start);
  }
  return { baseline: callsOf(before), looks: looks.map(callsOf) };
}
