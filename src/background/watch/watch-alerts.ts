/**
 * What the watch tells the admin outside any page: a system notification and the toolbar badge
 * of every tab. Pure. Each alert is said once: the same orphans found again at the next interval,
 * or a key that still fails, notify nobody; only a look that proves HAProxy clean ends the alert
 * (a `clean` verdict, which a finished restart also ends on), so the next problem is told again.
 * A look that proves nothing (`draining`, `unverifiable`, `not-reloaded`, a firewall that cannot
 * be reached) neither notifies nor ends an alert: a failure the page forges can end a check
 * there, and the watch cannot tell (it says so only on the options page).
 */
import { otherPidsOf } from '../../core/verdict-pids.ts';
import type { OpnsenseErrorKind } from '../../opnsense/errors.ts';
import type { CheckRecord } from '../../shared/check-state.ts';

export type WatchAlert =
  | { readonly kind: 'duplicate'; readonly otherPids: readonly number[] }
  | { readonly kind: 'stopped' }
  /** The key was refused (401) or its user lacks a privilege (403): every look will fail. */
  | { readonly kind: 'key-failed'; readonly error: OpnsenseErrorKind };

/** What the look found: an alert, `null` for a look that proves none stands, `undefined` to keep. */
export function watchAlertOf(record: CheckRecord): WatchAlert | null | undefined {
  if (record.phase !== 'done') return undefined;
  const error = record.error?.kind;
  if (error === 'api-key-rejected' || error === 'forbidden') return { kind: 'key-failed', error };
  if (error !== undefined) return undefined;
  const verdict = record.verdict;
  if (verdict?.kind === 'duplicate') {
    return { kind: 'duplicate', otherPids: otherPidsOf(verdict).sort((a, b) => a - b) };
  }
  if (verdict?.kind === 'stopped') return { kind: 'stopped' };
  return verdict?.kind === 'clean' ? null : undefined;
}

/** Identifies an alert, so the same one is not told twice. */
export function alertKey(alert: WatchAlert): string {
  switch (alert.kind) {
    case 'duplicate':
      return `duplicate:${alert.otherPids.join(',')}`;
    case 'stopped':
      return 'stopped';
    case 'key-failed':
      return `key-failed:${alert.error}`;
  }
}

export interface AlertStep {
  /** The alert to notify now, or null. */
  readonly notify: WatchAlert | null;
  /** What to remember for the next look (null: nothing to tell). */
  readonly key: string | null;
}

export function nextAlertStep(previousKey: string | null, record: CheckRecord): AlertStep {
  const alert = watchAlertOf(record);
  if (alert === undefined) return { notify: null, key: previousKey };
  if (alert === null) return { notify: null, key: null };
  const key = alertKey(alert);
  return { notify: key === previousKey ? null : alert, key };
}

/**
 * The badge every tab shows for the watched firewalls' standing alerts, the worst first; an
 * empty text when none stands. A tab's own check still shows on that tab (tab badges win).
 */
export function watchBadge(keys: Readonly<Record<string, string | null>>): {
  readonly text: string;
  readonly color: string;
} {
  const standing = Object.values(keys);
  if (standing.some((key) => key?.startsWith('duplicate:')))
    return { text: '!!', color: '#c62828' };
  if (standing.includes('stopped')) return { text: '■', color: '#c62828' };
  if (standing.some((key) => key?.startsWith('key-failed:')))
    return { text: '?', color: '#a15c00' };
  return { text: '', color: '#777777' };
}
