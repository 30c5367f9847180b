/**
 * The toolbar badge shows each tab's check at a glance. On an HA master's tab it shows the check
 * of the backup that the master's "Synchronize and restart" restarted, with a tooltip naming the
 * backup (the page there is the master's, with no panel for it).
 */
import browser from 'webextension-polyfill';
import { lookResult } from '../../shared/check-result.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { firewallName } from '../../shared/origins.ts';
import { browserTranslator } from '../../ui/browser-translator.ts';
import type { Translate } from '../../ui/i18n.ts';
import { resultLabel } from '../../ui/verdict-label.ts';
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

/** The tooltip of a master's tab that shows its backup's check; null for any other check. */
export function backupBadgeTitle(check: CheckRecord | null, t: Translate): string | null {
  if (!check?.clickedOn) return null;
  const result = lookResult(check);
  return t('haBackupBadgeTitle', [
    firewallName(check.origin),
    result === null ? t('checkingTitle') : resultLabel(result, t),
  ]);
}

export async function showBadge(tabId: number, check: CheckRecord | null): Promise<void> {
  const badge = badgeFor(check);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await browser.action.setBadgeText({ tabId, text: badge.text });
    const title = backupBadgeTitle(check, browserTranslator());
    if (title !== null) await browser.action.setTitle({ tabId, title });
  } catch {
    // The tab was closed meanwhile; there is nothing to show it on.
  }
}

/**
 * An HA restart on a master whose backup is none of the enabled firewalls: the master's tab says
 * that the backup was restarted, unchecked, and how to have it checked.
 */
export async function showBackupUnknown(tabId: number, syncAddress: string | null): Promise<void> {
  const t = browserTranslator();
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#a15c00' });
    await browser.action.setBadgeText({ tabId, text: 'HA?' });
    await browser.action.setTitle({
      tabId,
      title: t('haBackupUnknownTitle', [syncAddress ?? t('haBackupAddressUnread')]),
    });
  } catch {
    // The tab was closed meanwhile.
  }
}
