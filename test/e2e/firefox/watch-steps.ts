/**
 * The opt-in watch in Firefox (puppeteer over WebDriver BiDi): the options page's firewall card
 * set up by real clicks and typing, and what the extension recorded, read from an extension page
 * (Firefox's background is an event page the driver cannot evaluate in; extension pages share its
 * storage and toolbar button).
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import type { LastLook } from '../../../src/shared/last-look.ts';
import { waitFor } from '../../support/wait.ts';

declare const browser: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  action: { getBadgeText(details: object): Promise<string> };
  permissions: { contains(permissions: { permissions: string[] }): Promise<boolean> };
};

export function cardSelector(origin: string): string {
  return `[data-testid="firewall-card"][data-origin="${origin}"]`;
}

export async function lastLookOf(extensionPage: Page, origin: string): Promise<LastLook | null> {
  const looks = await extensionPage.evaluate(async () => {
    const stored = await browser.storage.local.get('lastLooks');
    return (stored.lastLooks ?? {}) as Record<string, LastLook | undefined>;
  });
  return looks[origin] ?? null;
}

/** The badge of tabs that have none of their own: the watch's, for every tab. */
export async function globalBadgeText(extensionPage: Page): Promise<string> {
  return extensionPage.evaluate(() => browser.action.getBadgeText({}));
}

export async function notificationsGranted(extensionPage: Page): Promise<boolean> {
  return extensionPage.evaluate(() =>
    browser.permissions.contains({ permissions: ['notifications'] }),
  );
}

async function storedOptions(extensionPage: Page): Promise<{
  auth?: Record<string, { kind: string }>;
  watch?: Record<string, { intervalMinutes: number }>;
}> {
  return extensionPage.evaluate(async () => {
    const stored = await browser.storage.local.get('options');
    return stored.options ?? {};
  });
}

async function within(page: Page, origin: string, selector: string): Promise<ElementHandle> {
  const element = await page.waitForSelector(`${cardSelector(origin)} ${selector}`, {
    timeout: 10_000,
  });
  if (!element) throw new Error(`no ${selector} in the card of ${origin}`);
  return element;
}

/** An element of the card whose own text is `text` (a label, a button). */
async function byText(page: Page, origin: string, tag: string, text: string) {
  const card = await page.waitForSelector(cardSelector(origin), { timeout: 10_000 });
  if (!card) throw new Error(`no card for ${origin}`);
  const handle = await card.evaluateHandle(
    (element, wanted, name) =>
      [...element.querySelectorAll(name)].find((e) => e.textContent.trim() === wanted) ?? null,
    text,
    tag,
  );
  const found = handle.asElement();
  if (!found) throw new Error(`no <${tag}> "${text}" in the card of ${origin}`);
  return found as ElementHandle;
}

/** Chooses "API key and secret" in the card, types both and saves. */
export async function useApiKey(
  options: Page,
  origin: string,
  apiKey: { readonly key: string; readonly secret: string },
): Promise<void> {
  await options.bringToFront();
  await (await byText(options, origin, 'label', 'API key and secret')).click();
  await (await within(options, origin, 'input[aria-label="API key"]')).type(apiKey.key);
  await (await within(options, origin, 'input[aria-label="API secret"]')).type(apiKey.secret);
  await (await byText(options, origin, 'button', 'Save')).click();
  await waitFor(() => storedOptions(options), {
    until: (stored) => stored.auth?.[origin]?.kind === 'api-key',
    what: `the API key of ${origin} to be stored`,
    timeoutMs: 15_000,
  });
}

/** The watch on with `intervalMinutes`, by a click on the toggle and the minutes typed. */
export async function turnWatchOn(
  options: Page,
  origin: string,
  intervalMinutes: number,
): Promise<void> {
  await options.bringToFront();
  const toggle = await within(options, origin, '[data-testid="watch-toggle"]');
  const intervalSelector = `${cardSelector(origin)} [data-testid="watch-interval"]`;
  const interval = await within(options, origin, '[data-testid="watch-interval"]');
  const typeMinutes = async () => {
    await options.locator(intervalSelector).fill(String(intervalMinutes));
    await options.keyboard.press('Tab');
  };
  // The minutes may be editable before the watch is on, or only once it is.
  const editable = await interval.evaluate((input) => !(input as HTMLInputElement).disabled);
  if (editable) {
    await typeMinutes();
    await toggle.click();
  } else {
    await toggle.click();
    await typeMinutes();
  }
  await waitFor(() => storedOptions(options), {
    until: (stored) => stored.watch?.[origin]?.intervalMinutes === intervalMinutes,
    what: `the watch of ${origin} to be stored at ${intervalMinutes} min`,
    timeoutMs: 15_000,
  });
}

/** Waits for a look at `origin` by the watch that answered after `since` and returns it. */
export async function waitForWatchLook(
  extensionPage: Page,
  origin: string,
  since: number,
  timeoutMs: number,
  accept: (look: LastLook) => boolean = () => true,
): Promise<LastLook> {
  return waitFor(() => lastLookOf(extensionPage, origin), {
    until: (value): value is LastLook =>
      value !== null && value.trigger === 'watch' && value.at > since && accept(value),
    what: `a watch look at ${origin} after ${new Date(since).toISOString()}`,
    timeoutMs,
  });
}
