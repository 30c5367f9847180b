/**
 * "Copy diagnostics" end to end in Chromium: the orphan reproduced against the stand-in, the
 * report copied from the warning panel and from the popup, read back from the clipboard, and
 * checked for what must be in it and for what must never be (the stand-in's userlist passwords,
 * its API key and secret, the admin's password, the firewall's name unless the box is ticked).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../sim/index.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import {
  addUserInGui,
  applyAndWaitForReload,
  panel,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();

/** What the stand-in holds that no report may carry. */
function secretsOf(sim: Sim, users: readonly string[]): string[] {
  return [
    ...users.map((name) => `${name}-pass`),
    sim.credentials.apiKey.key,
    sim.credentials.apiKey.secret,
    sim.credentials.admin.password,
  ];
}

async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('Copy diagnostics, in Chromium', () => {
  it('copies a report naming both processes and their roles, with no secret and no host name', async () => {
    const users = ['user0', 'user1'];
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const host = new URL(sim.url).hostname;
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: sim.url,
    });
    const [orphanPid] = await sim.haproxyPids();
    const page = await suite.openFirewall(sim);
    await addUserInGui(page, 'user1');
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /side by side/);
    const pids = await sim.haproxyPids();
    expect(pids).toHaveLength(2);
    const currentPid = pids.find((pid) => pid !== orphanPid);

    const diagnostics = panel(page).getByTestId('diagnostics');
    expect(await diagnostics.getByRole('checkbox').isChecked()).toBe(false);
    await diagnostics.getByRole('button', { name: 'Copy diagnostics' }).click();
    await diagnostics.getByRole('button', { name: 'Diagnostics copied' }).waitFor();
    await screenshot(page, 'diagnostics-copied');
    const report = await clipboardText(page);
    expect(report).toMatch(new RegExp(`^ {2}${orphanPid}  orphan `, 'm'));
    expect(report).toMatch(new RegExp(`^ {2}${currentPid}  current `, 'm'));
    expect(report).toMatch(/^Verdict: duplicate/m);
    expect(report).toMatch(/^HAProxy version \(show info\): \d+\.\d+/m);
    expect(report).toMatch(/^Stop settings: mode \w+/m);
    expect(report).toMatch(/^Time since the last reload .*: \d+ s at the last look/m);
    expect(report).toContain('Firewall: not included');
    expect(report).not.toContain(host);
    for (const secret of secretsOf(sim, users)) expect(report).not.toContain(secret);

    await diagnostics.getByRole('checkbox').check();
    await diagnostics.getByRole('button', { name: 'Copy diagnostics' }).click();
    await diagnostics.getByRole('button', { name: 'Diagnostics copied' }).waitFor();
    const withAddress = await clipboardText(page);
    expect(withAddress).toContain(`Firewall: ${sim.url}`);
    for (const secret of secretsOf(sim, users)) expect(withAddress).not.toContain(secret);

    // The popup offers the same report for the check of the firewall's tab.
    const popup = await suite.newPage();
    await page.bringToFront();
    await popup.goto(suite.browser.extensionUrl('src/popup/index.html'));
    await popup.getByRole('button', { name: 'Copy diagnostics' }).click();
    await popup.getByRole('button', { name: 'Diagnostics copied' }).waitFor();
    const fromPopup = await clipboardText(page);
    expect(fromPopup).toMatch(new RegExp(`^ {2}${orphanPid}  orphan `, 'm'));
    expect(fromPopup).toContain('Firewall: not included');
    expect(fromPopup).not.toContain(host);
    for (const secret of secretsOf(sim, users)) expect(fromPopup).not.toContain(secret);
  });
});
