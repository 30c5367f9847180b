/**
 * A firewall whose certificate the machine trusts (an internal CA, an ACME certificate): no
 * warning page at all, and the extension's requests must work just the same. The stand-in's
 * certificate is put into the browser's NSS trust store before the browser starts, which is what
 * trusting a certificate means on Linux.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from '../support/chromium.ts';
import {
  applyAndWaitForReload,
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  panel,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';

let sim: Sim | null = null;
let browser: ExtensionBrowser | null = null;
let page: Page | null = null;

beforeAll(async () => {
  sim = await startSim({ users: ['user0'], hostname: 'fw-trusted.test' });
  if (sim.certificatePem === null) throw new Error('the stand-in should serve HTTPS');
  browser = await launchChromiumWithExtension('dist/chrome-e2e', {
    trustedCertificates: [sim.certificatePem],
  });
});
afterAll(async () => {
  await page?.close().catch(() => undefined);
  await browser?.close();
  await sim?.stop();
  expectNoSimHaproxyLeft();
});

describe('a trusted certificate, in Chromium', () => {
  it('shows no warning, and the check and the one-click restart reach the firewall', async () => {
    if (!sim || !browser) throw new Error('set up in beforeAll');
    page = await browser.context.newPage();
    expect(await gotoAcceptingCertificate(page, `${sim.url}/`)).toBe(false);
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url);
    sim.setFaults({ orphanOnReload: true });
    await applyAndWaitForReload(page);
    await waitForAlert(page, /side by side/);
    await panel(page)
      .getByRole('button', { name: /^Restart HAProxy/ })
      .click();
    await waitForPanelText(page, /restarted and verified/, 120_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });
});
