/**
 * The shared frame of a Firefox end-to-end file: one Firefox ESR with the release build per file,
 * sims and tabs per test, and everything stopped afterwards — also when a test fails — with a
 * final check that no haproxy process of any sim is left.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSim, type Sim, type SimOptions } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { enableFromOptionsPage, logIn, openHaproxyPage } from '../firefox/opnsense-page.ts';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox.ts';

export interface FirefoxSuite {
  readonly firefox: FirefoxWithExtension;
  /** A stand-in OPNsense, stopped after the test. */
  startSim(options?: SimOptions): Promise<Sim>;
  /** A tab, closed after the test. */
  newPage(): Promise<Page>;
  /** The options page after a real click on "Enable" for `firewallUrl`; closed after the test. */
  enableFromOptionsPage(firewallUrl: string): Promise<Page>;
  /** A tab logged in as the sim's admin, showing its HAProxy page at `hash`; closed after the test. */
  openFirewall(sim: Sim, hash?: string): Promise<Page>;
}

export function firefoxSuite(): FirefoxSuite {
  let firefox: FirefoxWithExtension | null = null;
  const sims: Sim[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    firefox = await launchFirefoxWithExtension();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
    await Promise.all(sims.splice(0).map((sim) => sim.stop()));
  });
  afterAll(async () => {
    await firefox?.close();
    expectNoSimHaproxyLeft();
  });

  const suite: FirefoxSuite = {
    get firefox() {
      if (!firefox) throw new Error('Firefox is started in beforeAll');
      return firefox;
    },
    async startSim(options) {
      const sim = await startSim(options);
      sims.push(sim);
      return sim;
    },
    async newPage() {
      const page = await suite.firefox.browser.newPage();
      pages.push(page);
      return page;
    },
    async enableFromOptionsPage(firewallUrl) {
      const options = await enableFromOptionsPage(suite.firefox, firewallUrl);
      pages.push(options);
      return options;
    },
    async openFirewall(sim, hash = '#users') {
      const page = await suite.newPage();
      const { user, password } = sim.credentials.admin;
      await logIn(page, sim.url, user, password);
      await openHaproxyPage(page, sim.url, hash);
      return page;
    },
  };
  return suite;
}
