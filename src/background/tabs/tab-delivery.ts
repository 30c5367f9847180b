/**
 * A check is shown on its tab only while that tab shows the check's firewall. Tabs move: the
 * tab that showed firewall A's duplicate warning may show firewall B's HAProxy page now, whose
 * scripts can read the open shadow root the panel lives in; A's PIDs and command lines are not
 * for B. The tab's current URL is asked right before each update (Chrome's `tab.url` is the last
 * committed URL of the top frame), and the content script compares once more on arrival, which
 * closes the gap of a navigation that commits in between.
 */
import { webOriginOf } from '../../shared/origins.ts';

export async function tabShowsOrigin(
  tabs: { get(tabId: number): Promise<{ readonly url?: string }> },
  tabId: number,
  origin: string,
): Promise<boolean> {
  // A closed tab rejects; a tab on a host the extension has no access to has no `url`.
  const tab = await tabs.get(tabId).catch(() => null);
  return webOriginOf(tab?.url) === origin;
}
