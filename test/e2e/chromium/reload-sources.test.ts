/**
 * Every reload the GUI makes is checked, whatever page it comes from, and a HAProxy page that
 * opens looks once at a firewall nobody looked at recently: real Chromium with the built
 * extension, the stand-in OPNsense over HTTPS under its host name (certificate clicked through),
 * real haproxy. Each source ends in a visible warning: System › Services and the dashboard's
 * services widget (no extension script on those pages: the request follower and the toolbar
 * badge), "Try anyway?" after a configtest ALERT (reconfigure without a page reload), and an
 * orphan left behind the GUI's back (`configctl haproxy reload` from the shell), found when the
 * HAProxy page opens, with the firewall's load counted at the stand-in.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../sim/index.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import {
  afterPageAnswered,
  badgeText,
  checkFor,
  lastLookAt,
  storedChecks,
  tabIdOf,
} from '../support/extension-state.ts';
import {
  clickServiceAction,
  dashboardWidgetButton,
  logIn,
  openHaproxyPage,
  panel,
  PANEL_HOST,
  PANEL_SHOWN_PROBE,
  panelWasShown,
  servicesPageButton,
  waitForAlert,
} from '../support/opnsense-page.ts';
import { PROCESS_LIST_PATH, portOf } from '../support/request-log.ts';
import { requestLogForFile } from '../support/file-request-log.ts';
import { screenshot } from '../support/screenshots.ts';

const suite = chromiumSuite();
const requestLog = requestLogForFile();

const worker = () => suite.browser.serviceWorker;

/** A tab logged in to the sim (the login lands on the dashboard), then on `path`. */
async function loggedInOn(sim: Sim, path: string): Promise<Page> {
  const page = await suite.newPage();
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  if (new URL(page.url()).pathname !== path) await page.goto(`${sim.url}${path}`);
  return page;
}

/** The extension's process-list calls that reached this sim since `since` (epoch ms). */
function processListCalls(sim: Sim, since: number): number {
  return requestLog()
    .requests(portOf(sim.url), { since, sender: 'extension' })
    .filter((request) => PROCESS_LIST_PATH.test(request.path)).length;
}

async function orphanRowRole(page: Page, pid: number): Promise<string | null> {
  const alert = await waitForAlert(page, /side by side/);
  return alert.locator(`tr[data-pid="${pid}"]`).getAttribute('data-role');
}

describe('System › Services and the dashboard widget, in Chromium', () => {
  it('a restart on System › Services that keeps an orphan: !! on that tab, then the panel on the HAProxy page', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const { orphanPid } = await orphanFromTheShell(sim);
    const page = await loggedInOn(sim, '/ui/core/service');
    const restart = servicesPageButton(page, 'restart');
    await restart.waitFor();
    const tabId = await tabIdOf(worker(), page.url());

    await clickServiceAction(page, restart, 'restart');
    // rc restart signals only the pidfile PID (docs/opnsense.md §2): the orphan is still there.
    expect(await sim.haproxyPids()).toContain(orphanPid);
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('!!');
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ tabId, trigger: 'restart', phase: 'done' });
    expect(check?.verdict?.kind).toBe('duplicate');
    const orphan =
      check?.verdict?.kind === 'duplicate'
        ? check.verdict.processes.find((classified) => classified.process.pid === orphanPid)
        : undefined;
    expect(orphan?.role).toBe('orphan');

    // The admin goes to the HAProxy page in the same tab: the warning is there.
    await openHaproxyPage(page, sim.url);
    expect(await orphanRowRole(page, orphanPid)).toBe('orphan');
    await screenshot(page, 'duplicate-after-services-restart');
  });

  it('a clean restart on System › Services gives ✓, not !!', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await loggedInOn(sim, '/ui/core/service');
    const restart = servicesPageButton(page, 'restart');
    await restart.waitFor();
    const tabId = await tabIdOf(worker(), page.url());

    await clickServiceAction(page, restart, 'restart');
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('✓');
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ tabId, trigger: 'restart', phase: 'done' });
    expect(check?.verdict?.kind).toBe('clean');
    expect(await sim.haproxyPids()).toHaveLength(1);
  });

  /** An orphan from the shell, then Restart on the dashboard widget: the tab's badge says !!. */
  async function dashboardRestartKeepingOrphan() {
    const sim = await suite.startSim({ users: ['user0'] });
    const { orphanPid } = await orphanFromTheShell(sim);
    const dashboard = await loggedInOn(sim, '/');
    const restart = dashboardWidgetButton(dashboard, 'restart');
    await restart.waitFor();
    const tabId = await tabIdOf(worker(), dashboard.url());
    await clickServiceAction(dashboard, restart, 'restart');
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('!!');
    return { sim, orphanPid, dashboard, tabId };
  }

  /** A HAProxy page opened in a new tab shows the orphan, and asks the firewall nothing. */
  async function haproxyPageShowsOrphan(sim: Sim, orphanPid: number) {
    const openedAt = Date.now();
    const haproxy = await suite.newPage();
    await openHaproxyPage(haproxy, sim.url);
    expect(await orphanRowRole(haproxy, orphanPid)).toBe('orphan');
    expect(processListCalls(sim, openedAt)).toBe(0);
  }

  it('a restart from the dashboard widget that keeps an orphan: !!, then the panel in another tab, with no second look', async () => {
    const { sim, orphanPid, tabId } = await dashboardRestartKeepingOrphan();
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ tabId, trigger: 'restart', verdict: { kind: 'duplicate' } });
    // A HAProxy page opened in another tab takes the finding over; the firewall was just looked
    // at, so opening the page asks it nothing more.
    await haproxyPageShowsOrphan(sim, orphanPid);
  });

  it('the dashboard tab closed before any HAProxy page opens: the warning still waits there', async () => {
    const { sim, orphanPid, dashboard } = await dashboardRestartKeepingOrphan();
    await dashboard.close();
    // The finding outlives its tab: kept, with no tab, for the next HAProxy page.
    await expect.poll(async () => (await checkFor(worker(), sim.url))?.tabId).toBeNull();
    await haproxyPageShowsOrphan(sim, orphanPid);
  });
});

