/**
 * Which check a sender may act on, and when a restart is allowed. The background enforces both,
 * whatever the panel shows: a content script can be made to send anything a page's script can
 * trigger, and a check belongs to one tab and one firewall.
 */
import type { CheckRecord } from '../../shared/check-state.ts';

/** Who sent a request, as the background verified it (never as the message claims). */
export type Requester =
  /** Our content script, in the top frame of `tabId`, on a page of `origin`. */
  | { readonly kind: 'tab'; readonly tabId: number; readonly origin: string }
  /** The popup or the options page: the admin in the extension's own UI. */
  | { readonly kind: 'extension-page' };

/** Whether the requester may see or act on this check: its own tab, showing its own firewall. */
export function requesterOwnsCheck(requester: Requester, check: CheckRecord): boolean {
  if (requester.kind === 'extension-page') return true;
  return check.tabId === requester.tabId && check.origin === requester.origin;
}

/**
 * Whether the state of a check calls for the one-click restart (stop every haproxy process, then
 * start). A final `duplicate` verdict does: an orphan keeps serving the old configuration. That
 * also covers a remediation whose stop or start failed, which keeps the duplicate it set out to
 * clear. Anything else (a check still running, a clean or not-reloaded verdict) does not: a
 * restart there would only take HAProxy down for nothing.
 *
 * Extend the cases here, not at the call sites: the runner and the messenger both ask.
 */
export function restartAllowedFor(check: CheckRecord): boolean {
  if (check.phase !== 'done') return false;
  // A restart that failed may be tried again: its stop or start did not go through.
  return check.verdict?.kind === 'duplicate' || check.remediation?.step === 'failed';
}

/**
 * "HAProxy is stopped" (or may be, after a restart cut off after stop): a `stopped` verdict, or a
 * remediation that stopped HAProxy and did not start it. Only then is "Start HAProxy" offered.
 */
export function haproxyStopped(check: CheckRecord): boolean {
  const step = check.remediation?.step;
  if (step === 'stopped' || step === 'cut-off') return true;
  return check.phase === 'done' && check.verdict?.kind === 'stopped';
}

/** Whether "Start HAProxy" may run for this check: only while HAProxy is (or may be) stopped. */
export function startAllowedFor(check: CheckRecord): boolean {
  return check.phase !== 'remediating' && haproxyStopped(check);
}

export function mayRestart(requester: Requester, check: CheckRecord): boolean {
  return requesterOwnsCheck(requester, check) && restartAllowedFor(check);
}

export function mayStart(requester: Requester, check: CheckRecord): boolean {
  return requesterOwnsCheck(requester, check) && startAllowedFor(check);
}
