/**
 * The CSRF token for a POST that no click carries: a remediation resumed after the service worker
 * or the browser restarted, or "Start HAProxy" clicked in the popup. OPNsense puts the token only
 * in each page's layout script (docs/opnsense.md §3), so the content script of an open HAProxy page of that
 * firewall reads it on request. Nothing keeps it: it is asked for again each time.
 *
 * The request names the origin and goes to the top frame only: a tab can move to another firewall
 * between the query and the message, and that firewall's token must not be sent to this one
 * (docs/security.md; the content script answers only for its own origin, token-request.ts).
 */
import browser from 'webextension-polyfill';
import { isHaproxyPageUrl } from '../../opnsense/selectors.ts';
import type { BackgroundToContentMessage } from '../../shared/messages.ts';

/** Tabs that show a HAProxy page of `origin` (URLs are visible for enabled hosts only). */
export async function tabsShowingOrigin(origin: string): Promise<number[]> {
  const tabs = await browser.tabs.query({}).catch(() => []);
  return tabs.flatMap((tab) => {
    return tab.id !== undefined && isHaproxyPageUrl(tab.url, origin) ? [tab.id] : [];
  });
}

export interface TokenAskDeps {
  tabsShowingOrigin(origin: string): Promise<number[]>;
  /** `tabs.sendMessage` to the tab's top frame (`frameId: 0`). */
  sendToTopFrame(tabId: number, message: BackgroundToContentMessage): Promise<unknown>;
}

export function csrfTokenFromTabs(
  origin: string,
  preferredTabId: number | null,
): Promise<string | null> {
  return askTabsForToken(
    {
      tabsShowingOrigin,
      sendToTopFrame: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
    },
    origin,
    preferredTabId,
  );
}

export async function askTabsForToken(
  deps: TokenAskDeps,
  origin: string,
  preferredTabId: number | null,
): Promise<string | null> {
  const tabs = await deps.tabsShowingOrigin(origin);
  const ordered =
    preferredTabId !== null && tabs.includes(preferredTabId)
      ? [preferredTabId, ...tabs.filter((id) => id !== preferredTabId)]
      : tabs;
  const request: BackgroundToContentMessage = { type: 'csrf-token-request', origin };
  for (const tabId of ordered) {
    const token: unknown = await deps.sendToTopFrame(tabId, request).catch(() => null);
    if (typeof token === 'string' && token !== '') return token;
  }
  return null;
}
