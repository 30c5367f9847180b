/**
 * The badge of an HA master's tab, where the admin clicked "Synchronize and restart": the backup's
 * check (check-publisher.ts puts it there as it goes), or `HA?` when no enabled firewall is the
 * backup. The page there reloads itself once the restart answered (24.x) or when the admin moves
 * on, and both browsers drop a tab's own badge when the tab navigates: it is put back each time
 * the tab has loaded a page of the master again. The tabs' loads are listened to only once an HA
 * restart was seen, not from the start: a listener at the top level would wake the background
 * for every page any tab loads.
 */
import type { CheckRecord } from '../../shared/check-state.ts';

export interface MasterTabBadgeDeps {
  /** Every check held now (check-runner.ts). */
  checks(): readonly CheckRecord[];
  tabShowsOrigin(tabId: number, origin: string): Promise<boolean>;
  showBadge(tabId: number, check: CheckRecord): Promise<void>;
  showBackupUnknown(tabId: number, syncAddress: string | null): Promise<void>;
  now(): number;
  /** `tabs.onUpdated`. */
  readonly tabUpdates: {
    addListener(listener: (tabId: number, change: { status?: string }) => void): void;
  };
}

export interface MasterTabBadge {
  /** An HA restart on `master` was answered and no enabled firewall is its backup. */
  backupUnknown(tabId: number, master: string, syncAddress: string | null): Promise<void>;
  /** An HA restart was seen: from now on, put the badge back after each load of a tab. */
  listen(): void;
  /** The tab finished loading a page. */
  tabLoaded(tabId: number): Promise<void>;
  tabClosed(tabId: number): void;
}

export function createMasterTabBadge(deps: MasterTabBadgeDeps): MasterTabBadge {
  /** Per tab: the newest HA restart whose backup is unknown. */
  const unknown = new Map<number, { master: string; syncAddress: string | null; at: number }>();
  let listening = false;
  const badge: MasterTabBadge = {
    listen() {
      if (listening) return;
      listening = true;
      deps.tabUpdates.addListener((tabId, change) => {
        if (change.status === 'complete') void badge.tabLoaded(tabId);
      });
    },
    async backupUnknown(tabId, master, syncAddress) {
      unknown.set(tabId, { master, syncAddress, at: deps.now() });
      if (await deps.tabShowsOrigin(tabId, master)) {
        await deps.showBackupUnknown(tabId, syncAddress);
      }
    },
    async tabLoaded(tabId) {
      const backupCheck = deps
        .checks()
        .filter((check) => check.tabId === tabId && check.clickedOn !== undefined)
        .sort((a, b) => b.startedAt - a.startedAt)[0];
      const noBackup = unknown.get(tabId);
      // Whichever HA restart came last speaks for the tab.
      if (backupCheck?.clickedOn && (!noBackup || backupCheck.startedAt >= noBackup.at)) {
        if (await deps.tabShowsOrigin(tabId, backupCheck.clickedOn)) {
          await deps.showBadge(tabId, backupCheck);
        }
        return;
      }
      if (noBackup && (await deps.tabShowsOrigin(tabId, noBackup.master))) {
        await deps.showBackupUnknown(tabId, noBackup.syncAddress);
      }
    },
    tabClosed(tabId) {
      unknown.delete(tabId);
    },
  };
  return badge;
}
