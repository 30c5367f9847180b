/**
 * The opt-in watch in Chromium, as the admin sets it up and as the tests read what it did: the
 * options page's firewall card (its API key, the watch toggle and interval, by real clicks and
 * typing), and the extension's own record read from its service worker (the last look per
 * firewall, the global toolbar badge, the system notifications).
 */
import type { BrowserContext, Locator, Page, Worker } from 'playwright-core';
import type { LastLook } from '../../../src/shared/last-look.ts';
import { waitFor } from '../../support/wait.ts';

declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
};

export const OPTIONS_PAGE = 'src/options/index.html';

/**
 * The extension's service worker as it runs now. Chrome may stop an idle worker between two
 * alarms and start a new one; a handle from before then no longer answers.
 */
export async function currentWorker(context: BrowserContext): Promise<Worker> {
  const isExtension = (worker: Worker) => worker.url().startsWith('chrome-extension://');
  return (
    context.serviceWorkers().find(isExtension) ??
    (await context.waitForEvent('serviceworker', { predicate: isExtension, timeout: 30_000 }))
  );
}

export async function lastLookOf(
  context: BrowserContext,
  origin: string,
): Promise<LastLook | null> {
  const stored = await (
    await currentWorker(context)
  ).evaluate(() => chrome.storage.local.get('lastLooks'));
  const looks = (stored.lastLooks ?? {}) as Record<string, LastLook | undefined>;
  return looks[origin] ?? null;
}

/** The badge shown on tabs that have none of their own: the watch's, for every tab. */
export async function globalBadgeText(context: BrowserContext): Promise<string> {
  return (await currentWorker(context)).evaluate(() => chrome.action.getBadgeText({}));
}

/** The ids of the system notifications the extension shows now. */
export async function notificationIds(context: BrowserContext): Promise<string[]> {
  const all = await (await currentWorker(context)).evaluate(() => chrome.notifications.getAll());
  return Object.keys(all);
}

/** `options.watch` as stored. */
export async function storedWatch(
  context: BrowserContext,
): Promise<Record<string, { intervalMinutes: number }>> {
  const stored = await (
    await currentWorker(context)
  ).evaluate(() => chrome.storage.local.get('options'));
  const options = stored.options as { watch?: Record<string, { intervalMinutes: number }> };
  return options.watch ?? {};
}

export async function storedAuthKind(context: BrowserContext, origin: string): Promise<string> {
  const stored = await (
    await currentWorker(context)
  ).evaluate(() => chrome.storage.local.get('options'));
  const options = stored.options as { auth?: Record<string, { kind: string }> } | undefined;
  return options?.auth?.[origin]?.kind ?? 'none';
}

export function firewallCard(options: Page, origin: string): Locator {
  return options.locator(`[data-testid="firewall-card"][data-origin="${origin}"]`);
}

/**
 * Enables a firewall on the options page by its address (typed, then Enter), unless its card is
 * there already, and returns the card. In the e2e build the host is granted at install, so the
 * browser's permission request answers at once.
 */
export async function addFirewall(options: Page, origin: string): Promise<Locator> {
  const card = firewallCard(options, origin);
  if ((await card.count()) === 0) {
    await options.locator('#address').fill(origin);
    await options.locator('#address').press('Enter');
  }
  await card.waitFor();
  return card;
}

/** Chooses "API key and secret" in the card, types both and saves. */
export async function useApiKey(
  context: BrowserContext,
  card: Locator,
  origin: string,
  apiKey: { readonly key: string; readonly secret: string },
): Promise<void> {
  await card.getByLabel('API key and secret').check();
  await card.getByLabel('API key', { exact: true }).fill(apiKey.key);
  await card.getByLabel('API secret').fill(apiKey.secret);
  await card.getByRole('button', { name: 'Save' }).click();
  await waitFor(() => storedAuthKind(context, origin), {
    until: (kind) => kind === 'api-key',
    what: `the API key of ${origin} to be stored`,
    timeoutMs: 10_000,
  });
}

/**
 * Turns the card's watch on with `intervalMinutes` (a click on the toggle, the minutes typed), and
 * resolves once it is stored that way.
 */
export async function turnWatchOn(
  context: BrowserContext,
  card: Locator,
  origin: string,
  intervalMinutes: number,
): Promise<void> {
  const toggle = card.getByTestId('watch-toggle');
  const interval = card.getByTestId('watch-interval');
  // The minutes may be editable before the watch is on, or only once it is.
  if (await interval.isEnabled()) {
    await interval.fill(String(intervalMinutes));
    await interval.press('Tab');
    await toggle.check();
  } else {
    await toggle.check();
    await interval.fill(String(intervalMinutes));
    await interval.press('Tab');
  }
  await waitFor(() => storedWatch(context), {
    until: (watch) => watch[origin]?.intervalMinutes === intervalMinutes,
    what: `the watch of ${origin} to be stored at ${intervalMinutes} min`,
    timeoutMs: 10_000,
  });
}

export async function turnWatchOff(
  context: BrowserContext,
  card: Locator,
  origin: string,
): Promise<void> {
  await card.getByTestId('watch-toggle').uncheck();
  await waitFor(() => storedWatch(context), {
    until: (watch) => !(origin in watch),
    what: `the watch of ${origin} to be removed`,
    timeoutMs: 10_000,
  });
}

/** Waits for a look at `origin` by the watch that answered after `since` and returns it. */
export function waitForWatchLook(
  context: BrowserContext,
  origin: string,
  since: number,
  timeoutMs: number,
  accept: (look: LastLook) => boolean = () => true,
): Promise<LastLook> {
  return waitFor(() => lastLookOf(context, origin), {
    until: (look): look is LastLook =>
      look !== null && look.trigger === 'watch' && look.at > since && accept(look),
    what: `a watch look at ${origin} after ${new Date(since).toISOString()}`,
    timeoutMs,
  });
}
