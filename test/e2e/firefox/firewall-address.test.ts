/**
 * The firewall where admins have it, in Firefox: plain HTTP on a LAN name (Firefox's default MV3
 * extension CSP upgraded those requests to HTTPS, so nothing reached such a firewall; loopback is
 * exempt, which hid it), and a certificate the machine trusts (no warning page at all). The
 * self-signed certificate accepted on the warning page is the bug-report test's path.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type Sim, type SimOptions } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from '../support/firefox.ts';
import {
  applyAndWaitForReload,
  clickPanelButton,
  enableFromOptionsPage,
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  waitForPanelText,
} from './opnsense-page.ts';

let firefox: FirefoxWithExtension | null = null;
let sim: Sim | null = null;

afterEach(async () => {
  await firefox?.close();
  firefox = null;
  await sim?.stop();
  sim = null;
  expectNoSimHaproxyLeft();
});

/** A sim with an orphan on the next Apply, the extension enabled on it, the admin logged in. */
async function adminOn(options: SimOptions, trusted: boolean): Promise<{ sim: Sim; page: Page }> {
  sim = await startSim({ users: ['user0'], faults: { orphanOnReload: true }, ...options });
  firefox = await launchFirefoxWithExtension(undefined, {
    trustedCertificates: trusted && sim.certificatePem !== null ? [sim.certificatePem] : [],
  });
  const optionsPage = await enableFromOptionsPage(firefox, sim.url);
  await optionsPage.close();
  const page = await firefox.browser.newPage();
  expect(await gotoAcceptingCertificate(page, `${sim.url}/`)).toBe(false);
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  await openHaproxyPage(page, sim.url, '#users');
  return { sim, page };
}

async function orphanFoundAndCleared(current: Sim, page: Page): Promise<void> {
  await applyAndWaitForReload(page);
  const alert = await waitForPanelText(page, /side by side/);
  expect(alert.role).toBe('alert');
  await clickPanelButton(page, /^Restart HAProxy/);
  await waitForPanelText(page, /restarted and verified/, 120_000);
  expect(await current.haproxyPids()).toHaveLength(1);
}

describe('the firewall on its real address, in Firefox', () => {
  it('plain HTTP on a LAN name: the checks and the restart reach it', async () => {
    const { sim: current, page } = await adminOn(
      { scheme: 'http', hostname: 'fw-http.test' },
      false,
    );
    expect(current.url).toMatch(/^http:\/\/fw-http\.test:\d+$/);
    await orphanFoundAndCleared(current, page);
  });

  it('a trusted certificate: no warning, and the checks and the restart reach it', async () => {
    const { sim: current, page } = await adminOn({ hostname: 'fw-trusted.test' }, true);
    expect(current.url).toMatch(/^https:\/\/fw-trusted\.test:\d+$/);
    await orphanFoundAndCleared(current, page);
  });
});
