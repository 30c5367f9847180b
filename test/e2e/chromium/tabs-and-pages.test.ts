/**
 * Checks belong to their tab and firewall: two tabs applying at once on two firewalls keep their
 * own verdicts across the page reloads. And the popup and options pages show and act on them.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from '../support/chromium.ts';
import { storedChecks } from '../support/extension-state.ts';
import {
  applyAndWaitForReload,
  logIn,
  openHaproxyPage,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

declare const chrome: {
  storage: {
    local: { get(key: null): Promise<Record<string, unknown>> };
    sync: { get(key: null): Promise<Record<string, unknown>> };
  };
};

let browser: ExtensionBrowser;
const sims: Sim[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchChromiumWithExtension();
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});
afterAll(async () => {
  await browser.close();
  expectNoSimHaproxyLeft();
});

async function firewallTab(sim: Sim, url = sim.url): Promise<Page> {
  const page = await browser.context.newPage();
  pages.push(page);
  await logIn(page, url, sim.credentials.admin.user, sim.credentials.admin.password);
  await openHaproxyPage(page, url);
  return page;
}

describe('tabs, popup and options, in Chromium', () => {
  it('keeps two tabs applying at the same time on two firewalls apart', async () => {
    const broken = await startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    sims.push(broken);
    const healthy = await startSim({ users: ['user0'] });
    sims.push(healthy);
    // Two firewalls need two host names: cookies ignore the port, so two GUIs on one host
    // would share (and overwrite) one PHPSESSID, as they would in a real browser.
    const healthyUrl = healthy.url.replace('127.0.0.1', 'localhost');
    const brokenTab = await firewallTab(broken);
    const healthyTab = await firewallTab(healthy, healthyUrl);
    const [orphanPid] = await broken.haproxyPids();

    await Promise.all([applyAndWaitForReload(brokenTab), applyAndWaitForReload(healthyTab)]);
    const alert = await waitForAlert(brokenTab, /side by side/);
    expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
    await waitForPanelText(healthyTab, /reload verified/);

    const checks = await storedChecks(browser.serviceWorker);
    const byOrigin = new Map(checks.map((check) => [check.origin, check]));
    expect(byOrigin.get(broken.url)?.verdict?.kind).toBe('duplicate');
    expect(byOrigin.get(healthyUrl)?.verdict?.kind).toBe('clean');
  });

  it('shows the last verdict in the popup, checks on demand, and records the history', async () => {
    const sim = await startSim({ users: ['user0'] });
    sims.push(sim);
    const tab = await firewallTab(sim);
    await applyAndWaitForReload(tab);
    await waitForPanelText(tab, /reload verified/);

    const popup = await browser.context.newPage();
    pages.push(popup);
    await tab.bringToFront();
    await popup.goto(browser.extensionUrl('src/popup/index.html'));
    await popup.getByText('Enabled on this firewall.').waitFor();
    await expect.poll(() => popup.getByTestId('popup-verdict').textContent()).toMatch(/^clean/);
    const [pid] = await sim.haproxyPids();
    expect(await popup.getByTestId('popup-processes').textContent()).toContain(`${pid} (current)`);
    await screenshot(popup, 'popup');

    const checksBefore = (await storedChecks(browser.serviceWorker)).length;
    await popup.getByRole('button', { name: 'Check now' }).click();
    // The on-demand check shows on the firewall's tab too, and ends clean.
    await waitForPanelText(tab, /reload verified/);
    await expect
      .poll(
        async () =>
          (await storedChecks(browser.serviceWorker)).filter((c) => c.trigger === 'manual').length,
      )
      .toBeGreaterThanOrEqual(1);
    expect((await storedChecks(browser.serviceWorker)).length).toBeGreaterThanOrEqual(checksBefore);

    const options = await browser.context.newPage();
    pages.push(options);
    await options.goto(browser.extensionUrl('src/options/index.html'));
    const history = options.getByTestId('history');
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await history.textContent()).toContain(sim.url);
    await screenshot(options, 'options');
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export as JSON' }).click();
    const exported = JSON.parse(
      await (await download).createReadStream().then(readAll),
    ) as unknown[];
    expect(exported.length).toBeGreaterThanOrEqual(2);
    await options.getByRole('button', { name: 'Clear history' }).click();
    await options.getByText('No checks recorded yet.').waitFor();
  });

  it('keeps an API key in storage.local only, never in storage.sync', async () => {
    const sim = await startSim({ users: ['user0'] });
    sims.push(sim);
    const tab = await firewallTab(sim);
    await applyAndWaitForReload(tab);
    await waitForPanelText(tab, /reload verified/);
    const options = await browser.context.newPage();
    pages.push(options);
    await options.goto(browser.extensionUrl('src/options/index.html'));
    const fieldset = options.locator('fieldset', { hasText: sim.url });
    await fieldset.getByLabel('API key and secret').check();
    await fieldset.getByLabel('API key', { exact: true }).fill(sim.credentials.apiKey.key);
    await fieldset.getByLabel('API secret').fill(sim.credentials.apiKey.secret);
    await fieldset.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();

    const local = await browser.serviceWorker.evaluate(() => chrome.storage.local.get(null));
    const sync = await browser.serviceWorker.evaluate(() => chrome.storage.sync.get(null));
    expect(JSON.stringify(local)).toContain(sim.credentials.apiKey.secret);
    expect(JSON.stringify(sync)).not.toContain(sim.credentials.apiKey.secret);

    // With the key, a check works even after the browser session is gone.
    await browser.context.clearCookies();
    await tab.bringToFront();
    const popup = await browser.context.newPage();
    pages.push(popup);
    await popup.goto(browser.extensionUrl('src/popup/index.html'));
    await popup.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(
        async () => {
          const manual = (await storedChecks(browser.serviceWorker)).filter(
            (check) => check.trigger === 'manual' && check.origin === sim.url,
          );
          return manual[0]?.verdict?.kind ?? manual[0]?.error?.kind ?? 'pending';
        },
        { timeout: 30_000 },
      )
      .toBe('clean');
  });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
