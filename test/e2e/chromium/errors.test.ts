/**
 * When the firewall cannot be read, each cause gets its own message that says what to do, and
 * never the all-clear: expired session, missing privilege, HTML or a 500 instead of the list.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Credentials, Sim, SimOptions } from '../../sim/index.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { checkFor } from '../support/extension-state.ts';
import { applyAndWaitForReload, waitForAlert, waitForPanelText } from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

async function applyAs(
  options: SimOptions,
  who: (sim: Sim) => Credentials = (started) => started.credentials.admin,
): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim(options);
  const page = await suite.openFirewall(sim, { user: who(sim) });
  await applyAndWaitForReload(page);
  return { sim, page };
}

async function expectNeverClean(sim: Sim): Promise<void> {
  const check = await checkFor(suite.browser.serviceWorker, sim.url);
  expect(check?.phase).toBe('done');
  expect(check?.verdict?.kind).not.toBe('clean');
}

describe('API trouble during a check, in Chromium', () => {
  it('tells the admin to log in again when the session expires in the middle of a check', async () => {
    const sim = await suite.startSim({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '20s',
      faults: { holdConnection: true },
    });
    const page = await suite.openFirewall(sim);
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /is finishing its open connections/);
    sim.setFaults({ expireSessionAfterRequests: 0 });
    await waitForAlert(page, /Log in to OPNsense again/);
    await screenshot(page, 'session-expired');
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.error?.kind).toBe('session-expired');
    expect(check?.nextObservationAt).toBeNull();
  });

  it('names the missing privilege for a user without "Diagnostics: System Activity"', async () => {
    const { sim, page } = await applyAs(
      { users: ['user0'] },
      (started) => started.credentials.limited,
    );
    await waitForAlert(page, /needs the privilege "Diagnostics: System Activity"/);
    await screenshot(page, 'missing-privilege');
    await expectNeverClean(sim);
  });

  it.each([
    // OPNsense answers an API call with its login page when the session is gone.
    ['the login page (HTML)', 'html' as const, /Log in to OPNsense again/, 'session-expired'],
    ['HTTP 500', 'http-500' as const, /server error/, 'server'],
    ['cut-off JSON', 'cut-json' as const, /not what OPNsense sends/, 'malformed'],
  ])('explains a process list answered with %s', async (_name, fault, message, kind) => {
    const { sim, page } = await applyAs({ users: ['user0'], faults: { processListError: fault } });
    const alert = await waitForAlert(page, message);
    expect(await alert.textContent()).not.toMatch(/verified/);
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.error?.kind).toBe(kind);
    await expectNeverClean(sim);
  });
});
