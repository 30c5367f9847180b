/**
 * The firewall where admins have it: a LAN host name, HTTPS with the self-signed certificate of
 * a fresh OPNsense install accepted on Chromium's own warning page, or plain HTTP. Chromium gives
 * an MV3 service worker's requests no certificate exception, so each of these proves the
 * extension's transport, not only the page: the check after Apply, the one-click restart, and the
 * popup's Check now all reach the firewall.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { checkFor, storedChecks } from '../support/extension-state.ts';
import {
  acceptCertificateWarning,
  applyAndWaitForReload,
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  panel,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

/** The popup, opened as a tab while `target` is the last web page the admin used. */
async function openPopupFor(target: Page): Promise<Page> {
  await target.bringToFront();
  const popup = await suite.newPage();
  await popup.goto(suite.browser.extensionUrl('src/popup/index.html'));
  await popup.getByText('Enabled on this firewall.').waitFor();
  return popup;
}

describe('the firewall on its real address, in Chromium', () => {
  it('HTTPS with a self-signed certificate accepted on the warning page: orphan found and cleared', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    expect(sim.url).toMatch(/^https:\/\/fw\.test:\d+$/);
    const page = await suite.newPage();
    // The admin meets the browser's warning first, as on a fresh OPNsense.
    expect(await gotoAcceptingCertificate(page, `${sim.url}/`)).toBe(true);
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url);
    const [orphanPid] = await sim.haproxyPids();

    await applyAndWaitForReload(page);
    const alert = await waitForAlert(page, /side by side/);
    await expect
      .poll(() => alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role'))
      .toBe('orphan');
    await panel(page)
      .getByRole('button', { name: /^Restart HAProxy/ })
      .click();
    await waitForPanelText(page, /restarted and verified/, 120_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });

  it('plain HTTP on a LAN name: orphan found and cleared, a clean Apply confirmed', async () => {
    const sim = await suite.startSim({
      users: ['user0'],
      scheme: 'http',
      hostname: 'fw-http.test',
      faults: { orphanOnReload: true },
    });
    expect(sim.url).toMatch(/^http:\/\/fw-http\.test:\d+$/);
    const page = await suite.openFirewall(sim);
    await applyAndWaitForReload(page);
    await waitForAlert(page, /side by side/);
    await panel(page)
      .getByRole('button', { name: /^Restart HAProxy/ })
      .click();
    await waitForPanelText(page, /restarted and verified/, 120_000);
    expect(await sim.haproxyPids()).toHaveLength(1);

    sim.setFaults({ orphanOnReload: false });
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /reload verified/);
    expect((await checkFor(suite.browser.serviceWorker, sim.url))?.verdict?.kind).toBe('clean');
  });

  it('a certificate not accepted yet: says so, opens the GUI, and checks again once accepted', async () => {
    const sim = await suite.startSim({ users: ['user0'], hostname: 'fw-new.test' });
    // A new browser profile: the firewall's tab shows the warning and nothing was accepted.
    const tab = await suite.newPage();
    await expect(tab.goto(`${sim.url}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);

    const popup = await openPopupFor(tab);
    await popup.getByRole('button', { name: 'Check now' }).click();
    const error = popup.getByTestId('popup-error');
    await expect
      .poll(() => error.textContent())
      .toMatch(/does not trust the firewall's certificate/);
    expect(await error.textContent()).not.toMatch(/cannot be reached/);
    expect(await popup.getByTestId('popup-verdict').textContent()).not.toMatch(/clean/);
    await screenshot(popup, 'popup-certificate');

    const opened = suite.browser.context.waitForEvent('page');
    await popup.getByRole('button', { name: "Open the firewall's GUI" }).click();
    const gui = await opened;
    // The new tab shows the browser's warning: the admin clicks through it, nothing else.
    await acceptCertificateWarning(gui);
    expect(gui.url()).toBe(`${sim.url}/`);
    // Checked again by itself: the firewall answered (not logged in yet: "log in", not a
    // certificate problem and never "clean").
    await expect
      .poll(async () => {
        const latest = await checkFor(suite.browser.serviceWorker, sim.url);
        return latest?.phase === 'done' ? latest.error?.kind : 'pending';
      })
      .toBe('session-expired');
    const manualChecks = (await storedChecks(suite.browser.serviceWorker)).filter(
      (check) => check.origin === sim.url,
    );
    expect(manualChecks.every((check) => check.verdict?.kind !== 'clean')).toBe(true);

    // Logged in, the same popup's Check now verifies the firewall.
    await logIn(gui, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    const loggedInPopup = await openPopupFor(gui);
    await loggedInPopup.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(async () => {
        const latest = await checkFor(suite.browser.serviceWorker, sim.url);
        return latest?.phase === 'done' ? (latest.verdict?.kind ?? latest.error?.kind) : 'pending';
      })
      .toBe('clean');
  });

  it('a firewall that is down is "cannot be reached", not a certificate problem', async () => {
    const sim = await suite.startSim({ users: ['user0'], hostname: 'fw-down.test' });
    const page = await suite.openFirewall(sim);
    await sim.stop();
    const popup = await openPopupFor(page);
    await popup.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(() => popup.getByTestId('popup-error').textContent(), { timeout: 30_000 })
      .toMatch(/cannot be reached/);
    expect(await popup.getByRole('button', { name: "Open the firewall's GUI" }).count()).toBe(0);
  });
});
