/**
 * The dashboard's services widget re-sends a restart that takes longer than its 5 s timeout, up
 * to 3 times, and OPNsense carries out every one (docs/opnsense.md §8). In real Chromium with the
 * built extension and the stand-in's widget: one click is one followed restart, looked at once
 * after the last request was answered, with no failure for the request the widget timed out.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/shared/messages.ts';
import type { Sim } from '../../sim/index.ts';
import { waitFor } from '../../support/wait.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { badgeText, checkFor, tabIdOf } from '../support/extension-state.ts';
import { clickServiceAction, dashboardWidgetButton, logIn } from '../support/opnsense-page.ts';
import { PROCESS_LIST_PATH, portOf } from '../support/request-log.ts';
import { requestLogForFile } from '../support/file-request-log.ts';

const RESTART_PATH = '/api/core/service/restart/haproxy';
/** Longer than the widget's 5 s timeout, shorter than two of them: one re-send. */
const HARD_STOP_AFTER = '6s';

declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const suite = chromiumSuite();
const requestLog = requestLogForFile();

const worker = () => suite.browser.serviceWorker;

async function dashboardOf(sim: Sim): Promise<Page> {
  const page = await suite.newPage();
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  if (new URL(page.url()).pathname !== '/') await page.goto(`${sim.url}/`);
  return page;
}

async function historyOf(origin: string): Promise<HistoryEntry[]> {
  const stored = await worker().evaluate(() => chrome.storage.local.get('history'));
  return ((stored.history ?? []) as HistoryEntry[]).filter((entry) => entry.origin === origin);
}

describe('the dashboard widget’s re-sends, in Chromium', () => {
  it('a restart the widget timed out and re-sent: reported once, clean, with no failure', async () => {
    // Graceful stop and a client that keeps its connection: the restart drains until
    // hard-stop-after, past the widget's timeout (docs/opnsense.md §2).
    const sim = await suite.startSim({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: HARD_STOP_AFTER,
    });
    const dashboard = await dashboardOf(sim);
    const restart = dashboardWidgetButton(dashboard, 'restart');
    await restart.waitFor();
    const tabId = await tabIdOf(worker(), dashboard.url());
    await sim.holdConnection();
    const clickedAt = Date.now();

    // Resolves with the answer to the re-send: the first request never gets one in the browser.
    const answered = clickServiceAction(dashboard, restart, 'restart');
    const clicked = await waitFor(() => checkFor(worker(), sim.url), {
      until: (check) => check?.phase === 'waiting-for-reload',
      what: 'the check the click began',
      timeoutMs: 4_000,
      intervalMs: 50,
    });
    await answered;
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('✓');

    const port = portOf(sim.url);
    const restarts = requestLog()
      .requests(port, { since: clickedAt })
      .filter((request) => request.method === 'POST' && request.path === RESTART_PATH);
    // The widget sent it twice, and OPNsense carried out both, one after the other.
    expect(restarts).toHaveLength(2);
    const [timedOut, resend] = restarts as [(typeof restarts)[0], (typeof restarts)[0]];
    expect(resend.status).toBe(200);
    expect(resend.start - timedOut.start).toBeGreaterThanOrEqual(4_900);

    const check = await checkFor(worker(), sim.url);
    // The click's own check: the re-send began no second one in its place.
    expect(check).toMatchObject({
      id: clicked?.id,
      tabId,
      trigger: 'restart',
      phase: 'done',
      failure: null,
      verdict: { kind: 'clean' },
    });
    // Looked at only once the last request was answered: none while the first restart drained.
    const looks = requestLog()
      .requests(port, { since: clickedAt })
      .filter((request) => PROCESS_LIST_PATH.test(request.path));
    expect(looks.length).toBeGreaterThan(0);
    for (const look of looks) expect(look.start).toBeGreaterThanOrEqual(resend.end ?? Infinity);
    expect((await historyOf(sim.url)).map((entry) => [entry.trigger, entry.result])).toEqual([
      ['restart', 'clean'],
    ]);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });
});
