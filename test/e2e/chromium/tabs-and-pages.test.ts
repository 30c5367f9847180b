/**
 * Checks belong to their tab and firewall: two tabs applying at once on two firewalls keep their
 * own verdicts across the page reloads. And the popup and options pages show and act on them.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { storedChecks } from '../support/extension-state.ts';
import { applyAndWaitForReload, waitForAlert, waitForPanelText } from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

declare const chrome: {
  storage: {
    local: { get(key: null): Promise<Record<string, unknown>> };
    sync: { get(key: null): Promise<Record<string, unknown>> };
  };
};

const suite = chromiumSuite();

describe('tabs, popup and options, in Chromium', () => {
  it('keeps two tabs applying at the same time on two firewalls apart', async () => {
    const broken = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    // Two firewalls need two host names: cookies ignore the port, so two GUIs on one host
    // would share (and overwrite) one PHPSESSID, as they would in a real browser.
    const healthy = await suite.startSim({ users: ['user0'], hostname: 'fw-b.test' });
    const healthyUrl = healthy.url;
    const brokenTab = await suite.openFirewall(broken);
    const healthyTab = await suite.openFirewall(healthy);
    const [orphanPid] = await broken.haproxyPids();

    await Promise.all([applyAndWaitForReload(brokenTab), applyAndWaitForReload(healthyTab)]);
    const alert = await waitForAlert(brokenTab, /side by side/);
    expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
    await waitForPanelText(healthyTab, /reload verified/);

    const checks = await storedChecks(suite.browser.serviceWorker);
    const byOrigin = new Map(checks.map((check) => [check.origin, check]));
    expect(byOrigin.get(broken.url)?.verdict?.kind).toBe('duplicate');
    expect(byOrigin.get(healthyUrl)?.verdict?.kind).toBe('clean');
  });

  it('shows the last verdict in the popup, checks on demand, and records the history', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const tab = await suite.openFirewall(sim);
    await applyAndWaitForReload(tab);
    await waitForPanelText(tab, /reload verified/);

    const popup = await suite.newPage();
    await tab.bringToFront();
    await popup.goto(suite.browser.extensionUrl('src/popup/index.html'));
    await popup.getByText('Enabled on this firewall.').waitFor();
    await expect.poll(() => popup.getByTestId('popup-verdict').textContent()).toMatch(/^clean/);
    const [pid] = await sim.haproxyPids();
    expect(await popup.getByTestId('popup-processes').textContent()).toContain(`${pid} (current)`);
    await screenshot(popup, 'popup');

    await popup.getByRole('button', { name: 'Check now' }).click();
    // The on-demand check runs for the firewall's tab and ends clean (the Apply's confirmation
    // on the page may still be showing, so the stored check is what proves it).
    await expect
      .poll(async () => {
        const manual = (await storedChecks(suite.browser.serviceWorker)).find(
          (check) => check.trigger === 'manual' && check.origin === sim.url,
        );
        return manual?.phase === 'done' ? manual.verdict?.kind : 'pending';
      })
      .toBe('clean');

    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl('src/options/index.html'));
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
    const sim = await suite.startSim({ users: ['user0'] });
    const tab = await suite.openFirewall(sim);
    await applyAndWaitForReload(tab);
    await waitForPanelText(tab, /reload verified/);
    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl('src/options/index.html'));
    const card = options.locator(`[data-testid="firewall-card"][data-origin="${sim.url}"]`);
    await card.getByLabel('API key and secret').check();
    await card.getByLabel('API key', { exact: true }).fill(sim.credentials.apiKey.key);
    await card.getByLabel('API secret').fill(sim.credentials.apiKey.secret);
    await card.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();

    const local = await suite.browser.serviceWorker.evaluate(() => chrome.storage.local.get(null));
    const sync = await suite.browser.serviceWorker.evaluate(() => chrome.storage.sync.get(null));
    expect(JSON.stringify(local)).toContain(sim.credentials.apiKey.secret);
    expect(JSON.stringify(sync)).not.toContain(sim.credentials.apiKey.secret);

    // With the key, a check works even after the browser session is gone.
    await suite.browser.context.clearCookies();
    await tab.bringToFront();
    const popup = await suite.newPage();
    await popup.goto(suite.browser.extensionUrl('src/popup/index.html'));
    await popup.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(
        async () => {
          const manual = (await storedChecks(suite.browser.serviceWorker)).filter(
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
