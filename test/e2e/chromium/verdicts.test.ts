/**
 * Each verdict after a real Apply, in real Chromium against real haproxy processes: clean,
 * draining then clean, not reloaded, and the duplicate a stale pidfile leaves behind.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../sim/index.ts';
import { measure } from '../../sim/test-helpers.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { checkFor } from '../support/extension-state.ts';
import {
  applyAndWaitForReload,
  panel,
  PANEL_HOST,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

async function openAsAdmin(options: SimOptions): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim(options);
  return { sim, page: await suite.openFirewall(sim) };
}

describe('verdicts after Apply, in Chromium', () => {
  it('confirms a clean Apply briefly, shows no alert, and stops polling', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'] });
    await sim.addUser('user1');
    await applyAndWaitForReload(page);
    const confirmation = await waitForPanelText(page, /reload verified: one process, PID \d+/);
    expect(await confirmation.getAttribute('role')).toBe('status');
    await screenshot(page, 'clean-confirmation');
    const [pid] = await sim.haproxyPids();
    expect(await confirmation.textContent()).toContain(String(pid));
    expect(await page.locator(`${PANEL_HOST} section[role="alert"]`).count()).toBe(0);

    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check).toMatchObject({ phase: 'done', nextObservationAt: null });
    expect(check?.verdict?.kind).toBe('clean');
    expect(check?.processListCalls).toBeLessThanOrEqual(3);
    // The confirmation goes away by itself.
    await panel(page).waitFor({ state: 'detached', timeout: 20_000 });
    const callsAtEnd = (await checkFor(suite.browser.serviceWorker, sim.url))?.apiCalls;
    expect((await measure(sim, 'user1', 50)).ok).toBe(50);
    expect((await checkFor(suite.browser.serviceWorker, sim.url))?.apiCalls).toBe(callsAtEnd);
  });

  it('shows a draining predecessor with a countdown, then confirms clean when it exits', async () => {
    const { sim, page } = await openAsAdmin({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '6s',
      faults: { holdConnection: true },
    });
    const [oldPid] = await sim.haproxyPids();
    await applyAndWaitForReload(page);
    const draining = await waitForPanelText(
      page,
      new RegExp(`Old HAProxy process ${oldPid} is finishing`),
    );
    expect(await draining.getAttribute('role')).toBe('status');
    await expect.poll(() => draining.textContent()).toMatch(/\d+ s left/);
    expect(await draining.locator(`tr[data-pid="${oldPid}"]`).getAttribute('data-role')).toBe(
      'predecessor',
    );
    await screenshot(page, 'draining-countdown');
    // New connections are already served by the new process only.
    const [current] = (await sim.haproxyPids()).filter((pid) => pid !== oldPid);
    const during = await measure(sim, 'user0', 50);
    expect(during.ok).toBe(50);
    expect([...during.byPid.keys()]).toEqual([current]);

    await waitForPanelText(page, /reload verified/, 60_000);
    expect(await sim.haproxyPids()).toEqual([current]);
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(check?.verdict?.kind).toBe('clean');
    expect(check?.nextObservationAt).toBeNull();
  });

  it('says the change is not live when the new process could not start', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'], faults: { reloadFails: true } });
    const [oldPid] = await sim.haproxyPids();
    await sim.addUser('user1');
    await applyAndWaitForReload(page);
    const warning = await waitForPanelText(page, /not live/);
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toContain(String(oldPid));
    expect(await warning.textContent()).not.toMatch(/verified/);
    await screenshot(page, 'not-reloaded');
    expect((await measure(sim, 'user1', 20)).ok).toBe(0);
  });

  it('catches the duplicate a stale pidfile leaves on the next Apply', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'], faults: { stalePidfile: true } });
    const [firstPid] = await sim.haproxyPids();
    await applyAndWaitForReload(page);
    const alert = await waitForPanelText(page, /side by side/);
    expect(await alert.locator(`tr[data-pid="${firstPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
    expect(await sim.haproxyPids()).toHaveLength(2);
  });
});
