/**
 * Looks nobody asked for: the one taken when a HAProxy page opens (`page-open`) and the opt-in
 * watch's (`watch`). Pure rules shared by the runner, the badge and the panel:
 * - they take one look and stop there: no retries, no following a drain, so each costs exactly one
 *   process-list call (`top` samples for 1–2 s on the firewall);
 * - they show only what needs the admin: a duplicate, HAProxy stopped, an error, a remediation.
 *   A clean (or draining, or unverifiable) answer stays out of the page and off the badge; the
 *   popup and the options page still say what the look found. Never a claim of a clean reload:
 *   nothing is said at all.
 */
import type { CheckTrigger } from '../core/model.ts';
import type { CheckRecord } from './check-state.ts';

export function isUnrequested(trigger: CheckTrigger): boolean {
  return trigger === 'page-open' || trigger === 'watch';
}

/** Whether a check's state calls for the admin, whatever started it. */
export function needsAdmin(record: CheckRecord): boolean {
  if (record.remediation) return true;
  if (record.phase !== 'done') return false;
  if (record.error) return true;
  return record.verdict?.kind === 'duplicate' || record.verdict?.kind === 'stopped';
}

/** A look nobody asked for whose answer needs nothing: shown nowhere on the page or the badge. */
export function isQuietLook(record: CheckRecord): boolean {
  return isUnrequested(record.trigger) && !needsAdmin(record);
}
