/**
 * The field bug end to end: real Chromium with the built extension, the stand-in OPNsense, real
 * haproxy. An orphan survives Apply; the panel names it; one click clears it.
 */
import { describe, expect, it } from 'vitest';
import { measure } from '../../sim/test-helpers.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { badgeText, checkFor } from '../support/extension-state.ts';
import {
  addUserInGui,
  applyAndWaitForReload,
  panel,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

describe('the bug report, in Chromium', () => {
  it('finds the orphan after Apply and clears it with "Restart HAProxy"', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const [orphanPid] = await sim.haproxyPids();
    const page = await suite.openFirewall(sim);
    for (const name of ['user1', 'user2', 'user3']) await addUserInGui(page, name);

    await applyAndWaitForReload(page);
    const alert = await waitForPanelText(page, /side by side/);
    expect(await alert.getAttribute('role')).toBe('alert');
    const orphanRow = alert.locator(`tr[data-pid="${orphanPid}"]`);
    await expect.poll(() => orphanRow.getAttribute('data-role')).toBe('orphan');
    const pidsWithOrphan = await sim.haproxyPids();
    expect(pidsWithOrphan).toHaveLength(2);
    await screenshot(page, 'duplicate-panel');
    const check = await checkFor(suite.browser.serviceWorker, sim.url);
    const tabId = check?.tabId ?? -1;
    expect(await badgeText(suite.browser.serviceWorker, tabId)).toBe('!!');

    // What the admin's users experience: user1 only works on the new process.
    const before = await measure(sim, 'user1');
    expect(before.ok).toBeGreaterThan(0);
    expect(before.ok).toBeLessThan(before.total);

    await page.getByRole('button', { name: /^Restart HAProxy/ }).click();
    await waitForPanelText(page, /restarted and verified/, 90_000);
    await screenshot(page, 'remediation-verified');
    await expect.poll(() => badgeText(suite.browser.serviceWorker, tabId)).toBe('✓');
    const after = await sim.haproxyPids();
    expect(after).toHaveLength(1);
    expect(after).not.toContain(orphanPid);
    expect((await measure(sim, 'user1')).ok).toBe(200);
    expect((await measure(sim, 'user0')).ok).toBe(200);
    await expect.poll(() => panel(page).getAttribute('role')).toBe('status');
  });
});
