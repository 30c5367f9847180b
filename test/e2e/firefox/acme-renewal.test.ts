/**
 * #18 item 2 in Firefox ESR (dist/firefox, enabled by a real click on the options page): "Issue or
 * renew" on the ACME client's certificates page answers at once, and the certificate's automation
 * restarts HAProxy seconds later (docs/opnsense.md §8), an rc restart that keeps an orphan (§2).
 * The extension follows the newest PID from its event page, and the toolbar badge of the ACME
 * page's tab says `!!`; the warning panel is on the next HAProxy page (read from an extension
 * page: the driver cannot evaluate in Firefox's background).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { waitFor } from '../../support/wait.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from '../support/firefox.ts';
import {
  enableFromOptionsPage,
  logIn,
  openHaproxyPage,
  waitForPanelText,
} from './opnsense-page.ts';

declare const browser: {
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
};

let firefox: FirefoxWithExtension | null = null;
let sim: Sim | null = null;
const pages: Page[] = [];

beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close().catch(() => undefined);
  await sim?.stop();
  sim = null;
});
afterAll(async () => {
  await firefox?.close();
  expectNoSimHaproxyLeft();
});

async function tabIdShowing(extensionPage: Page, url: string): Promise<number> {
  const tabs = await extensionPage.evaluate(() => browser.tabs.query({}));
  const tab = tabs.find((candidate) => candidate.url === url);
  if (tab?.id === undefined) throw new Error(`no tab on ${url}`);
  return tab.id;
}

const badgeOf = (extensionPage: Page, tabId: number) =>
  extensionPage.evaluate((id) => browser.action.getBadgeText({ tabId: id }), tabId);

async function acmeChecks(extensionPage: Page): Promise<{ trigger: string; tabId: number }[]> {
  return extensionPage.evaluate(async () => {
    const all = await browser.storage.session.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith('check:'))
      .map(([, value]) => value as { trigger: string; tabId: number })
      .filter((check) => check.trigger === 'acme');
  });
}

describe('an ACME renewal that restarts HAProxy later, in Firefox', () => {
  it('keeps an orphan: !! on the ACME page tab, then the warning on the next HAProxy page', async () => {
    if (!firefox) throw new Error('Firefox did not start');
    sim = await startSim({ users: ['user0'], acme: { restartDelayMs: 4_000 } });
    const { orphanPid } = await orphanFromTheShell(sim);
    const extensionPage = await enableFromOptionsPage(firefox, sim.url);
    pages.push(extensionPage);
    const page = await firefox.browser.newPage();
    pages.push(page);
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await page.goto(`${sim.url}/ui/acmeclient/certificates`);
    await page.waitForSelector('#grid-certificates .command-sign');
    const tabId = await tabIdShowing(extensionPage, page.url());

    await page.bringToFront();
    await page.locator('#grid-certificates .command-sign').click();
    await page.waitForFunction(() =>
      (document.querySelector('#acmeStatus')?.textContent ?? '').includes('sign: ok'),
    );
    expect(sim.acme.restarts()).toEqual({ done: 0, pending: 1 });

    await waitFor(() => badgeOf(extensionPage, tabId), {
      until: (text) => text === '!!',
      what: 'the ACME tab badge to show !!',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    // The look came after the automation launched its restart. The restart's promise ends only
    // after the new process is up, so on a loaded machine `done` may lag the badge: wait for it.
    expect(sim.acme.restarts().pending).toBe(0);
    const acme = sim.acme;
    await waitFor(() => acme.restarts().done, {
      until: (done) => done === 1,
      what: 'the automation restart to end',
      timeoutMs: 30_000,
    });
    expect(await sim.haproxyPids()).toContain(orphanPid);
    expect(await acmeChecks(extensionPage)).toMatchObject([{ trigger: 'acme', tabId }]);

    await openHaproxyPage(page, sim.url, '#users');
    const panel = await waitForPanelText(page, /side by side/);
    expect(panel.role).toBe('alert');
    expect(panel.rows[String(orphanPid)]).toBe('orphan');
  });
});
