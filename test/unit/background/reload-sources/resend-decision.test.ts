/**
 * One followed reload's next step from its requests' ends: the dashboard widget's timed-out
 * requests and their re-sends (docs/opnsense.md §8) are one restart, looked at once, never a
 * failure.
 */
import { describe, expect, it } from 'vitest';
import {
  abortedByPage,
  nextReloadStep,
  RESEND_WAIT_MS,
  type ReloadStep,
  type RequestEnd,
} from '../../../../src/background/reload-sources/resend-decision.ts';

const timedOut: RequestEnd = { kind: 'failed', aborted: true };
const lost: RequestEnd = { kind: 'failed', aborted: false };
const answered = (status: number): RequestEnd => ({ kind: 'answered', status });

const wait: ReloadStep = { kind: 'wait' };
const waitForResend: ReloadStep = { kind: 'wait-for-resend', ms: RESEND_WAIT_MS };
const look: ReloadStep = { kind: 'look' };
const ok = (status: number): ReloadStep => ({ kind: 'outcome', ok: true, status });
const failed = (status: number): ReloadStep => ({ kind: 'outcome', ok: false, status });

describe('nextReloadStep', () => {
  it.each<[string, number, RequestEnd[], boolean, ReloadStep]>([
    ['nothing ended yet', 1, [], false, wait],
    ['a re-send is still out after a timeout', 1, [timedOut], false, wait],
    ['the re-send was reported before the timeout it follows', 1, [timedOut], true, wait],
    ['one answer, nothing else out', 0, [answered(200)], false, ok(200)],
    ['one error answer', 0, [answered(403)], false, failed(403)],
    ['one request lost with the connection: no re-send follows', 0, [lost], false, look],
    ['a timeout, maybe re-sent: wait for it', 0, [timedOut], false, waitForResend],
    ['a timeout and no re-send came', 0, [timedOut], true, look],
    ['a timeout, then its re-send answered', 0, [timedOut, answered(200)], false, ok(200)],
    [
      'three timeouts, the last re-send answered',
      0,
      [timedOut, timedOut, timedOut, answered(200)],
      false,
      ok(200),
    ],
    [
      'all four timed out: wait for a fifth',
      0,
      [timedOut, timedOut, timedOut, timedOut],
      false,
      waitForResend,
    ],
    [
      'all four timed out, the widget gave up',
      0,
      [timedOut, timedOut, timedOut, timedOut],
      true,
      look,
    ],
    // The timed-out request may have run: the re-send's error does not prove nothing did.
    ['a timeout, then an error answer', 0, [timedOut, answered(500)], false, look],
    ['an answer counts whatever came after it', 0, [answered(200), lost], false, ok(200)],
  ])('%s', (_name, open, ends, resendWaited, step) => {
    expect(nextReloadStep(open, ends, resendWaited)).toEqual(step);
  });
});

describe('abortedByPage', () => {
  it.each<[string | undefined, boolean]>([
    // What XMLHttpRequest.abort() (jQuery's timeout) is reported as.
    ['net::ERR_ABORTED', true],
    ['NS_BINDING_ABORTED', true],
    // The network failing: no re-send follows these.
    ['net::ERR_CONNECTION_RESET', false],
    ['net::ERR_EMPTY_RESPONSE', false],
    ['NS_ERROR_NET_RESET', false],
    ['NS_ERROR_CONNECTION_REFUSED', false],
    [undefined, false],
  ])('%s → %s', (error, aborted) => {
    expect(abortedByPage(error)).toBe(aborted);
  });
});
