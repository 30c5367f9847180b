/**
 * The shared frame of a Chromium end-to-end file: one browser with the extension per file, sims
 * and pages per test, and everything stopped afterwards — also when a test fails — with a final
 * check that no haproxy process of any sim is left.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSim, type Credentials, type Sim, type SimOptions } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from './chromium.ts';
import { logInAndOpenHaproxy } from './opnsense-page.ts';

export interface ChromiumSuite {
  readonly browser: ExtensionBrowser;
  /** A stand-in OPNsense, stopped after the test. */
  startSim(options?: SimOptions): Promise<Sim>;
  /** A tab, closed after the test. */
  newPage(): Promise<Page>;
  /**
   * A tab logged in to the sim and showing its HAProxy page. `url` reaches the same sim under
   * another host name (cookies ignore the port, so two GUIs need two names).
   */
  openFirewall(sim: Sim, options?: { url?: string; user?: Credentials }): Promise<Page>;
}

export function chromiumSuite(): ChromiumSuite {
  let browser: ExtensionBrowser | null = null;
  const sims: Sim[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launchChromiumWithExtension();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
    await Promise.all(sims.splice(0).map((sim) => sim.stop()));
    await browser?.context.clearCookies();
  });
  afterAll(async () => {
    await browser?.close();
    expectNoSimHaproxyLeft();
  });

  const suite: ChromiumSuite = {
    get browser() {
      if (!browser) throw new Error('the browser is started in beforeAll');
      return browser;
    },
    async startSim(options) {
      const sim = await startSim(options);
      sims.push(sim);
      return sim;
    },
    async newPage() {
      const page = await suite.browser.context.newPage();
      pages.push(page);
      return page;
    },
    async openFirewall(sim, { url = sim.url, user = sim.credentials.admin } = {}) {
      const page = await suite.newPage();
      await logInAndOpenHaproxy(page, url, user);
      return page;
    },
  };
  return suite;
}
