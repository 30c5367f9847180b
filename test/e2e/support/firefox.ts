/**
 * Launches Debian's Firefox ESR over WebDriver BiDi (puppeteer-core) in a fresh profile, installs
 * a built extension as a temporary add-on, and removes everything again on close — also when the
 * test failed or the browser hangs.
 *
 * The extension is the release build (dist/firefox), copied as it is to a temporary folder first:
 * Firefox reads a temporary add-on's files lazily from disk, and the shared dist/ folder may be
 * rebuilt by another run while a test is in progress.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { waitFor } from '../../support/wait.ts';
import { trustInNssDatabase } from './nss.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The moz-extension host the tests give the add-on (any UUID works; this one is ours). */
export const EXTENSION_UUID = '6f1c2a4e-8d3b-4c7a-9e5f-0b1d2c3e4f50';

export interface FirefoxWithExtension {
  readonly browser: Browser;
  /** `moz-extension://<uuid>/<path>` */
  extensionUrl(path: string): string;
  /** Opens an extension page (options, popup) in a new tab and waits until it has rendered. */
  openExtensionPage(path: string, readySelector: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Trusts `certificates` (PEM) in the profile's own NSS database, as an admin's machine trusts an
 * internal CA or an ACME certificate. Firefox accepts the stand-in's leaf certificate as a
 * trust anchor (`CT,C,C`); as a mere trusted peer it would still warn.
 */
function trustInProfile(profile: string, certificates: readonly string[]): void {
  trustInNssDatabase(profile, certificates, 'CT,C,C');
}

function geckoIdOf(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (id === undefined) throw new Error(`${extensionDir}/manifest.json has no gecko id`);
  return id;
}

/**
 * `buildDir` defaults to dist/firefox; `HRG_FIREFOX_BUILD` points the tests at another folder,
 * e.g. the unzipped store package from `npm run package`.
 */
export async function launchFirefoxWithExtension(
  buildDir = process.env.HRG_FIREFOX_BUILD ?? 'dist/firefox',
  { trustedCertificates = [] }: { trustedCertificates?: readonly string[] } = {},
): Promise<FirefoxWithExtension> {
  const workDir = mkdtempSync(join(tmpdir(), 'hrg-firefox-'));
  const extensionDir = join(workDir, 'extension');
  const profile = join(workDir, 'profile');
  if (trustedCertificates.length > 0) trustInProfile(profile, trustedCertificates);
  let browser: Browser | null = null;
  const removeAll = async () => {
    const process = browser?.process();
    // BiDi's close can hang when Firefox is stuck; the process is ours, end it by its id.
    await Promise.race([
      browser?.close(),
      new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
    ]).catch(() => undefined);
    if (process && process.exitCode === null && process.signalCode === null) {
      process.kill('SIGKILL');
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    cpSync(resolve(buildDir), extensionDir, { recursive: true });
    const geckoId = geckoIdOf(extensionDir);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profile,
      // Without it WebDriver BiDi refuses to navigate to moz-extension:// pages (Firefox 138+):
      // the options page could not be opened at all. It gives the driver, not the add-on, access.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        // A real click on an extension page's button grants an optional permission at once
        // instead of showing the doorhanger, which headless Firefox cannot display.
        'extensions.webextOptionalPermissionPrompts': false,
        // Every host name resolves to loopback, where the stand-in firewalls answer under LAN-like
        // names (fw.test, …): the browser meets a host name and its certificate.
        'network.dns.forceResolve': '127.0.0.1',
        // Fixes the add-on's moz-extension:// host, so its pages can be opened by URL.
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      },
    });
    await browser.installExtension(extensionDir);
    const opened = browser;
    const extensionUrl = (path: string) =>
      `moz-extension://${EXTENSION_UUID}/${path.replace(/^\//, '')}`;
    return {
      browser: opened,
      extensionUrl,
      async openExtensionPage(path, readySelector) {
        const page = await opened.newPage();
        const url = extensionUrl(path);
        // Firefox moves the tab into the extension process, and BiDi's navigate never reports
        // that load as finished: start it, then wait for the page's own content instead. While
        // the tab switches process an evaluation can fail outright, so failures count as "not
        // yet" until the deadline (as they do in waitFor).
        page.goto(url).catch(() => undefined);
        await waitFor(
          () =>
            page.evaluate(
              (expected, selector) =>
                location.href === expected &&
                document.readyState === 'complete' &&
                document.querySelector(selector) !== null,
              url,
              readySelector,
            ),
          { what: `${url} to show ${readySelector}`, timeoutMs: 30_000 },
        );
        return page;
      },
      close: removeAll,
    };
  } catch (error) {
    await removeAll();
    throw error;
  }
}
