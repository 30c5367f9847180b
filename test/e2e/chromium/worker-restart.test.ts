/**
 * Chrome stops an idle extension service worker after 30 s; a check that follows a draining
 * process for longer must survive that. Here the worker is stopped on purpose in the middle of a
 * drain (DevTools protocol, as Chrome itself would), and nothing else happens on the page: the
 * extension's alarm must wake it, and the check must still end with a verified verdict.
 */
import type { CDPSession } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from '../support/chromium.ts';
import {
  applyAndWaitForReload,
  logIn,
  openHaproxyPage,
  waitForPanelText,
} from '../support/opnsense-page.ts';

let browser: ExtensionBrowser;
let sim: Sim | null = null;

beforeAll(async () => {
  browser = await launchChromiumWithExtension();
});
afterEach(async () => {
  await sim?.stop();
  sim = null;
});
afterAll(async () => {
  await browser.close();
  expectNoSimHaproxyLeft();
});

interface VersionUpdate {
  versions: { runningStatus: string }[];
}

async function stopExtensionWorker(cdp: CDPSession): Promise<void> {
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (event: VersionUpdate) => {
    statuses.push(...event.versions.map((version) => version.runningStatus));
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => statuses.includes('stopped'), { timeout: 10_000 }).toBe(true);
}

describe('a check outlives its service worker, in Chromium', () => {
  it('finishes a drain check after the worker was stopped mid-way', async () => {
    sim = await startSim({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '5s',
      faults: { holdConnection: true },
    });
    const page = await browser.context.newPage();
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url);
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /is finishing its open connections/);

    // An extension page gives a DevTools session inside the extension's origin.
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(browser.extensionUrl('src/options/index.html'));
    const cdp = await browser.context.newCDPSession(extensionPage);
    await stopExtensionWorker(cdp);

    // Nothing touches the extension now (closing a tab would: the worker listens for that), so
    // only its alarm can wake the worker.
    await waitForPanelText(page, /reload verified/, 90_000);
    await extensionPage.close();
    expect(await sim.haproxyPids()).toHaveLength(1);
  });
});
