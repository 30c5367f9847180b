/**
 * Whether a tab shows a HAProxy page of a firewall now: a check made on a tab that moved on, or
 * was closed, counts as made where no panel runs (page-open.ts).
 */
import { isHaproxyPageUrl } from '../../opnsense/selectors.ts';

export async function tabShowsHaproxyPage(
  tabs: { get(tabId: number): Promise<{ readonly url?: string }> },
  tabId: number,
  origin: string,
): Promise<boolean> {
  // A closed tab rejects; a tab on a host the extension has no access to has no `url`.
  const tab = await tabs.get(tabId).catch(() => null);
  return isHaproxyPageUrl(tab?.url, origin);
}
