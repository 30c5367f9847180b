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
  acceptCertificateWarning,
  applyAndWaitForReload,
  clickPanelButton,
  enableFromOptionsPage,
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  waitForPanelText,
} from './opnsense-page.ts';
import { waitFor } from '../../support/wait.ts';

/** The extension APIs as an extension page sees them, for code evaluated in that page. */
declare const browser: {
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
};

interface StoredCheck {
  readonly origin: string;
  readonly startedAt: number;
  readonly phase: string;
  readonly error: { readonly kind: string } | null;
  readonly verdict: { readonly kind: string } | null;
}

/** The newest check of `origin` the background stored, read from an extension page. */
async function latestCheck(extensionPage: Page, origin: string): Promise<StoredCheck | null> {
  const checks = await extensionPage.evaluate(async () => {
    const all = await browser.storage.session.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith('check:'))
      .map(([, value]) => value as StoredCheck);
  });
  const own = checks.filter((check) => check.origin === origin);
  own.sort((a, b) => b.startedAt - a.startedAt);
  return own[0] ?? null;
}

/** A real click on the page's button labelled `text` (which may hold quotes). */
async function clickButton(page: Page, text: string): Promise<void> {
  await page.bringToFront();
  const button = await waitFor(
    async () => {
      for (const candidate of await page.$$('button')) {
        if ((await candidate.evaluate((element) => element.textContent.trim())) === text) {
          return candidate;
        }
      }
      return null;
    },
    { until: (found) => found !== null, what: `the button "${text}"`, timeoutMs: 15_000 },
  );
  await button.click();
}

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

  it('a certificate not accepted yet: says so, opens the GUI, and checks again once accepted', async () => {
    sim = await startSim({ users: ['user0'], hostname: 'fw-new.test' });
    firefox = await launchFirefoxWithExtension();
    const options = await enableFromOptionsPage(firefox, sim.url);
    const tab = await firefox.browser.newPage();
    await expect(tab.goto(`${sim.url}/`)).rejects.toThrow(/SELF_SIGNED_CERT|SEC_ERROR/);

    await tab.bringToFront();
    const popup = await firefox.openExtensionPage('src/popup/index.html', 'main button');
    await clickButton(popup, 'Check now');
    const message = await waitFor(
      () =>
        popup.evaluate(
          () => document.querySelector('[data-testid="popup-error"]')?.textContent ?? '',
        ),
      {
        until: (text) => text !== '',
        what: 'the popup to show the check error',
        timeoutMs: 30_000,
      },
    );
    expect(message).toMatch(/does not trust the firewall's certificate/);

    const before = new Set(await firefox.browser.pages());
    await clickButton(popup, "Open the firewall's GUI");
    // The tab the extension opened (puppeteer over BiDi reports it among the pages).
    const gui = await waitFor(
      async () => (await firefox?.browser.pages())?.find((page) => !before.has(page)) ?? null,
      { until: (page) => page !== null, what: 'the tab with the firewall GUI', timeoutMs: 15_000 },
    );
    await acceptCertificateWarning(gui);
    // Checked again by itself: the firewall answered ("log in", never a certificate problem
    // any more, never "clean" without a session).
    const after = await waitFor(() => latestCheck(options, sim?.url ?? ''), {
      until: (check) => check?.phase === 'done' && check.error?.kind !== 'certificate',
      what: 'a check after the certificate was accepted',
      timeoutMs: 30_000,
    });
    expect(after?.error?.kind).toBe('session-expired');
    expect(after?.verdict?.kind).not.toBe('clean');
  });

  it('a trusted certificate: no warning, and the checks and the restart reach it', async () => {
    const { sim: current, page } = await adminOn({ hostname: 'fw-trusted.test' }, true);
    expect(current.url).toMatch(/^https:\/\/fw-trusted\.test:\d+$/);
    await orphanFoundAndCleared(current, page);
  });
});
