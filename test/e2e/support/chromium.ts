/**
 * Launches Debian's Chromium with a built extension loaded unpacked, in a fresh profile, and
 * removes everything again on close — also when the test failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { trustInNssDatabase } from './nss.ts';

/** Flags for Debian's Chromium on this closed network (docs/opnsense.md §6). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // This machine has no network: without these Chromium keeps dialling out and logging.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The stand-in firewalls answer under LAN-like names (fw.test, fw-b.test, …) on loopback, so
  // the browser meets a host name and its certificate, as with a real firewall.
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly serviceWorker: Worker;
  /** `chrome-extension://<id>/<path>` */
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/**
 * A trust store in which `certificates` (PEM) are trusted, the way an admin's machine trusts an
 * internal CA or an ACME certificate: Chromium on Linux reads user trust from the NSS database
 * in `$HOME/.pki/nssdb`, so the browser gets a HOME of its own. The
 * stand-in's certificate is a leaf (CA:FALSE), so it is trusted as a peer (`P`): as a CA (`C`)
 * Chromium rejects it with ERR_CERT_INVALID.
 */
function homeTrusting(dir: string, certificates: readonly string[]): string {
  trustInNssDatabase(join(dir, '.pki', 'nssdb'), certificates, 'P,,');
  return dir;
}

export async function launchChromiumWithExtension(
  buildDir = 'dist/chrome-e2e',
  {
    headless = true,
    trustedCertificates = [],
    language = null,
  }: {
    headless?: boolean;
    trustedCertificates?: readonly string[];
    /** The UI language (`zh_CN`, `de`): Chromium on Linux takes it from `--lang` and `LANGUAGE`. */
    language?: string | null;
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = resolve(buildDir);
  const profile = mkdtempSync(join(tmpdir(), 'hrg-chromium-'));
  let context: BrowserContext | null = null;
  try {
    const home =
      trustedCertificates.length > 0
        ? homeTrusting(join(profile, 'home'), trustedCertificates)
        : null;
    context = await chromium.launchPersistentContext(join(profile, 'user-data'), {
      executablePath: CHROMIUM_PATH,
      headless,
      ...(home === null && language === null
        ? {}
        : {
            env: {
              ...process.env,
              ...(home === null ? {} : { HOME: home }),
              ...(language === null ? {} : { LANGUAGE: language, LANG: `${language}.UTF-8` }),
            },
          }),
      viewport: { width: 1280, height: 860 },
      // Dates and numbers on the extension's pages follow the page locale, not --lang.
      ...(language === null ? {} : { locale: language.replace('_', '-') }),
      args: [
        ...CHROMIUM_FLAGS,
        ...(language === null ? [] : [`--lang=${language.replace('_', '-')}`]),
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    });
    const serviceWorker =
      context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    const opened = context;
    return {
      context: opened,
      extensionId,
      serviceWorker,
      extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
      async close() {
        await opened.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
