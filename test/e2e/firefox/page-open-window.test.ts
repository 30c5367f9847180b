/**
 * Opening the HAProxy page inside the 10 minutes after a look (issue 18, item 3), in Firefox ESR
 * (dist/firefox, enabled by a real click): with nothing changed the page asks one
 * statistics/info call and no process list, and a reload from cron inside the window that left
 * an orphan (`configctl haproxy reload` with the field bug) is caught on the next page open.
 * The firewall's load is counted at the stand-in (request-log.ts); the HAProxy settings page
 * itself calls neither endpoint.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../sim/index.ts';
import { waitFor } from '../../support/wait.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import { PROCESS_LIST_PATH, portOf } from '../support/request-log.ts';
import { requestLogForFile } from '../support/file-request-log.ts';
import { PANEL_HOST, readPanel, storedCheckOrigins, waitForPanelText } from './opnsense-page.ts';
import { lastLookOf } from './watch-steps.ts';

declare const browser: {
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  action: {
    getBadgeBackgroundColor(details: { tabId?: number }): Promise<number[]>;
    setBadgeBackgroundColor(details: { tabId?: number; color: number[] }): Promise<void>;
  };
};

const INFO_PATH = /^\/api\/haproxy\/statistics\/info$/;
/** A badge colour no check uses: set on the tab before it reloads, replaced by the answer. */
const UNANSWERED_COLOUR = [1, 2, 3, 255];

const suite = firefoxSuite();
const requestLog = requestLogForFile();

function calls(sim: Sim, path: RegExp, since: number): number {
  return requestLog()
    .requests(portOf(sim.url), { since })
    .filter((request) => path.test(request.path)).length;
}

/**
 * Reloads the page and resolves once the background has answered its `content-ready` (decided
 * what it shows and whether to look): the answer sets the tab's badge colour, which was set to a
 * marker first.
 */
async function reloadAnswered(options: Page, page: Page, sim: Sim): Promise<void> {
  // Every tab: the URL shows only for the firewalls the extension may access.
  const tabId = await options.evaluate(async (prefix) => {
    const tabs = await browser.tabs.query({});
    return tabs.find((tab) => tab.url?.startsWith(prefix) === true)?.id ?? -1;
  }, `${sim.url}/ui/haproxy`);
  expect(tabId).not.toBe(-1);
  // The tab's own colour and the global one (which shows if Firefox resets the tab's values on
  // navigation): both the marker until the answer sets the tab's.
  const previous = await options.evaluate(() => browser.action.getBadgeBackgroundColor({}));
  const mark = (id: number | undefined, color: number[]) =>
    options.evaluate(
      (tab, rgba) =>
        browser.action.setBadgeBackgroundColor(
          tab === -1 ? { color: rgba } : { tabId: tab, color: rgba },
        ),
      id ?? -1,
      color,
    );
  await mark(undefined, UNANSWERED_COLOUR);
  await mark(tabId, UNANSWERED_COLOUR);
  try {
    await page.reload();
    await page.waitForSelector('#reconfigureAct-common');
    await waitFor(
      () => options.evaluate((id) => browser.action.getBadgeBackgroundColor({ tabId: id }), tabId),
      {
        until: (colour) => colour.join() !== UNANSWERED_COLOUR.join(),
        what: 'the background’s answer to the reloaded page',
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
  } finally {
    await mark(undefined, previous);
  }
}

describe('a HAProxy page opened inside the 10 minutes after a look, in Firefox', () => {
  it('nothing changed: one statistics/info call, no process list, nothing shown; a cron reload that left an orphan: the warning on the next page open', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const options = await suite.enableFromOptionsPage(sim.url);
    const page = await suite.openFirewall(sim);
    const [firstPid] = await sim.haproxyPids();
    const look = await waitFor(() => lastLookOf(options, sim.url), {
      until: (found) => found?.result === 'clean',
      what: 'the page-open look',
      timeoutMs: 30_000,
    });
    expect(look).toMatchObject({ trigger: 'page-open', newest: { pid: firstPid } });
    const checksBefore = (await storedCheckOrigins(options)).length;

    // Nothing changed: the page asks which process is the newest, once, and shows nothing.
    const reloadedAt = Date.now();
    await reloadAnswered(options, page, sim);
    expect(calls(sim, INFO_PATH, reloadedAt)).toBe(1);
    expect(calls(sim, PROCESS_LIST_PATH, reloadedAt)).toBe(0);
    expect((await storedCheckOrigins(options)).length).toBe(checksBefore);
    expect(await page.$(PANEL_HOST)).toBeNull();

    // Cron reloads HAProxy with the field bug: the old process stays.
    const { orphanPid, currentPid } = await orphanFromTheShell(sim);
    expect(orphanPid).toBe(firstPid);
    const reopenedAt = Date.now();
    await page.reload();
    const warning = await waitForPanelText(page, /side by side/);
    expect(warning.rows[String(orphanPid)]).toBe('orphan');
    expect(calls(sim, PROCESS_LIST_PATH, reopenedAt)).toBe(1);
    const stored = await waitFor(() => lastLookOf(options, sim.url), {
      until: (found) => found?.result === 'duplicate',
      what: 'the look after the cron reload',
      timeoutMs: 30_000,
    });
    expect(stored).toMatchObject({ trigger: 'page-open', newest: { pid: currentPid } });
    expect(await readPanel(page)).not.toBeNull();
  });
});
