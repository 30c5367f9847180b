/**
 * Opening the HAProxy page inside the 10 minutes after a look (issue 18, item 3), in real
 * Chromium with the built extension against the stand-in: with nothing changed the page asks one
 * statistics/info call and no process list, and a reload from cron inside the window that left
 * an orphan (`configctl haproxy reload` with the field bug) is caught on the next page open.
 * The firewall's load is counted at the stand-in (request-log.ts).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../sim/index.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import {
  afterPageAnswered,
  checkFor,
  lastLookAt,
  storedChecks,
  tabIdOf,
} from '../support/extension-state.ts';
import {
  logIn,
  openHaproxyPage,
  PANEL_SHOWN_PROBE,
  panelWasShown,
  waitForAlert,
} from '../support/opnsense-page.ts';
import { byEndpoint, portOf } from '../support/request-log.ts';
import { requestLogForFile } from '../support/file-request-log.ts';

const suite = chromiumSuite();
const requestLog = requestLogForFile();

const worker = () => suite.browser.serviceWorker;
const INFO = 'GET /api/haproxy/statistics/info';

/** The extension's calls to this sim since `since` (epoch ms), by endpoint. */
function extensionCalls(sim: Sim, since: number): Record<string, number> {
  return byEndpoint(requestLog().requests(portOf(sim.url), { since, sender: 'extension' }));
}

/** Logged in, the HAProxy page opened, and its page-open look (clean) done. */
async function lookedAt(sim: Sim): Promise<Page> {
  const page = await suite.newPage();
  await page.addInitScript(PANEL_SHOWN_PROBE);
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  await openHaproxyPage(page, sim.url);
  await expect
    .poll(async () => (await lastLookAt(worker(), sim.url))?.result ?? null, { timeout: 30_000 })
    .toBe('clean');
  return page;
}

describe('a HAProxy page opened inside the 10 minutes after a look, in Chromium', () => {
  it('nothing changed: one statistics/info call, no process list, nothing shown; a cron reload that left an orphan: the warning on the next page open', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await lookedAt(sim);
    const [firstPid] = await sim.haproxyPids();
    expect(await lastLookAt(worker(), sim.url)).toMatchObject({
      trigger: 'page-open',
      newest: { pid: firstPid },
    });
    const tabId = await tabIdOf(worker(), page.url());

    // Nothing changed: the page asks which process is the newest, once, and shows nothing.
    const reloadedAt = Date.now();
    await afterPageAnswered(worker(), tabId, async () => {
      await page.reload();
    });
    expect(extensionCalls(sim, reloadedAt)).toEqual({ [INFO]: 1 });
    expect(
      (await storedChecks(worker())).filter(
        (stored) => stored.origin === sim.url && stored.startedAt >= reloadedAt,
      ),
    ).toEqual([]);
    expect(await panelWasShown(page)).toBe(false);

    // Cron reloads HAProxy with the field bug: the old process stays.
    const { orphanPid, currentPid } = await orphanFromTheShell(sim);
    expect(orphanPid).toBe(firstPid);
    const reopenedAt = Date.now();
    await page.reload();
    const alert = await waitForAlert(page, /side by side/);
    expect(
      await alert.locator(`tr[data-pid="${String(orphanPid)}"]`).getAttribute('data-role'),
    ).toBe('orphan');
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({
      trigger: 'page-open',
      phase: 'done',
      verdict: { kind: 'duplicate' },
      processListCalls: 1,
    });
    // The probe, then the look (which reads show info itself): one process list.
    const calls = extensionCalls(sim, reopenedAt);
    expect(calls['GET /api/diagnostics/activity/get_activity']).toBe(1);
    expect(calls[INFO]).toBe(2);
    expect(await lastLookAt(worker(), sim.url)).toMatchObject({
      result: 'duplicate',
      newest: { pid: currentPid },
    });
  });
});
