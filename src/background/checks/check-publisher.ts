/**
 * Where each change of a check goes: storage (so it outlives the service worker), the firewall's
 * last look, the keep-awake alarm, and, only while the check's tab still shows its firewall, that
 * tab's badge and panel (tab-delivery.ts says why). A check of an HA backup made from its master's
 * page (`clickedOn`) goes to that tab's badge while it shows the master, and to no panel there:
 * that page is another firewall's.
 */
import { lastLookOf, type LastLook } from '../../shared/last-look.ts';
import type { CheckRecord } from '../../shared/check-state.ts';

export interface CheckPublisherDeps {
  /** Keeps the check in `storage.session`. */
  store(record: CheckRecord): Promise<void>;
  noteLastLook(origin: string, look: LastLook): Promise<void>;
  /** Keeps the background awake while any of `checks` is unfinished (keep-awake.ts). */
  keepAwake(checks: readonly CheckRecord[]): Promise<void>;
  /** Every check held now. */
  checks(): readonly CheckRecord[];
  tabShowsOrigin(tabId: number, origin: string): Promise<boolean>;
  showBadge(tabId: number, record: CheckRecord): Promise<void>;
  /** Sends the check to the content script in the tab's top frame. */
  tell(tabId: number, record: CheckRecord): Promise<void>;
}

export function createCheckPublisher(deps: CheckPublisherDeps) {
  return async function publish(record: CheckRecord): Promise<void> {
    await deps.store(record);
    const look = lastLookOf(record);
    if (look) await deps.noteLastLook(record.origin, look);
    await deps.keepAwake(deps.checks());
    const shownOn = record.clickedOn ?? record.origin;
    if (record.tabId !== null && (await deps.tabShowsOrigin(record.tabId, shownOn))) {
      await deps.showBadge(record.tabId, record);
      if (record.clickedOn === undefined) await deps.tell(record.tabId, record);
    }
  };
}
