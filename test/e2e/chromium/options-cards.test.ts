/**
 * The options page's card for a firewall, in Chromium against the stand-in OPNsense: the card
 * appears for the address the admin enters, the watch stays off until the firewall has an API
 * key and says why, a real click turns it on (asking for notifications in the click) and stores
 * `options.watch`, everything works with the keyboard alone, and the card is readable in the
 * light and the dark theme.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../sim/index.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { gotoAcceptingCertificate } from '../support/opnsense-page.ts';
import { elementScreenshot } from '../support/screenshots.ts';
import { contrast, luminance } from '../support/contrast.ts';

declare const chrome: {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      remove(keys: string[]): Promise<void>;
    };
  };
  permissions: { contains(permissions: { permissions: string[] }): Promise<boolean> };
};

const suite = chromiumSuite();

// One browser per file: each test starts from an extension that knows no firewall yet.
beforeEach(async () => {
  await suite.browser.serviceWorker.evaluate(() =>
    chrome.storage.local.remove(['options', 'lastLooks', 'history']),
  );
});

async function storedWatch(): Promise<Record<string, unknown>> {
  const { options } = (await suite.browser.serviceWorker.evaluate(() =>
    chrome.storage.local.get('options'),
  )) as { options?: { watch?: Record<string, unknown> } };
  return options?.watch ?? {};
}

/**
 * The admin's first steps: open the GUI once and accept its self-signed certificate (the
 * extension's calls use that exception; no login, the watch uses the API key), then enter its
 * address on the options page.
 */
async function openCard(sim: Sim): Promise<{ page: Page; card: Locator }> {
  expect(await gotoAcceptingCertificate(await suite.newPage(), sim.url)).toBe(true);
  const page = await suite.newPage();
  await page.goto(suite.browser.extensionUrl('src/options/index.html'));
  await page.getByLabel(/^Firewall address/).fill(sim.url);
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  const card = page.locator(`[data-testid="firewall-card"][data-origin="${sim.url}"]`);
  await card.waitFor();
  return { page, card };
}

/** Presses Tab until `target` has the focus; fails when it is not in the tab order. */
async function tabTo(page: Page, target: Locator, { backwards = false } = {}): Promise<void> {
  for (let presses = 0; !(await target.evaluate((element) => element.matches(':focus')));) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    presses += 1;
    expect(presses, 'reachable with the keyboard').toBeLessThan(40);
  }
}

/** Types into the focused field as a person does: select what is there, type, leave it. */
async function retype(page: Page, text: string, leave: 'Tab' | 'Shift+Tab'): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press(leave);
}

