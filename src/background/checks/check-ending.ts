/**
 * What follows when a check ends: its history entry (for looks nobody asked for, only when they
 * found something), the watch's alert, which a watch look updates and any other check settles,
 * the notification of an HA backup's check, and an ACME restart's orphan
 * (reload-sources/acme-notice.ts).
 */
import type { HistoryEntry } from '../../shared/messages.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { isQuietLook } from '../../shared/unrequested-look.ts';
import type { WatchNotifier } from '../watch/watch-notifier.ts';
import { historyEntryFor } from './history-entry.ts';

export interface CheckEndingDeps {
  appendHistory(entry: HistoryEntry): Promise<void>;
  readonly notifier: Pick<WatchNotifier, 'looked' | 'settled' | 'backupChecked' | 'acmeChecked'>;
}

export function createCheckEnding(deps: CheckEndingDeps) {
  return async function finished(record: CheckRecord): Promise<void> {
    if (!isQuietLook(record)) await deps.appendHistory(historyEntryFor(record));
    if (record.trigger === 'watch') await deps.notifier.looked(record);
    else await deps.notifier.settled(record);
    // The admin clicked on the HA master's page, which shows nothing of the backup: say it.
    if (record.trigger === 'ha-backup') await deps.notifier.backupChecked(record);
    if (record.trigger === 'acme') await deps.notifier.acmeChecked(record);
  };
}
