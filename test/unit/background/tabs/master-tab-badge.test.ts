/**
 * The badge of an HA master's tab comes back after the tab reloads (both browsers drop a tab's
 * own badge on navigation), and the newest HA restart of the tab speaks for it.
 */
import { describe, expect, it } from 'vitest';
import { createMasterTabBadge } from '../../../../src/background/tabs/master-tab-badge.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified } from '../../check-fixtures.ts';

const MASTER = 'https://fw-a.lan';
const BACKUP = 'https://fw-b.lan';

function setUp(checks: CheckRecord[], shows = MASTER) {
  const shown: string[] = [];
  let loaded: ((tabId: number, change: { status?: string }) => void) | null = null;
  let now = 1_000;
  const badge = createMasterTabBadge({
    checks: () => checks,
    tabShowsOrigin: (_tabId, origin) => Promise.resolve(origin === shows),
    showBadge: (tabId, check) => {
      shown.push(`badge ${tabId} ${check.id}`);
      return Promise.resolve();
    },
    showBackupUnknown: (tabId, syncAddress) => {
      shown.push(`HA? ${tabId} ${syncAddress ?? '-'}`);
      return Promise.resolve();
    },
    now: () => now,
    tabUpdates: {
      addListener: (listener) => {
        loaded = listener;
      },
    },
  });
  const load = async (tabId: number) => {
    loaded?.(tabId, { status: 'complete' });
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { badge, shown, load, later: (ms: number) => (now += ms) };
}

const backupCheck = (startedAt: number) =>
  checkRecord({
    id: `ha-${startedAt}`,
    origin: BACKUP,
    tabId: 12,
    clickedOn: MASTER,
    trigger: 'ha-backup',
    startedAt,
    verdict: { kind: 'duplicate', processes: [classified(1, 'current'), classified(2, 'orphan')] },
  });

describe("the master's tab badge", () => {
  it('is put back when the master tab has loaded again, only once an HA restart was seen', async () => {
    const { badge, shown, load } = setUp([backupCheck(500)]);
    await load(12);
    expect(shown).toEqual([]);
    badge.listen();
    await load(12);
    await load(13);
    expect(shown).toEqual(['badge 12 ha-500']);
  });

  it('shows HA? for an unknown backup, and the newer of the two after a reload', async () => {
    const checks: CheckRecord[] = [];
    const { badge, shown, load, later } = setUp(checks);
    badge.listen();
    await badge.backupUnknown(12, MASTER, '192.0.2.2');
    await load(12);
    expect(shown).toEqual(['HA? 12 192.0.2.2', 'HA? 12 192.0.2.2']);
    // The admin named the backup; the next HA restart was checked on it.
    checks.push(backupCheck(later(5_000)));
    await load(12);
    expect(shown.at(-1)).toBe('badge 12 ha-6000');
  });

  it('shows nothing on a tab that moved on to another site, and forgets a closed tab', async () => {
    const { badge, shown, load } = setUp([], 'https://elsewhere.lan');
    badge.listen();
    await badge.backupUnknown(12, MASTER, null);
    await load(12);
    expect(shown).toEqual([]);
    badge.tabClosed(12);
  });
});
