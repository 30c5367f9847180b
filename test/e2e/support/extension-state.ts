/**
 * Reads the extension's own record of the checks from its service worker, to prove what the page
 * cannot show: that a check is final and that nothing is polling any more.
 */
import type { Worker } from 'playwright-core';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import type { LastLook } from '../../../src/shared/last-look.ts';
import { waitFor } from '../../support/wait.ts';

declare const chrome: {
  storage: {
    session: { get(key: null): Promise<Record<string, unknown>> };
    local: { get(key: string): Promise<Record<string, unknown>> };
  };
  action: {
    getBadgeText(details: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(details: { tabId?: number }): Promise<number[]>;
    setBadgeBackgroundColor(details: { color: number[] }): Promise<void>;
  };
  tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
};

export async function storedChecks(serviceWorker: Worker): Promise<CheckRecord[]> {
  const all = await serviceWorker.evaluate(() => chrome.storage.session.get(null));
  return Object.entries(all)
    .filter(([key]) => key.startsWith('check:'))
    .map(([, value]) => value as CheckRecord);
}

export async function checkFor(serviceWorker: Worker, origin: string): Promise<CheckRecord | null> {
  const checks = (await storedChecks(serviceWorker)).filter((check) => check.origin === origin);
  checks.sort((a, b) => b.startedAt - a.startedAt);
  return checks[0] ?? null;
}

/** The toolbar badge the extension shows for a tab. */
export async function badgeText(serviceWorker: Worker, tabId: number): Promise<string> {
  return serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/**
 * The browser's id of the one tab showing `url`, asked of the extension's service worker (a page
 * cannot know its own tab id). The extension's host permissions let it read the URLs of the
 * firewalls' tabs.
 */
export async function tabIdOf(serviceWorker: Worker, url: string): Promise<number> {
  const tabs = await serviceWorker.evaluate(() => chrome.tabs.query({}));
  const matching = tabs.filter((tab) => tab.url === url);
  const [tab] = matching;
  if (matching.length !== 1 || tab?.id === undefined) {
    throw new Error(`expected one tab on ${url}, found ${String(matching.length)}`);
  }
  return tab.id;
}

/** The last look the extension stored for a firewall (`storage.local` key `lastLooks`). */
export async function lastLookAt(serviceWorker: Worker, origin: string): Promise<LastLook | null> {
  const stored = await serviceWorker.evaluate(() => chrome.storage.local.get('lastLooks'));
  const looks = (stored.lastLooks ?? {}) as Record<string, LastLook | undefined>;
  return looks[origin] ?? null;
}

/** A badge colour no check uses (src/background/badge.ts): the marker of afterPageAnswered. */
const UNANSWERED_COLOUR = [1, 2, 3, 255];

/**
 * Runs `navigate` (which loads a HAProxy page in tab `tabId`) and resolves once the background has
 * answered that page's `content-ready`, that is once it decided what the page shows and whether
 * to look at the firewall — so a test can then prove that nothing was asked and nothing shown.
 * Chrome clears a tab's own badge values when the tab navigates, and the background sets the
 * tab's badge when it answers `content-ready` (src/background/messenger.ts): the global badge
 * colour is set to a marker first, and the tab's colour leaving it is the answer.
 */
export async function afterPageAnswered(
  serviceWorker: Worker,
  tabId: number,
  navigate: () => Promise<void>,
): Promise<void> {
  const previous = await serviceWorker.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
  await serviceWorker.evaluate(
    (color) => chrome.action.setBadgeBackgroundColor({ color }),
    UNANSWERED_COLOUR,
  );
  try {
    await navigate();
    const colour = () =>
      serviceWorker.evaluate((id) => chrome.action.getBadgeBackgroundColor({ tabId: id }), tabId);
    await waitFor(async () => (await colour()).join() !== UNANSWERED_COLOUR.join(), {
      what: `the background's answer to the page in tab ${String(tabId)}`,
      timeoutMs: 30_000,
      intervalMs: 50,
    });
  } finally {
    await serviceWorker.evaluate(
      (color) => chrome.action.setBadgeBackgroundColor({ color }),
      previous,
    );
  }
}
