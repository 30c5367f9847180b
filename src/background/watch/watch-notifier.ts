/**
 * Tells the admin what the watch found, outside any page: the toolbar badge of every tab and,
 * when the admin granted the optional `notifications` permission, one system notification per
 * new alert (watch-alerts.ts decides which). Clicking it opens the firewall's HAProxy page, where
 * the warning panel waits. The alert keys live in `storage.local`, so "said once" holds across
 * worker and browser restarts. The same notifications tell the result of an HA backup's check,
 * once per check (the master's page, where the admin clicked, has no panel for it), and an orphan
 * an ACME restart kept (the restart came minutes after the click: reload-sources/acme-notice.ts).
 */
import browser from 'webextension-polyfill';
import { otherPidsOf } from '../../core/verdict-pids.ts';
import { HAPROXY_PAGE } from '../../opnsense/selectors.ts';
import { lookResult } from '../../shared/check-result.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { firewallName } from '../../shared/origins.ts';
import type { Translate } from '../../ui/i18n.ts';
import { resultLabel } from '../../ui/verdict-label.ts';
import { ACME_NOTIFICATION_PREFIX, acmeNoticeOf } from '../reload-sources/acme-notice.ts';
import { nextAlertStep, watchAlertOf, watchBadge, type WatchAlert } from './watch-alerts.ts';

const ALERTS_KEY = 'watchAlerts';
export const NOTIFICATION_PREFIX = 'watch:';
/** An HA backup's check: clicking opens the backup's HAProxy page, as for the watch. */
export const BACKUP_NOTIFICATION_PREFIX = 'ha-backup:';

