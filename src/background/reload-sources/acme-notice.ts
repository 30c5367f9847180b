/**
 * The system notification for an orphan found after an ACME restart, when the admin granted the
 * optional `notifications` permission: the renewal may restart HAProxy minutes after the click,
 * when the admin has moved on. Without the permission the tab's badge and the warning panel on
 * the next HAProxy page still tell. Clicking it opens the firewall's HAProxy page, where the panel
 * waits (checks/page-open.ts takes the check over).
 */
import { otherPidsOf } from '../../core/verdict-pids.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { firewallName } from '../../shared/origins.ts';
import type { Translate } from '../../ui/i18n.ts';

export const ACME_NOTIFICATION_PREFIX = 'acme:';

export interface AcmeNoticeDeps {
  readonly t: Translate;
  notificationsGranted(): Promise<boolean>;
  notify(id: string, notice: { readonly title: string; readonly message: string }): Promise<void>;
}

/** Pure: the notification an ended check calls for, or null. */
export function acmeNoticeOf(
  record: CheckRecord,
  t: Translate,
): { readonly id: string; readonly title: string; readonly message: string } | null {
  if (record.trigger !== 'acme' || record.phase !== 'done') return null;
  if (record.verdict?.kind !== 'duplicate') return null;
  const pids = otherPidsOf(record.verdict).sort((a, b) => a - b);
  return {
    id: `${ACME_NOTIFICATION_PREFIX}${record.origin}`,
    title: t('acmeDuplicateTitle', [firewallName(record.origin)]),
    message: t('acmeDuplicateBody', [pids.join(', ')]),
  };
}

/** Called when any check ends; notifies only an `acme` check's duplicate. */
export function createAcmeNotice(deps: AcmeNoticeDeps) {
  return async function checkEnded(record: CheckRecord): Promise<void> {
    const notice = acmeNoticeOf(record, deps.t);
    if (!notice || !(await deps.notificationsGranted())) return;
    await deps.notify(notice.id, notice).catch(() => undefined);
  };
}

/** The firewall a click on one of these notifications is about, or null for another's. */
export function acmeNoticeOrigin(notificationId: string): string | null {
  return notificationId.startsWith(ACME_NOTIFICATION_PREFIX)
    ? notificationId.slice(ACME_NOTIFICATION_PREFIX.length)
    : null;
}

interface NotificationClicks {
  readonly onClicked: {
    addListener(listener: (id: string) => void): void;
    hasListener(listener: (id: string) => void): boolean;
  };
  clear(id: string): Promise<unknown>;
}

/**
 * Opens the HAProxy page of the firewall a clicked notification names. `notifications` is absent
 * until the optional permission is granted: call again once it is (the listener is added once).
 */
export function createAcmeNoticeClicks(openPage: (origin: string) => void) {
  let api: NotificationClicks | undefined;
  const opened = (id: string) => {
    const origin = acmeNoticeOrigin(id);
    if (origin === null) return;
    openPage(origin);
    void api?.clear(id).catch(() => undefined);
  };
  return function listen(notifications: NotificationClicks | undefined): void {
    if (!notifications || notifications.onClicked.hasListener(opened)) return;
    api = notifications;
    notifications.onClicked.addListener(opened);
  };
}
