/**
 * When the requests of one followed reload have all ended, and what their ends say. Pure: the
 * request follower (request-follower.ts) keeps the requests and the timer, this decides.
 *
 * Why requests are grouped: the dashboard's services widget gives its POST a 5 s timeout and
 * re-sends it when the timeout fires, up to 3 times (docs/opnsense.md §8). A restart that drains
 * for longer (graceful stop, §2) thus reaches OPNsense up to 4 times from one click, and configd
 * carries out every one of them in turn, although the browser reports the first ones as ended
 * without an answer. One click is one followed restart: it is looked at once, after the last of
 * its requests has ended, and a timeout the widget gave up on is never a failed restart.
 */

/** How one request ended, as webRequest reports it. */
export type RequestEnd =
  | { readonly kind: 'answered'; readonly status: number }
  /** `aborted`: the page cancelled it (the widget's timeout does so); else the network failed. */
  | { readonly kind: 'failed'; readonly aborted: boolean };

/**
 * How long a request the page aborted may wait for its re-send. The widget sends it again from
 * the same event handler that saw the timeout, so the re-send follows within milliseconds; the
 * browser may report the two in either order.
 */
export const RESEND_WAIT_MS = 1_000;

export type ReloadStep =
  /** Requests are still out: their ends decide. */
  | { readonly kind: 'wait' }
  /** The last request was aborted: wait `ms` for a re-send before deciding. */
  | { readonly kind: 'wait-for-resend'; readonly ms: number }
  /** An answer to judge by (its status only). */
  | { readonly kind: 'outcome'; readonly ok: boolean; readonly status: number }
  /** No answer says anything, but the action may have run: look at the firewall. */
  | { readonly kind: 'look' };

const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * The next step of one followed reload, from how many of its requests are still out and how the
 * others ended (oldest first). `resendWaited`: the wait for a re-send is over.
 */
export function nextReloadStep(
  open: number,
  ends: readonly RequestEnd[],
  resendWaited: boolean,
): ReloadStep {
  const last = ends.at(-1);
  if (open > 0 || last === undefined) return { kind: 'wait' };
  if (last.kind === 'failed' && last.aborted && !resendWaited) {
    return { kind: 'wait-for-resend', ms: RESEND_WAIT_MS };
  }
  // One request that answered is enough: the earlier ones only timed out in the browser.
  const success = ends.find((end) => end.kind === 'answered' && isSuccess(end.status));
  if (success?.kind === 'answered') return { kind: 'outcome', ok: true, status: success.status };
  // A request without an answer may have been carried out all the same (the widget's timed-out
  // ones are): an error answer to another one does not prove that nothing ran.
  if (ends.some((end) => end.kind === 'failed')) return { kind: 'look' };
  return { kind: 'outcome', ok: false, status: last.kind === 'answered' ? last.status : 0 };
}

/**
 * Whether webRequest's `error` says the page cancelled the request (jQuery's timeout calls
 * `abort()`): Chromium reports `net::ERR_ABORTED`, Firefox `NS_BINDING_ABORTED`. Anything else
 * (connection reset or refused, certificate errors) is the network failing.
 */
export function abortedByPage(error: string | undefined): boolean {
  return error === 'net::ERR_ABORTED' || error === 'NS_BINDING_ABORTED';
}