async function loadKeys(): Promise<Record<string, string | null>> {
  const stored: unknown = (await browser.storage.local.get(ALERTS_KEY))[ALERTS_KEY];
  if (typeof stored !== 'object' || stored === null) return {};
  return Object.fromEntries(
    Object.entries(stored).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

async function showWatchBadge(keys: Record<string, string | null>): Promise<void> {
  const badge = watchBadge(keys);
  await browser.action.setBadgeBackgroundColor({ color: badge.color });
  await browser.action.setBadgeText({ text: badge.text });
}

export function notificationText(
  alert: WatchAlert,
  origin: string,
  t: Translate,
): { title: string; message: string } {
  const firewall = firewallName(origin);
  switch (alert.kind) {
    case 'duplicate':
      return {
        title: t('watchDuplicateTitle', [firewall]),
        message: t('watchDuplicateBody', [alert.otherPids.join(', ')]),
      };
    case 'stopped':
      return { title: t('watchStoppedTitle', [firewall]), message: t('watchStoppedBody') };
    case 'key-failed':
      return { title: t('watchKeyFailedTitle', [firewall]), message: t('watchKeyFailedBody') };
  }
}

/** What an HA backup's check tells in a notification. Pure. */
export function backupNotificationText(
  record: CheckRecord,
  t: Translate,
): { title: string; message: string } {
  const firewall = firewallName(record.origin);
  const credentials =
    record.error?.kind === 'session-expired' || record.error?.kind === 'api-key-rejected';
  const result = lookResult(record);
  const title = t('haBackupNoticeTitle', [
    firewall,
    result === null ? t('checkingTitle') : resultLabel(result, t),
  ]);
  if (credentials) return { title, message: t('haBackupNoCredentials', [firewall]) };
  if (record.verdict?.kind === 'duplicate' && !record.error) {
    return {
      title,
      message: t('haBackupNoticeDuplicate', [otherPidsOf(record.verdict).join(', ')]),
    };
  }
  return { title, message: t('haBackupNoticeOther') };
}

export interface WatchNotifier {
  /** A watch look finished: update the alert, the badge, and notify a new alert. */
  looked(record: CheckRecord): Promise<void>;
  /**
   * Any other check finished: one that proved HAProxy clean (the restart after the watch's
   * alert, an Apply) ends the firewall's standing alert and its badge; one that proves nothing
   * (`draining`, `unverifiable`: a failure the page forges can end a check there) leaves it. It
   * never notifies: the admin is at the GUI then, and the panel says what it found.
   */
  settled(record: CheckRecord): Promise<void>;
  /** Only these firewalls are watched now: the alerts of the others end (turned off, revoked). */
  keepOnly(origins: readonly string[]): Promise<void>;
  /**
   * An HA backup's check ended: notify its result unless it is clean (once; the permission is
   * optional). The admin clicked on the master, whose page shows nothing of the backup.
   */
  backupChecked(record: CheckRecord): Promise<void>;
  /** An `acme` check ended: notify an orphan the restart kept (once; the permission is optional). */
  acmeChecked(record: CheckRecord): Promise<void>;
  /** Shows the standing alerts on the badge again (after a browser start). */
  restore(): Promise<void>;
  /** Hooks the notification clicks once the API is there (the permission is optional). */
  listen(): void;
}

export function createWatchNotifier(t: Translate): WatchNotifier {
  const opened = (id: string) => {
    const prefix = [NOTIFICATION_PREFIX, BACKUP_NOTIFICATION_PREFIX, ACME_NOTIFICATION_PREFIX].find(
      (known) => id.startsWith(known),
    );
    if (prefix === undefined) return;
    const origin = id.slice(prefix.length);
    void browser.tabs.create({ url: `${origin}${HAPROXY_PAGE}` });
    void browser.notifications.clear(id);
  };
  const notify = async (origin: string, alert: WatchAlert) => {
    await show(`${NOTIFICATION_PREFIX}${origin}`, notificationText(alert, origin, t));
  };
  const show = async (id: string, { title, message }: { title: string; message: string }) => {
    // Without the permission the API is absent: the badge and the panel still tell.
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    });
  };
  return {
    async looked(record) {
      const keys = await loadKeys();
      const step = nextAlertStep(keys[record.origin] ?? null, record);
      const others = Object.entries(keys).filter(([origin]) => origin !== record.origin);
      const next = Object.fromEntries(
        step.key === null ? others : [...others, [record.origin, step.key]],
      );
      await browser.storage.local.set({ [ALERTS_KEY]: next });
      await showWatchBadge(next);
      if (step.notify) await notify(record.origin, step.notify).catch(() => undefined);
    },
    async settled(record) {
      if (watchAlertOf(record) !== null) return;
      const keys = await loadKeys();
      if (!(record.origin in keys)) return;
      const next = Object.fromEntries(
        Object.entries(keys).filter(([origin]) => origin !== record.origin),
      );
      await browser.storage.local.set({ [ALERTS_KEY]: next });
      await showWatchBadge(next);
    },
    async keepOnly(origins) {
      const keys = await loadKeys();
      const next = Object.fromEntries(
        Object.entries(keys).filter(([key]) => origins.includes(key)),
      );
      if (Object.keys(next).length === Object.keys(keys).length) return;
      await browser.storage.local.set({ [ALERTS_KEY]: next });
      await showWatchBadge(next);
    },
    async backupChecked(record) {
      // A clean backup needs nothing: the master's tab badge (✓) and the backup's card say it.
      if (record.verdict?.kind === 'clean' && !record.error) return;
      await show(
        `${BACKUP_NOTIFICATION_PREFIX}${record.origin}`,
        backupNotificationText(record, t),
      ).catch(() => undefined);
    },
    async acmeChecked(record) {
      const notice = acmeNoticeOf(record, t);
      if (notice) await show(notice.id, notice).catch(() => undefined);
    },
    async restore() {
      await showWatchBadge(await loadKeys());
    },
    listen() {
      const events = (browser as Partial<typeof browser>).notifications?.onClicked;
      if (events && !events.hasListener(opened)) events.addListener(opened);
    },
  };
}
