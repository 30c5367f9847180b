/**
 * "Copy diagnostics" end to end in Firefox ESR: the orphan reproduced against the stand-in, the
 * report copied from the warning panel, pasted back with a real Ctrl+V into a text field (the
 * clipboard a person would paste from), and checked for what must be in it and for what must
 * never be: the stand-in's userlist passwords, its API key and secret, the admin's password, and
 * the firewall's name unless the box is ticked.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { firefoxSuite } from '../support/firefox-suite.ts';
import {
  PANEL_HOST,
  applyAndWaitForReload,
  clickPanelButton,
  waitForPanelText,
} from './opnsense-page.ts';

const suite = firefoxSuite();

/** Pastes the clipboard into a fresh text field on the page, as a person would, and reads it. */
async function pastedClipboard(on: Page): Promise<string> {
  await on.evaluate(() => {
    document.getElementById('paste-target')?.remove();
    const area = document.createElement('textarea');
    area.id = 'paste-target';
    document.body.prepend(area);
  });
  await on.focus('#paste-target');
  await on.keyboard.down('Control');
  await on.keyboard.press('v');
  await on.keyboard.up('Control');
  return on.$eval('#paste-target', (area) => (area as HTMLTextAreaElement).value);
}

describe('Copy diagnostics, in Firefox', () => {
  it('copies a report naming both processes and their roles, with no secret and no host name', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const secrets = [
      'user0-pass',
      'user1-pass',
      sim.credentials.apiKey.key,
      sim.credentials.apiKey.secret,
      sim.credentials.admin.password,
    ];
    const host = new URL(sim.url).hostname;
    const optionsPage = await suite.enableFromOptionsPage(sim.url);
    await optionsPage.close();
    const page = await suite.openFirewall(sim);
    const [orphanPid] = await sim.haproxyPids();
    await sim.addUser('user1');
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /side by side/);
    const pids = await sim.haproxyPids();
    expect(pids).toHaveLength(2);
    const currentPid = pids.find((pid) => pid !== orphanPid);

    await clickPanelButton(page, /^Copy diagnostics$/);
    await waitForPanelText(page, /Diagnostics copied/);
    const report = await pastedClipboard(page);
    expect(report).toMatch(new RegExp(`^ {2}${orphanPid} {2}orphan `, 'm'));
    expect(report).toMatch(new RegExp(`^ {2}${currentPid} {2}current `, 'm'));
    expect(report).toMatch(/^Verdict: duplicate/m);
    expect(report).toMatch(/^HAProxy version \(show info\): \d+\.\d+/m);
    expect(report).toContain('Firewall: not included');
    expect(report).not.toContain(host);
    for (const secret of secrets) expect(report).not.toContain(secret);

    const checkbox = await page.$(`${PANEL_HOST} >>> section input[type="checkbox"]`);
    if (!checkbox) throw new Error('no "include the address" box on the panel');
    await checkbox.click();
    await clickPanelButton(page, /^Copy diagnostics$/);
    await waitForPanelText(page, /Diagnostics copied/);
    const withAddress = await pastedClipboard(page);
    expect(withAddress).toContain(`Firewall: ${sim.url}`);
    for (const secret of secrets) expect(withAddress).not.toContain(secret);
  });
});
