/**
 * Closing a tab: its finished checks go, a warning that needs the admin stays on no tab; the
 * tab test for a HAProxy page of a firewall.
 */
import { describe, expect, it } from 'vitest';
import { tabClosed } from '../../../../src/background/tabs/closed-tab.ts';
import { tabShowsHaproxyPage } from '../../../../src/background/tabs/haproxy-tab.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

describe('a closed tab', () => {
  it('keeps a warning on no tab, dismisses its other finished checks, leaves unfinished and other tabs alone', async () => {
    const checks: CheckRecord[] = [
      checkRecord({
        id: 'orphan',
        tabId: 3,
        trigger: 'restart',
        verdict: { kind: 'duplicate', processes: [classified(2, 'orphan')] },
      }),
      checkRecord({ id: 'clean', tabId: 3, verdict: cleanVerdict(1) }),
      checkRecord({ id: 'running', tabId: 3, phase: 'observing' }),
      checkRecord({ id: 'elsewhere', tabId: 4, verdict: cleanVerdict(1) }),
    ];
    const acted: string[] = [];
    await tabClosed(3, {
      all: () => checks,
      adopt: (id, tabId) => {
        acted.push(`adopt ${id} ${String(tabId)}`);
        return Promise.resolve(null);
      },
      dismiss: (id) => {
        acted.push(`dismiss ${id}`);
        return Promise.resolve();
      },
    });
    expect(acted).toEqual(['adopt orphan null', 'dismiss clean']);
  });
});

describe('tabShowsHaproxyPage', () => {
  const tabs = (url: string | undefined) => ({
    get: (tabId: number): Promise<{ url?: string }> =>
      tabId !== 1
        ? Promise.reject(new Error('No tab'))
        : Promise.resolve(url === undefined ? {} : { url }),
  });

  it('holds for a HAProxy page of that firewall only, not for a closed tab', async () => {
    expect(await tabShowsHaproxyPage(tabs('https://fw.lan/ui/haproxy'), 1, 'https://fw.lan')).toBe(
      true,
    );
    expect(await tabShowsHaproxyPage(tabs('https://fw.lan/ui/core'), 1, 'https://fw.lan')).toBe(
      false,
    );
    expect(await tabShowsHaproxyPage(tabs('https://fw.lan/ui/haproxy'), 1, 'https://b.lan')).toBe(
      false,
    );
    expect(await tabShowsHaproxyPage(tabs(undefined), 1, 'https://fw.lan')).toBe(false);
    expect(await tabShowsHaproxyPage(tabs('https://fw.lan/ui/haproxy'), 2, 'https://fw.lan')).toBe(
      false,
    );
  });
});
