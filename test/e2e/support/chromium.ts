/**
 * Launches Debian's Chromium with a built extension loaded unpacked, in a fresh profile, and
 * removes everything again on close — also when the test failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/** Flags for Debian's Chromium on this closed network (facts §6). */
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

export async function launchChromiumWithExtension(
  buildDir = 'dist/chrome-e2e',
  { headless = true }: { headless?: boolean } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = resolve(buildDir);
  const profile = mkdtempSync(join(tmpdir(), 'hrg-chromium-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless,
      viewport: { width: 1280, height: 860 },
      args: [
        ...CHROMIUM_FLAGS,
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
