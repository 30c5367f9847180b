/**
 * The dashboard's services widget re-sends a restart that takes longer than its 5 s timeout, up
 * to 3 times, and OPNsense carries out every one (docs/opnsense.md §8). In Firefox ESR with the
 * release build (enabled by a real click) and the stand-in's widget: one click is one followed
 * restart, looked at once after the last request was answered, with no failure for the request
 * the widget timed out.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import type { HistoryEntry } from '../../../src/shared/messages.ts';
import { waitFor } from '../../support/wait.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import { PROCESS_LIST_PATH, portOf } from '../support/request-log.ts';
import { requestLogForFile } from '../support/file-request-log.ts';
import { logIn } from './opnsense-page.ts';

const RESTART_PATH = '/api/core/service/restart/haproxy';
/** Longer than the widget's 5 s timeout, shorter than two of them: one re-send. */
const HARD_STOP_AFTER = '6s';
const RESTART_BUTTON =
  '#dashboard-services-widget tr[data-service-id="haproxy"] button[data-service-action="restart"]';

declare const browser: {
  storage: {
    session: { get(key: null): Promise<Record<string, unknown>> };
    local: { get(key: string): Promise<Record<string, unknown>> };
  };
};

const suite = firefoxSuite();
const requestLog = requestLogForFile();

/** The restart checks the background stored for `origin` (storage.session), read from `page`. */
async function restartChecks(extensionPage: Page, origin: string): Promise<CheckRecord[]> {
  const all = await extensionPage.evaluate(() => browser.storage.session.get(null));
  return Object.entries(all)
    .filter(([key]) => key.startsWith('check:'))
    .map(([, value]) => value as CheckRecord)
    .filter((check) => check.origin === origin && check.trigger === 'restart');
}

async function historyOf(extensionPage: Page, origin: string): Promise<HistoryEntry[]> {
  const stored = await extensionPage.evaluate(() => browser.storage.local.get('history'));
  return ((stored.history ?? []) as HistoryEntry[]).filter((entry) => entry.origin === origin);
}

describe('the dashboard widget’s re-sends, in Firefox', () => {
  it('a restart the widget timed out and re-sent: reported once, clean, with no failure', async () => {
    // Graceful stop and a client that keeps its connection: the restart drains until
    // hard-stop-after, past the widget's timeout (docs/opnsense.md §2).
    const sim = await suite.startSim({
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: HARD_STOP_AFTER,
    });
    const options = await suite.enableFromOptionsPage(sim.url);
    const dashboard = await suite.newPage();
    await logIn(dashboard, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    if (new URL(dashboard.url()).pathname !== '/') await dashboard.goto(`${sim.url}/`);
    await dashboard.waitForSelector(RESTART_BUTTON);
    await sim.holdConnection();
    const clickedAt = Date.now();

    await dashboard.bringToFront();
    // The answer to the re-send: the first request never gets one in the browser.
    const answered = dashboard.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && new URL(response.url()).pathname === RESTART_PATH,
      { timeout: 60_000 },
    );
    await dashboard.locator(RESTART_BUTTON).click();
    const [clicked] = await waitFor(() => restartChecks(options, sim.url), {
      until: (checks) => checks.some((check) => check.phase === 'waiting-for-reload'),
      what: 'the check the click began',
      timeoutMs: 4_000,
      intervalMs: 50,
    });
    expect((await answered).status()).toBe(200);
    const [check] = await waitFor(() => restartChecks(options, sim.url), {
      until: (checks) => checks.length === 1 && checks[0]?.phase === 'done',
      what: 'the restart’s check to end',
      timeoutMs: 30_000,
    });

    const port = portOf(sim.url);
    const restarts = requestLog()
      .requests(port, { since: clickedAt })
      .filter((request) => request.method === 'POST' && request.path === RESTART_PATH);
    // The widget sent it twice, and OPNsense carried out both, one after the other.
    expect(restarts).toHaveLength(2);
    const [timedOut, resend] = restarts as [(typeof restarts)[0], (typeof restarts)[0]];
    expect(resend.start - timedOut.start).toBeGreaterThanOrEqual(4_900);
    expect(resend.status).toBe(200);

    // The click's own check: the re-send began no second one in its place.
    expect(check).toMatchObject({
      id: clicked?.id,
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
    expect(
      (await historyOf(options, sim.url)).map((entry) => [entry.trigger, entry.result]),
    ).toEqual([['restart', 'clean']]);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });
});
