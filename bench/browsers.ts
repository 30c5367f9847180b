/**
 * Two Debian Chromiums with identical flags and fresh profiles: one with the e2e build loaded
 * unpacked, one without any extension. The build is copied first, so a rebuild of the shared
 * dist/ by someone else during the run cannot change what is measured.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { track } from './cleanup.ts';
import { CHROMIUM_FLAGS } from '../test/e2e/support/chromium.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Temp folder name of our browsers; their processes carry it in `--user-data-dir`. */
export const BROWSER_DIR_PREFIX = 'hrg-bench-browser-';

export interface BenchBrowser {
  readonly context: BrowserContext;
  /** null for the browser without the extension. */
  readonly extensionId: string | null;
  /** The folder the extension was loaded from (a copy of the build). */
  readonly extensionDir: string | null;
  /** The extension's service worker now (Chrome may have restarted it since launch). */
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

export async function launchBrowser(buildDir: string | null): Promise<BenchBrowser> {
  const work = mkdtempSync(join(tmpdir(), BROWSER_DIR_PREFIX));
  // Should the process end abruptly, Playwright still kills the browser on 'exit'; the folder
  // goes with this synchronous handler.
  const removeWork = () => {
    rmSync(work, { recursive: true, force: true });
  };
  process.on('exit', removeWork);
  let context: BrowserContext | null = null;
  const release = track(`chromium in ${work}`, async () => {
    await context?.close().catch(() => undefined);
    removeWork();
    process.off('exit', removeWork);
  });
  try {
    let extensionDir: string | null = null;
    const args = [...CHROMIUM_FLAGS];
    if (buildDir !== null) {
      extensionDir = join(work, 'extension');
      cpSync(resolve(buildDir), extensionDir, { recursive: true });
      args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
    }
    const opened = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Our own signal handler closes the browsers and removes their folders (cleanup.ts);
      // Playwright's would exit the process before that.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1280, height: 860 },
      args,
    });
    context = opened;
    const serviceWorker = async () =>
      opened.serviceWorkers().find(isExtensionWorker) ??
      (await opened.waitForEvent('serviceworker', {
        predicate: isExtensionWorker,
        timeout: 30_000,
      }));
    let extensionId: string | null = null;
    if (extensionDir !== null) extensionId = new URL((await serviceWorker()).url()).host;
    return {
      context: opened,
      extensionId,
      extensionDir,
      serviceWorker,
      close: release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}
