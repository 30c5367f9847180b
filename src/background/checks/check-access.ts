/**
 * Which check a sender may act on, and when a restart or a start is allowed. The background
 * enforces both, whatever the panel shows: a content script can be made to send anything a page's
 * script can trigger, and a check belongs to one tab and one firewall. What is allowed is exactly
 * what the panel offers: one rule, in src/shared/remediation-offers.ts.
 */
import type { CheckRecord } from '../../shared/check-state.ts';
import { restartOffered, startOffered } from '../../shared/remediation-offers.ts';

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

/** Whether "Restart HAProxy" may run for this check: exactly when the panel offers it. */
export const restartAllowedFor = restartOffered;

/**
 * "HAProxy is stopped" (or may be, after a restart cut off after stop): a `stopped` verdict, or a
 * remediation that stopped HAProxy and did not start it. What the badge shows (■).
 */
export function haproxyStopped(check: CheckRecord): boolean {
  const step = check.remediation?.step;
  if (step === 'stopped' || step === 'cut-off') return true;
  return check.phase === 'done' && check.verdict?.kind === 'stopped';
}

/** Whether "Start HAProxy" may run for this check: exactly when the panel offers it. */
export const startAllowedFor = startOffered;

export function mayRestart(requester: Requester, check: CheckRecord): boolean {
  return requesterOwnsCheck(requester, check) && restartAllowedFor(check);
}

export function mayStart(requester: Requester, check: CheckRecord): boolean {
  return requesterOwnsCheck(requester, check) && startAllowedFor(check);
}