describe('the options page, a card per firewall, in Chromium', () => {
  it('shows the firewall, keeps the watch off without a key, turns it on with one', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const { page, card } = await openCard(sim);

    expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe(sim.url);
    expect(await card.getByTestId('plain-http-warning').count()).toBe(0);
    expect(
      await card.getByLabel('My browser session (log in to the GUI as usual)').isChecked(),
    ).toBe(true);
    const toggle = card.getByTestId('watch-toggle');
    const interval = card.getByTestId('watch-interval');
    expect(await toggle.isDisabled()).toBe(true);
    expect(await interval.isDisabled()).toBe(true);
    expect(await card.getByTestId('watch-needs-key').textContent()).toMatch(
      /logged in to the GUI for ever.*dedicated user.*API key/,
    );
    expect(await toggle.getAttribute('aria-describedby')).toBe(
      await card.getByTestId('watch-needs-key').getAttribute('id'),
    );
    expect(await card.getByTestId('last-look').textContent()).toBe('Last check: none yet.');
    expect(await storedWatch()).toEqual({});

    await card.getByLabel('API key and secret').check();
    await card.getByLabel('API key', { exact: true }).fill(sim.credentials.apiKey.key);
    await card.getByLabel('API secret').fill(sim.credentials.apiKey.secret);
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByTestId('card-saved').getByText('Saved.').waitFor();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    expect(await card.getByTestId('watch-needs-key').count()).toBe(0);
    expect(await interval.inputValue()).toBe('15');

    await toggle.click();
    await expect.poll(storedWatch).toEqual({ [sim.url]: { intervalMinutes: 15 } });
    expect(await toggle.isChecked()).toBe(true);
    // This build grants notifications at install (scripts/manifest-for.ts): the card says nothing
    // about a badge-only watch.
    expect(
      await page.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] })),
    ).toBe(true);
    expect(await card.getByTestId('watch-badge-only').count()).toBe(0);

    // On, the watch looks at once (src/background/watch.ts), with the key: the card shows it.
    const lastLook = card.getByTestId('last-look');
    await expect
      .poll(() => lastLook.textContent(), { timeout: 30_000 })
      .toMatch(/^Last check: .+, clean \(started by: Watch\)$/);
    expect(await lastLook.getAttribute('role')).toBe('status');

    await toggle.click();
    await expect.poll(storedWatch).toEqual({});
  });

  it('works with the keyboard alone, and is readable in the light and the dark theme', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const { page, card } = await openCard(sim);
    await card.getByLabel('API key and secret').check();
    await card.getByLabel('API key', { exact: true }).fill(sim.credentials.apiKey.key);
    await card.getByLabel('API secret').fill(sim.credentials.apiKey.secret);
    await card.getByRole('button', { name: 'Save' }).click();
    const toggle = card.getByTestId('watch-toggle');
    const interval = card.getByTestId('watch-interval');
    await expect.poll(() => toggle.isDisabled()).toBe(false);

    // From the top of the page: every control of the card is in the tab order, Disable first.
    await page.locator('h1').click();
    await tabTo(page, card.getByRole('button', { name: 'Disable' }));
    await tabTo(page, toggle);
    const ring = await toggle.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    // Space turns it on (the keyboard is a gesture too: the permission request goes through).
    await page.keyboard.press('Space');
    await expect.poll(storedWatch).toEqual({ [sim.url]: { intervalMinutes: 15 } });

    // A bad interval is refused and said, in an alert tied to the field; nothing is stored.
    await page.keyboard.press('Tab');
    expect(await interval.evaluate((element) => element.matches(':focus'))).toBe(true);
    await retype(page, '0', 'Shift+Tab');
    const problem = card.getByTestId('watch-interval-problem');
    expect(await problem.textContent()).toBe('Enter a whole number of minutes from 1 to 1440.');
    expect(await problem.getAttribute('role')).toBe('alert');
    expect(await interval.getAttribute('aria-invalid')).toBe('true');
    expect(await storedWatch()).toEqual({ [sim.url]: { intervalMinutes: 15 } });

    await page.keyboard.press('Tab');
    await retype(page, '30', 'Shift+Tab');
    await expect.poll(storedWatch).toEqual({ [sim.url]: { intervalMinutes: 30 } });
    expect(await problem.count()).toBe(0);
    await card.getByTestId('card-saved').getByText('Saved.').waitFor();

    // Off and on again by keyboard keeps the interval typed.
    await page.keyboard.press('Space');
    await expect.poll(storedWatch).toEqual({});
    await page.keyboard.press('Space');
    await expect.poll(storedWatch).toEqual({ [sim.url]: { intervalMinutes: 30 } });

    await expect
      .poll(() => card.getByTestId('last-look').textContent(), { timeout: 30_000 })
      .toMatch(/clean \(started by: Watch\)$/);
    await page.locator('h1').click();

    const colours = () =>
      card.evaluate((element) => {
        const head = element.querySelector('h3');
        return {
          card: getComputedStyle(element).backgroundColor,
          text: getComputedStyle(head ?? element).color,
        };
      });
    const light = await colours();
    expect(luminance(light.card)).toBeGreaterThan(0.9);
    expect(luminance(light.text)).toBeLessThan(0.1);
    await elementScreenshot(card, 'options-cards');

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours();
    expect(luminance(dark.card)).toBeLessThan(0.1);
    expect(luminance(dark.text)).toBeGreaterThan(0.6);
    const note = card.locator('.muted').first();
    const noteColours = await note.evaluate((element) => getComputedStyle(element).color);
    expect(contrast(noteColours, dark.card)).toBeGreaterThanOrEqual(4.5);
    await tabTo(page, toggle);
    const darkRing = await toggle.evaluate((element) => getComputedStyle(element).outlineColor);
    expect(contrast(darkRing, dark.card)).toBeGreaterThanOrEqual(3);
    await page.locator('h1').click();
    await elementScreenshot(card, 'options-cards-dark');
  });
});
