/** After a browser restart, a journal keeps its tab only while that tab shows its firewall. */
import { describe, expect, it } from 'vitest';
import { journalsOnLiveTabs } from '../../../../src/background/remediation/journal-tabs.ts';
import type { RemediationJournal } from '../../../../src/background/remediation/remediation-journal.ts';
import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';

const journal = (origin: string, tabId: number | null): RemediationJournal => ({
  version: 1,
  checkId: `${origin}-${String(tabId)}`,
  origin,
  tabId,
  aliveAt: 0,
  stopSettings: null,
  currentPidBefore: null,
  remediation: beginRemediation('restart', 0, null),
});

describe('journalsOnLiveTabs', () => {
  it("keeps a tab that shows the journal's firewall, drops any other", async () => {
    const asked: string[] = [];
    const showing = (origin: string) => {
      asked.push(origin);
      return Promise.resolve(origin === 'https://a.lan' ? [3] : [5]);
    };
    const result = await journalsOnLiveTabs(
      [journal('https://a.lan', 3), journal('https://b.lan', 3), journal('https://c.lan', null)],
      showing,
    );
    expect(result.map((entry) => entry.tabId)).toEqual([3, null, null]);
    expect(asked).toEqual(['https://a.lan', 'https://b.lan']);
  });
});
