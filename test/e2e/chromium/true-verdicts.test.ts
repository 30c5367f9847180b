/**
 * #17 in real Chromium against real haproxy processes: a stand-in with one CPU (commands cut to
 * their first word) draining normally and keeping an orphan, "Try anyway?" on a configuration
 * that fails its check, and a good Apply that reads export/diff and still ends clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../sim/index.ts';
import { measure } from '../../sim/test-helpers.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { checkFor, lastLookAt } from '../support/extension-state.ts';
import {
  applyAndWaitForReload,
  logIn,
  openHaproxyPage,
  PANEL_HOST,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();
const worker = () => suite.browser.serviceWorker;

async function openAsAdmin(options: SimOptions): Promise<{ sim: Sim; page: Page }> {
  const sim = await suite.startSim(options);
  return { sim, page: await suite.openFirewall(sim) };
}

const WAITS_FOR_WINDOW = /process list does not show command lines, so/;

describe('a firewall with one CPU, in Chromium', () => {
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
    expect(await draining.getAttribute('role')).toBe('status');
    expect(await draining.locator(`tr[data-pid="${oldPid}"]`).getAttribute('data-role')).toBe(
      'predecessor',
    );
    await screenshot(page, 'single-cpu-wait');
    await waitForPanelText(page, /reload verified/, 60_000);
    expect(await page.locator(`${PANEL_HOST} section[role="alert"]`).count()).toBe(0);
    expect((await checkFor(worker(), sim.url))?.verdict?.kind).toBe('clean');
  });

  it('the field bug is reported once the drain window has passed, with kill -USR1 for the orphan', async () => {
    const { sim, page } = await openAsAdmin({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '4s',
      faults: { orphanOnReload: true, singleCpu: true },
    });
    const [orphanPid] = await sim.haproxyPids();
    await applyAndWaitForReload(page);
    const alert = await waitForAlert(page, /side by side/, 60_000);
    expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
    expect(await alert.textContent()).toMatch(WAITS_FOR_WINDOW);
    expect(await alert.textContent()).toContain(`kill -USR1 ${orphanPid}`);
    const check = await checkFor(worker(), sim.url);
    // Not before the window: 4 s hard-stop-after plus the margin, from the new process's start.
    expect((check?.verdictAt ?? 0) - (check?.startedAt ?? 0)).toBeGreaterThan(8_000);
    expect(await sim.haproxyPids()).toHaveLength(2);
  });
});

describe('a reload that kept the previous configuration, in Chromium', () => {
  it('"Try anyway?" on a configuration that fails its check ends in the not-live warning', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await suite.newPage();
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url, '#general-settings');
    await expect
      .poll(async () => (await lastLookAt(worker(), sim.url))?.trigger ?? null, {
        timeout: 30_000,
      })
      .toBe('page-open');
    sim.setFaults({ configInvalid: true });
    await sim.addUser('user1');

    await page.click('#saveAndReconfigureAct_haproxy-general-settings');
    const dialog = page.locator('.modal-dialog.type-danger');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('.modal-body').textContent()).toContain('Try anyway?');
    await dialog.getByRole('button', { name: 'Continue' }).click();

    const warning = await waitForAlert(
      page,
      /The change is not live: HAProxy runs the previous configuration/,
    );
    expect(await warning.textContent()).toMatch(/failed its check/);
    expect(await warning.textContent()).toMatch(/userlist hrg_users/);
    // The configtest's ALERT lines, reported to the Apply check that "Try anyway?" replaced.
    expect(await warning.textContent()).toMatch(/hrg-not-a-keyword/);
    expect(await warning.textContent()).not.toMatch(/verified|insecure-password|user1-pass/);
    expect(await warning.getByRole('button', { name: /Restart HAProxy/ }).count()).toBe(0);
    await screenshot(page, 'not-live-after-try-anyway');
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ trigger: 'apply', phase: 'done', verdict: { kind: 'not-live' } });
    expect(await sim.haproxyPids()).toHaveLength(1);
    // Truly not live: the new user is refused by the previous userlist.
    expect((await measure(sim, 'user1', 10)).ok).toBe(0);
  });

  it('a good Apply reads the diff once and still ends clean', async () => {
    const { sim, page } = await openAsAdmin({ users: ['user0'] });
    await sim.addUser('user1');
    const since = Date.now();
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /reload verified/);
    const check = await checkFor(worker(), sim.url);
    expect(check?.verdict?.kind).toBe('clean');
    const diffReads = sim
      .requests({ since })
      .filter((request) => request.path === '/api/haproxy/export/diff');
    expect(diffReads.length).toBe(1);
    expect((await measure(sim, 'user1', 10)).ok).toBe(10);
  });
});
