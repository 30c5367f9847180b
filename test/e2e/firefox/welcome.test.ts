/**
 * The first run, in Firefox: installing the add-on opens the welcome page by itself, it holds no
 * host access until the admin submits its form, and a real click on its "Enable" grants the
 * firewall's host (without its port, as Firefox requires), stores the firewall and registers
 * the content scripts for its HAProxy pages.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { FirefoxWithExtension } from '../support/firefox.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import { waitFor } from '../../support/wait.ts';
import { grantedOrigins, registeredMatches, screenshot } from './opnsense-page.ts';

/** The extension API as the welcome page sees it, for code evaluated in that page. */
declare const browser: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const suite = firefoxSuite();
const FIREWALL = 'https://fw.test:8443';

/**
 * The tabs showing the welcome page. Over BiDi a tab that moved into the extension's process
 * keeps reporting about:blank as its URL, so each tab is asked where it is.
 */
async function welcomePages(opened: FirefoxWithExtension): Promise<Page[]> {
  const url = opened.extensionUrl('src/welcome/index.html');
  const pages = await opened.browser.pages();
  const locations = await Promise.all(
    pages.map((page) => page.evaluate(() => location.href).catch(() => '')),
  );
  return pages.filter((_, index) => locations[index] === url);
}

describe('the welcome page, in Firefox', () => {
  it('opens once on install and its form enables a firewall', async () => {
    const pages = await waitFor(() => welcomePages(suite.firefox), {
      until: (found) => found.length > 0,
      what: 'the welcome page to open on install',
      timeoutMs: 30_000,
    });
    expect(pages).toHaveLength(1);
    const [welcome] = pages;
    if (!welcome) throw new Error('no welcome page');
    await waitFor(
      () => welcome.evaluate(() => document.querySelector('ol.ways') !== null).catch(() => false),
      { until: (ready) => ready, what: 'the welcome page to render', timeoutMs: 15_000 },
    );
    const ways = await welcome.evaluate(() =>
      [...document.querySelectorAll('ol.ways li')].map((item) => item.textContent),
    );
    expect(ways).toHaveLength(3);
    // Nothing is granted before the admin acts.
    expect(await grantedOrigins(welcome)).toEqual([]);
    await screenshot(welcome, 'welcome');

    await welcome.bringToFront();
    await welcome.locator('#address').fill(FIREWALL);
    await welcome.locator('form button[type="submit"]').click();
    await welcome.waitForSelector(`[data-testid="welcome-enabled"][data-origin="${FIREWALL}"]`);
    expect(await grantedOrigins(welcome)).toEqual(['https://fw.test/*']);
    const stored = await welcome.evaluate(async () => {
      const { options } = await browser.storage.local.get('options');
      return (options as { auth?: Record<string, unknown> } | undefined)?.auth ?? {};
    });
    expect(stored).toEqual({ [FIREWALL]: { kind: 'session' } });
    const matches = await waitFor(() => registeredMatches(welcome), {
      until: (registered) => Object.keys(registered).length === 2,
      what: 'the content scripts to be registered',
      timeoutMs: 15_000,
    });
    expect(matches['hrg-content']).toContain('https://fw.test/ui/haproxy');
  });
});
