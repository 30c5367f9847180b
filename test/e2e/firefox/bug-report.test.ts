/**
 * The field bug end to end in Firefox ESR: the release build (dist/firefox), enabled by a real
 * click on its options page, against the stand-in OPNsense and real haproxy. An orphan survives
 * Apply; the panel names it; one click clears it. A clean Apply is confirmed quietly.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../sim/index.ts';
import { measure } from '../../sim/test-helpers.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import {
  applyAndWaitForReload,
  clickPanelButton,
  readPanel,
  screenshot,
  waitForPanelText,
} from './opnsense-page.ts';

const suite = firefoxSuite();

/** A sim, the extension enabled on it, and the admin on the HAProxy page's Users tab. */
async function openAsAdmin(options: SimOptions): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim(options);
  const optionsPage = await suite.enableFromOptionsPage(sim.url);
  await optionsPage.close();
  return { sim, page: await suite.openFirewall(sim) };
}

describe('the bug report, in Firefox', () => {
  it('finds the orphan after Apply and clears it with "Restart HAProxy"', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'], faults: { orphanOnReload: true } });
    const [orphanPid] = await sim.haproxyPids();
    for (const name of ['user1', 'user2', 'user3']) await sim.addUser(name);

    await applyAndWaitForReload(page);
    const alert = await waitForPanelText(page, /side by side/);
    expect(alert.role).toBe('alert');
    expect(alert.rows[String(orphanPid)]).toBe('orphan');
    expect(alert.text).toContain(String(orphanPid));
    expect(await sim.haproxyPids()).toHaveLength(2);
    await screenshot(page, 'duplicate-panel');

    // What the admin's users experience: user1 only works on the new process.
    const before = await measure(sim, 'user1');
    expect(before.ok).toBeGreaterThan(0);
    expect(before.ok).toBeLessThan(before.total);

    await clickPanelButton(page, /^Restart HAProxy/);
    const verified = await waitForPanelText(page, /restarted and verified/, 90_000);
    await screenshot(page, 'remediation-verified');
    expect(verified.role).toBe('status');
    const after = await sim.haproxyPids();
    expect(after).toHaveLength(1);
    expect(after).not.toContain(orphanPid);
    expect(verified.text).toContain(String(after[0]));
    expect((await measure(sim, 'user1')).ok).toBe(200);
    expect((await measure(sim, 'user0')).ok).toBe(200);
  });

  it('confirms a clean Apply with a status naming the PID, and no alert', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'] });
    await sim.addUser('user1');

    await applyAndWaitForReload(page);
    const confirmation = await waitForPanelText(page, /reload verified: one process, PID \d+/);
    const pids = await sim.haproxyPids();
    expect(pids).toHaveLength(1);
    expect(confirmation.role).toBe('status');
    expect(confirmation.text).toContain(String(pids[0]));
    expect(Object.keys(confirmation.rows)).toEqual([]);
    await screenshot(page, 'clean-confirmation');
    expect((await readPanel(page))?.role).not.toBe('alert');
    expect((await measure(sim, 'user1', 50)).ok).toBe(50);
  });
});
