/**
 * Reads the extension's own record of the checks from its service worker, to prove what the page
 * cannot show: that a check is final and that nothing is polling any more.
 */
import type { Worker } from 'playwright-core';
import type { CheckRecord } from '../../../src/shared/check-state.ts';

declare const chrome: {
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
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
