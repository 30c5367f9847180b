/**
 * Revoking access in Chromium, with the store build (dist/chrome): the firewall is granted through
 * the extension's options page, "Disable" there removes the permission, the background unregisters
 * both content scripts, and a fresh load of the HAProxy page runs nothing of the extension.
 *
 * Why not dist/chrome-e2e: it grants the loopback hosts in `host_permissions`, and Chromium refuses
 * `permissions.remove` for those ("You cannot remove required permissions").
 *
 * How the grant happens: Chromium shows a prompt for `permissions.request()`, and headless Chromium
 * has no way to accept it (no command-line switch, no CDP command; `--load-extension` grants only
 * manifest hosts). Chromium does skip the prompt for a site the user has already allowed for this
 * extension under chrome://extensions › Details › Site access. So the test does that step through
 * the API of that settings page (chrome.developerPrivate, what its controls call), then enables the
 * firewall with a real click on the options page's "Enable" — whose request still has to succeed
 * for the test to go on, because Site access alone grants nothing (checked below).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from '../support/chromium.ts';
import {
  applyAndWaitForReload,
  logIn,
  openHaproxyPage,
  PANEL_HOST,
  waitForPanelText,
} from '../support/opnsense-page.ts';

declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  permissions: { getAll(): Promise<{ origins?: string[] }> };
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
  developerPrivate: {
    updateExtensionConfiguration(update: {
      extensionId: string;
      hostAccess: string;
    }): Promise<void>;
    addHostPermission(extensionId: string, host: string): Promise<void>;
  };
};

const PATTERN = 'https://fw.test/*';
const HAPROXY_MATCHES = [
  'https://fw.test/ui/haproxy',
  'https://fw.test/ui/haproxy/*',
  'https://fw.test/ui/haproxy?*',
];

let workDir: string | null = null;
let browser: ExtensionBrowser | null = null;
let sim: Sim | null = null;
const pages: Page[] = [];

beforeAll(async () => {
  // A copy: Chromium reads an unpacked extension lazily, and dist/ may be rebuilt meanwhile.
  workDir = mkdtempSync(join(tmpdir(), 'hrg-chrome-build-'));
  cpSync('dist/chrome', workDir, { recursive: true });
  browser = await launchChromiumWithExtension(workDir);
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close().catch(() => undefined);
  await sim?.stop();
  sim = null;
});
afterAll(async () => {
  await browser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  expectNoSimHaproxyLeft();
});

async function registeredMatches(extensionPage: Page): Promise<Record<string, string[]>> {
  return extensionPage.evaluate(async () => {
    const scripts = await chrome.scripting.getRegisteredContentScripts();
    return Object.fromEntries(scripts.map((script) => [script.id, script.matches ?? []]));
  });
}

async function grantedOrigins(extensionPage: Page): Promise<string[]> {
  return extensionPage.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
}

async function storedCheckCount(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(
    async () =>
      Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('check:'))
        .length,
  );
}

/** See the file comment: jQuery's `ajaxComplete` hook is the main-world observer's trace. */
async function pageObserverHooked(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const jquery = (
      window as unknown as {
        jQuery?: { _data(target: Document, key: string): Record<string, unknown> | undefined };
      }
    ).jQuery;
    return jquery?._data(document, 'events')?.ajaxComplete !== undefined;
  });
}

describe('revoking access, in Chromium', () => {
  it('"Disable" unregisters the content scripts and the HAProxy page gets no panel', async () => {
    if (!browser) throw new Error('Chromium did not start');
    sim = await startSim({ users: ['user0'] });
    const settings = await browser.context.newPage();
    const options = await browser.context.newPage();
    const page = await browser.context.newPage();
    pages.push(settings, options, page);

    await settings.goto(`chrome://extensions/?id=${browser.extensionId}`);
    await settings.evaluate(
      async ({ id, pattern }) => {
        await chrome.developerPrivate.updateExtensionConfiguration({
          extensionId: id,
          hostAccess: 'ON_SPECIFIC_SITES',
        });
        await chrome.developerPrivate.addHostPermission(id, pattern);
      },
      { id: browser.extensionId, pattern: PATTERN },
    );
    await options.goto(browser.extensionUrl('src/options/index.html'));
    expect(await grantedOrigins(options)).toEqual([]);
    expect(await registeredMatches(options)).toEqual({});

    await options.fill('#address', sim.url);
    await options.getByRole('button', { name: 'Enable', exact: true }).click();
    const card = options.locator(`[data-testid="firewall-card"][data-origin="${sim.url}"]`);
    await card.waitFor();
    expect(await grantedOrigins(options)).toEqual([PATTERN]);
    await expect
      .poll(() => registeredMatches(options))
      .toEqual({ 'hrg-content': HAPROXY_MATCHES, 'hrg-page-observer': HAPROXY_MATCHES });

    // Enabled: the scripts run and a clean Apply is confirmed.
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url, '#users');
    expect(await pageObserverHooked(page)).toBe(true);
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /reload verified: one process, PID \d+/);

    await card.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect.poll(() => registeredMatches(options)).toEqual({});
    expect(await grantedOrigins(options)).toEqual([]);
    await card.waitFor({ state: 'detached' });
    expect(await options.locator('[data-testid="firewall-card"]').count()).toBe(0);

    // Revoked: a fresh load runs neither script; Apply starts no check and shows nothing.
    await page.goto('about:blank');
    await openHaproxyPage(page, sim.url, '#users');
    expect(await pageObserverHooked(page)).toBe(false);
    const checksBefore = await storedCheckCount(options);
    await applyAndWaitForReload(page);
    expect(await pageObserverHooked(page)).toBe(false);
    expect(await page.locator(PANEL_HOST).count()).toBe(0);
    expect(await storedCheckCount(options)).toBe(checksBefore);
  });
});