describe('"Try anyway?" after a configtest ALERT, in Chromium', () => {
  it('Save & Apply → Continue: the warning on the same page, which never reloaded', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const [orphanPid] = await sim.haproxyPids();
    const page = await loggedInOn(sim, '/');
    await openHaproxyPage(page, sim.url, '#general-settings');
    // Opening the page took its one look (clean); wait for it, so the Apply is the next thing.
    await expect
      .poll(async () => (await lastLookAt(worker(), sim.url))?.trigger ?? null, {
        timeout: 30_000,
      })
      .toBe('page-open');
    sim.setFaults({ configtestAlert: true, orphanOnReload: true });
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: string }).__sameDocument = 'before Save & Apply';
    });
    let loads = 0;
    page.on('load', () => {
      loads++;
    });

    await page.click('#saveAndReconfigureAct_haproxy-general-settings');
    const dialog = page.locator('.modal-dialog.type-danger');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('.modal-body').textContent()).toContain('Try anyway?');
    const reconfigured = page.waitForResponse((response) =>
      response.url().endsWith('/api/haproxy/service/reconfigure'),
    );
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await reconfigured;

    expect(await orphanRowRole(page, orphanPid ?? -1)).toBe('orphan');
    expect(await sim.haproxyPids()).toHaveLength(2);
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument),
    ).toBe('before Save & Apply');
    expect(loads).toBe(0);
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ trigger: 'apply', verdict: { kind: 'duplicate' } });
    await screenshot(page, 'duplicate-after-try-anyway');
  });
});

describe('opening the HAProxy page, in Chromium', () => {
  it('an orphan left by a reload from the shell: the warning, one process list; dismissed, a reload takes no look', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const { orphanPid } = await orphanFromTheShell(sim);
    const page = await loggedInOn(sim, '/');
    await page.addInitScript(PANEL_SHOWN_PROBE);

    const openedAt = Date.now();
    await openHaproxyPage(page, sim.url);
    expect(await orphanRowRole(page, orphanPid)).toBe('orphan');
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({
      trigger: 'page-open',
      phase: 'done',
      verdict: { kind: 'duplicate' },
      processListCalls: 1,
    });
    expect(processListCalls(sim, openedAt)).toBe(1);
    expect(await lastLookAt(worker(), sim.url)).toMatchObject({
      trigger: 'page-open',
      result: 'duplicate',
    });
    await screenshot(page, 'duplicate-on-page-open');

    await panel(page).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.locator(PANEL_HOST).count()).toBe(0);

    // Within the 10 minutes, nothing changed: the reload takes no look and shows nothing (one
    // statistics/info call asks whether the newest process changed: page-open-window.test.ts).
    const tabId = await tabIdOf(worker(), page.url());
    const reloadedAt = Date.now();
    await afterPageAnswered(worker(), tabId, async () => {
      await page.reload();
    });
    expect(processListCalls(sim, reloadedAt)).toBe(0);
    expect(
      (await storedChecks(worker())).filter(
        (stored) => stored.origin === sim.url && stored.startedAt >= reloadedAt,
      ),
    ).toEqual([]);
    expect(await panelWasShown(page)).toBe(false);
  });

  it('a clean firewall: one process list, nothing on the page', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await loggedInOn(sim, '/');
    await page.addInitScript(PANEL_SHOWN_PROBE);

    const openedAt = Date.now();
    await openHaproxyPage(page, sim.url);
    await expect
      .poll(async () => (await lastLookAt(worker(), sim.url))?.result ?? null, { timeout: 30_000 })
      .toBe('clean');
    expect(processListCalls(sim, openedAt)).toBe(1);
    expect(await lastLookAt(worker(), sim.url)).toMatchObject({ trigger: 'page-open' });
    const tabId = await tabIdOf(worker(), page.url());
    expect(await badgeText(worker(), tabId)).toBe('');
    expect(await panelWasShown(page)).toBe(false);
  });
});
