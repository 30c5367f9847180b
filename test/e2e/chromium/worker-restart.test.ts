/**
 * Chrome stops an idle extension service worker after 30 s; a check that follows a draining
 * process for longer must survive that. Here the worker is stopped on purpose in the middle of a
 * drain (DevTools protocol, as Chrome itself would), and nothing else happens on the page: the
 * extension's alarm must wake it, and the check must still end with a verified verdict.
 */
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { applyAndWaitForReload, waitForPanelText } from '../support/opnsense-page.ts';

const suite = chromiumSuite();

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
    const sim = await suite.startSim({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '5s',
      faults: { holdConnection: true },
    });
    const page = await suite.openFirewall(sim);
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /is finishing its open connections/);

    // An extension page gives a DevTools session inside the extension's origin.
    const extensionPage = await suite.newPage();
    await extensionPage.goto(suite.browser.extensionUrl('src/options/index.html'));
    const cdp = await suite.browser.context.newCDPSession(extensionPage);
    await stopExtensionWorker(cdp);

    // Nothing touches the extension now (closing a tab would: the worker listens for that, so
    // the extension page stays open until the suite closes it), and only its alarm can wake it.
    await waitForPanelText(page, /reload verified/, 90_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });
});
