/**
 * What the system notification says of an orphan found after an ACME restart: the renewal may
 * restart HAProxy minutes after the click, when the admin has moved on. Pure; the notifier
 * (watch/watch-notifier.ts) shows it when the admin granted the optional `notifications`
 * permission, and a click on it opens the firewall's HAProxy page, where the panel waits
 * (checks/page-open.ts takes the check over). Without the permission the tab's badge and the
 * warning panel on the next HAProxy page still tell.
 */
import { otherPidsOf } from '../../core/verdict-pids.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { firewallName } from '../../shared/origins.ts';
import type { Translate } from '../../ui/i18n.ts';

export const ACME_NOTIFICATION_PREFIX = 'acme:';

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
