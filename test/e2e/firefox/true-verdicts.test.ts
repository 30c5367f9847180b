/**
 * #17 in Firefox ESR (dist/firefox, enabled by a real click): a stand-in with one CPU draining
 * normally and keeping an orphan, "Try anyway?" on a configuration that fails its check, and a
 * good Apply that still ends clean.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../sim/index.ts';
import { measure } from '../../sim/test-helpers.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import { applyAndWaitForReload, readPanel, waitForPanelText } from './opnsense-page.ts';

const suite = firefoxSuite();

async function openAsAdmin(
  options: SimOptions,
  hash = '#users',
): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim(options);
  const optionsPage = await suite.enableFromOptionsPage(sim.url);
  await optionsPage.close();
  return { sim, page: await suite.openFirewall(sim, hash) };
}

const WAITS_FOR_WINDOW = /process list does not show command lines, so/;

describe('a firewall with one CPU, in Firefox', () => {
  it('a graceful drain shows no warning and ends clean', async () => {
    const { sim, page } = await openAsAdmin({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '6s',
      faults: { holdConnection: true, singleCpu: true },
    });
    const [oldPid] = await sim.haproxyPids();
    await applyAndWaitForReload(page);
    const draining = await waitForPanelText(page, WAITS_FOR_WINDOW);
    expect(draining.role).toBe('status');
    expect(draining.rows[String(oldPid)]).toBe('predecessor');
    const clean = await waitForPanelText(page, /reload verified/, 60_000);
    expect(clean.role).toBe('status');
  });

  it('the field bug is reported once the drain window has passed, with kill -USR1', async () => {
    const { sim, page } = await openAsAdmin({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '4s',
      faults: { orphanOnReload: true, singleCpu: true },
    });
    const [orphanPid] = await sim.haproxyPids();
    const appliedAt = Date.now();
    await applyAndWaitForReload(page);
    const alert = await waitForPanelText(page, /side by side/, 60_000);
    expect(Date.now() - appliedAt).toBeGreaterThan(8_000);
    expect(alert.role).toBe('alert');
    expect(alert.rows[String(orphanPid)]).toBe('orphan');
    expect(alert.text).toMatch(WAITS_FOR_WINDOW);
    expect(alert.text).toContain(`kill -USR1 ${String(orphanPid)}`);
  });
});

describe('a reload that kept the previous configuration, in Firefox', () => {
  it('"Try anyway?" on a configuration that fails its check ends in the not-live warning', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'] }, '#general-settings');
    sim.setFaults({ configInvalid: true });
    await sim.addUser('user1');
    await page.click('#saveAndReconfigureAct_haproxy-general-settings');
    await page.waitForSelector('.modal-dialog.type-danger', { visible: true });
    await page.evaluate(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>('.modal-dialog button');
      [...buttons].find((button) => button.textContent.trim() === 'Continue')?.click();
    });
    const warning = await waitForPanelText(
      page,
      /The change is not live: HAProxy runs the previous configuration/,
    );
    expect(warning.role).toBe('alert');
    expect(warning.text).toMatch(/failed its check/);
    // The configtest's ALERT lines, reported to the Apply check that "Try anyway?" replaced.
    expect(warning.text).toMatch(/hrg-not-a-keyword/);
    expect(warning.text).not.toMatch(/verified|insecure-password|user1-pass|Restart HAProxy/);
    expect(await sim.haproxyPids()).toHaveLength(1);
    expect((await measure(sim, 'user1', 10)).ok).toBe(0);
  });

  it('a good Apply still ends clean', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'] });
    await sim.addUser('user1');
    await applyAndWaitForReload(page);
    const clean = await waitForPanelText(page, /reload verified/);
    expect(clean.role).toBe('status');
    expect((await readPanel(page))?.text ?? '').not.toMatch(/not live/);
    expect((await measure(sim, 'user1', 10)).ok).toBe(10);
  });
});
