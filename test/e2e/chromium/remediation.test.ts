/**
 * "Restart HAProxy" end to end when OPNsense's stop is slow or goes wrong: real Chromium with the
 * built extension, the stand-in's rc stop (which waits for a graceful drain, docs/opnsense.md §2) and its
 * faults. Every case ends with HAProxy verified running, or with "HAProxy is stopped" and a
 * Start button that works.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Faults, Sim, SimOptions } from '../../sim/index.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { badgeText, checkFor } from '../support/extension-state.ts';
import { applyAndWaitForReload, waitForAlert, waitForPanelText } from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

/** An Apply that leaves an orphan, shown as a duplicate; then the faults for the click. */
async function duplicateShown(
  options: SimOptions,
  faults: Partial<Faults> = {},
): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim({
    users: ['user0'],
    ...options,
    faults: { orphanOnReload: true, ...options.faults },
  });
  const page = await suite.openFirewall(sim);
  await applyAndWaitForReload(page);
  await waitForAlert(page, /side by side/);
  expect(await sim.haproxyPids()).toHaveLength(2);
  sim.setFaults(faults);
  return { sim, page };
}

function restartButton(page: Page) {
  return page.getByRole('button', { name: /^Restart HAProxy/ });
}

async function badge(sim: Sim): Promise<string> {
  const check = await checkFor(suite.browser.serviceWorker, sim.url);
  return badgeText(suite.browser.serviceWorker, check?.tabId ?? -1);
}

describe('Restart HAProxy when OPNsense takes its time, in Chromium', () => {
  it('waits out a graceful stop that drains a held connection past the old 15 s limit', async () => {
    const { sim, page } = await duplicateShown({
      stopMode: 'graceful',
      hardStopAfter: '20s',
      faults: { holdConnection: true },
    });
    await expect
      .poll(() => page.getByTestId('restart-cost').textContent())
      .toMatch(/up to 20 s, the hard-stop-after set in Services › HAProxy › Settings › Service/);

    await restartButton(page).click();
    const stopping = await waitForPanelText(page, /lets open connections finish first/);
    expect(await stopping.locator('progress').getAttribute('max')).toBe('20');
    await screenshot(page, 'remediation-graceful-stop');
    await waitForPanelText(page, /restarted and verified/, 90_000);
    const done = await waitForPanelText(page, /unavailable for at most/);
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.remediation).toMatchObject({ step: 'done', stopAnswer: 'ok' });
    // The stop itself lasted about hard-stop-after: longer than the client's 15 s default.
    expect(check?.remediation?.outageMs).toBeGreaterThan(15_000);
    const pids = await sim.haproxyPids();
    expect(pids).toHaveLength(1);
    expect(await done.textContent()).toContain(String(pids[0]));
    await expect.poll(() => badge(sim)).toBe('✓');
  });

  it('a stop that answers after the request limit is followed, not failed', async () => {
    const { sim, page } = await duplicateShown({}, { slowStopMs: 20_000 });
    await restartButton(page).click();
    await waitForPanelText(page, /got no answer in time or lost its connection/, 30_000);
    await waitForPanelText(page, /restarted and verified/, 90_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.remediation).toMatchObject({ step: 'done', stopAnswer: 'lost' });
  });

  it('a connection lost after stop is followed, then started', async () => {
    const { sim, page } = await duplicateShown({}, { dropConnectionAfterStop: true });
    await restartButton(page).click();
    await waitForPanelText(page, /restarted and verified/, 60_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.remediation?.stopAnswer).toBe('lost');
  });

  it('a stop that fails leaves HAProxy running, and the panel says so', async () => {
    const { sim, page } = await duplicateShown({}, { stopFails: true });
    await restartButton(page).click();
    const alert = await waitForAlert(page, /stop failed, and HAProxy is still running/, 60_000);
    expect(await alert.textContent()).toMatch(/SSH or the console/);
    expect(await sim.haproxyPids()).toHaveLength(2);
  });

  it('a start that fails ends in "HAProxy is stopped" with a Start button that works', async () => {
    const { sim, page } = await duplicateShown({}, { startFails: true });
    await restartButton(page).click();
    await waitForAlert(page, /HAProxy is stopped/, 60_000);
    expect(await sim.haproxyPids()).toHaveLength(0);
    await expect.poll(() => badge(sim)).toBe('■');
    await screenshot(page, 'haproxy-stopped');

    sim.setFaults({ startFails: false });
    await page.getByRole('button', { name: 'Start HAProxy' }).click();
    await waitForPanelText(page, /started and verified/, 60_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
    await expect.poll(() => badge(sim)).toBe('✓');
  });
});
