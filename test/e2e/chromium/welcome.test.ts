/**
 * The first run, in Chromium: a fresh profile installs the extension, the welcome page opens by
 * itself, says what the extension does and the three ways to enable a firewall, asks for nothing
 * until the admin submits its form, and the form enables a firewall that the options page then
 * shows as a card. (An update opens nothing: test/unit/background/permissions/first-run.test.ts.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { screenshot } from '../support/screenshots.ts';

declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const suite = chromiumSuite();
const FIREWALL = 'https://fw.test:8443';

async function storedAuth(): Promise<Record<string, unknown>> {
  const { options } = (await suite.browser.serviceWorker.evaluate(() =>
    chrome.storage.local.get('options'),
  )) as { options?: { auth?: Record<string, unknown> } };
  return options?.auth ?? {};
}

function welcomePages(): Page[] {
  const url = suite.browser.extensionUrl('src/welcome/index.html');
  return suite.browser.context.pages().filter((page) => page.url() === url);
}

describe('the welcome page, in Chromium', () => {
  it('opens once on install and its form enables a firewall', async () => {
    await waitFor(() => welcomePages().length > 0, {
      what: 'the welcome page to open on install',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const [welcome] = welcomePages();
    if (!welcome) throw new Error('no welcome page');
    expect(welcomePages()).toHaveLength(1);

    await welcome.getByRole('heading', { name: 'Welcome to HAProxy Reload Guard' }).waitFor();
    await expect(welcome.title()).resolves.toBe('Welcome to HAProxy Reload Guard');
    const ways = await welcome.locator('ol.ways li').allTextContents();
    expect(ways).toHaveLength(3);
    expect(ways[0]).toContain('“Enable on this firewall”');
    expect(ways[1]).toContain('“Enable HAProxy Reload Guard on this firewall”');
    // Nothing is stored or requested before the admin acts.
    expect(await storedAuth()).toEqual({});
    await screenshot(welcome, 'welcome');

    await welcome.getByLabel(/^Firewall address/).fill(FIREWALL);
    await welcome.getByRole('button', { name: 'Enable', exact: true }).click();
    const enabled = welcome.locator(`[data-testid="welcome-enabled"][data-origin="${FIREWALL}"]`);
    await enabled.waitFor();
    expect(await enabled.textContent()).toContain(`Enabled: ${FIREWALL}.`);
    expect(await storedAuth()).toEqual({ [FIREWALL]: { kind: 'session' } });

    // The options page knows it: the firewall has its card.
    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl('src/options/index.html'));
    await options.locator(`[data-testid="firewall-card"][data-origin="${FIREWALL}"]`).waitFor();
    await welcome.close();
  });
});
