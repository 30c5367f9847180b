/**
 * Remediation journals outlive the browser; after a browser restart their tab ids may name other
 * tabs. A journal keeps its tab only while that tab shows a HAProxy page of its firewall; the
 * others wait, on no tab, for the next such page.
 */
import type { RemediationJournal } from './remediation-journal.ts';

export async function journalsOnLiveTabs(
  journals: readonly RemediationJournal[],
  tabsShowingOrigin: (origin: string) => Promise<number[]>,
): Promise<RemediationJournal[]> {
  return Promise.all(
    journals.map(async (journal) => {
      const tabs = journal.tabId === null ? [] : await tabsShowingOrigin(journal.origin);
      return tabs.includes(journal.tabId ?? -1) ? journal : { ...journal, tabId: null };
    }),
  );
}
