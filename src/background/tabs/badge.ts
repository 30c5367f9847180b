/** The toolbar badge shows each tab's check at a glance. */
import browser from 'webextension-polyfill';
import type { CheckRecord } from '../../shared/check-state.ts';
import { standingFailure } from '../../shared/page-failure.ts';
import { isQuietLook } from '../../shared/unrequested-look.ts';
import { haproxyStopped } from '../checks/check-access.ts';

interface Badge {
  readonly text: string;
  readonly color: string;
}

/** Pure: which badge a check deserves. */
export function badgeFor(check: CheckRecord | null): Badge {
  // A look nobody asked for that found nothing to do leaves the badge as it was: empty.
  if (!check || isQuietLook(check)) return { text: '', color: '#777777' };
  if (check.error && check.phase === 'done') return { text: '?', color: '#a15c00' };
  if (standingFailure(check)) return { text: '!', color: '#c62828' };
  // No haproxy runs, or may not: every site behind it is down until someone starts it.
  if (haproxyStopped(check)) return { text: '■', color: '#c62828' };
  if (check.remediation?.step === 'failed') return { text: '!!', color: '#c62828' };
  if (check.phase !== 'done') {
    return check.verdict?.kind === 'draining'
      ? { text: '…', color: '#1565c0' }
      : { text: '…', color: '#777777' };
  }
  switch (check.verdict?.kind) {
    case 'clean':
      return { text: '✓', color: '#2e7d32' };
    case 'duplicate':
      return { text: '!!', color: '#c62828' };
    case 'not-live':
    case 'not-reloaded':
    case 'stopped':
    case 'unverifiable':
      return { text: '!', color: '#a15c00' };
    default:
      return { text: '?', color: '#a15c00' };
  }
}

export async function showBadge(tabId: number, check: CheckRecord | null): Promise<void> {
  const badge = badgeFor(check);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await browser.action.setBadgeText({ tabId, text: badge.text });
  } catch {
    // The tab was closed meanwhile; there is nothing to show it on.
  }
}
