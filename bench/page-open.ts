/**
 * What opening a GUI page asks of the firewall, counted at the stand-in (request-log.ts) in real
 * Chromium with the built extension:
 * - a HAProxy page of a firewall nobody looked at within the window (10 min): one look, so at
 *   most one process-list call (`top` samples for 1–2 s on a real firewall, docs/opnsense.md §4); with an
 *   orphan left by a reload from the shell, the warning;
 * - the same page reloaded within the window, nothing changed: one statistics/info call (is the
 *   newest process still the one the look saw?), no process list;
 * - then a reload from the shell that leaves an orphan, still within the window, and the page
 *   reloaded once more: the statistics/info call first, then the full look and the warning;
 * - the dashboard, System › Services, another GUI page, a look-alike path and the login page,
 *   where nothing happens: nothing. The HAProxy page on the same stand-in is the control that
 *   shows the count sees the extension's requests.
 * Each counting window runs from the navigation until `quietMs` after the last thing expected
 * (the look's verdict, or the page's `load`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { CheckRecord } from '../src/shared/check-state.ts';
import { orphanFromTheShell } from '../test/e2e/support/behind-the-gui.ts';
import { afterPageAnswered, tabIdOf } from '../test/e2e/support/extension-state.ts';
import {
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  PANEL_SHOWN_PROBE,
  panelWasShown,
  waitForAlert,
} from '../test/e2e/support/opnsense-page.ts';
import {
  byEndpoint,
  portOf,
  PROCESS_LIST_PATH,
  type LoggedRequest,
  type RequestLog,
} from '../test/e2e/support/request-log.ts';
import { startSim, type Sim } from '../test/sim/index.ts';
import type { BenchBrowser } from './browsers.ts';
import { waitForRecord } from './check-records.ts';
import { track } from './cleanup.ts';

export type PageOpenScenario = 'clean' | 'orphan';

export const PAGE_OPEN_SCENARIOS: Readonly<Record<PageOpenScenario, string>> = {
  clean: 'clean firewall',
  orphan: 'an orphan left by `configctl haproxy reload` from the shell (fault orphanOnReload)',
};

export interface Requests {
  readonly total: number;
  readonly processList: number;
  readonly byEndpoint: Record<string, number>;
}

export interface PageOpenRun {
  readonly scenario: PageOpenScenario;
  /** The extension's requests from the navigation to the end of the quiet window. */
  readonly requests: Requests;
  /** The look's own counter (CheckRecord.processListCalls), a cross-check. */
  readonly recordProcessListCalls: number;
  readonly verdict: string;
  /** From the navigation's start (`performance.timeOrigin`) to the look's `verdictAt`. */
  readonly openToVerdictMs: number;
  /** Whether the panel was ever added to the page (orphan: the warning; clean: never). */
  readonly panelShown: boolean;
  /** Reloads of the same page right after, within the window: each one's requests. */
  readonly reloads: readonly { readonly requests: Requests; readonly panelShown: boolean }[];
  /** Clean runs: the page reloaded after a reload from the shell within the window. */
  readonly afterShellReload: InsideWindowReload | null;
}

/** A HAProxy page opened within the window after `configctl haproxy reload` left an orphan. */
export interface InsideWindowReload {
  readonly requests: Requests;
  /** The extension's first request after the navigation: the statistics/info call. */
  readonly firstPath: string | null;
  readonly recordProcessListCalls: number;
  readonly verdict: string;
  readonly panelShown: boolean;
  /** From the navigation's start to the full look's `verdictAt`. */
  readonly openToVerdictMs: number;
}

export interface OtherPageCost {
  readonly label: string;
  readonly path: string;
  readonly requests: Requests;
}

export interface PageOpenMeasurement {
  readonly runs: PageOpenRun[];
  readonly otherPages: OtherPageCost[];
  /** The HAProxy page opened last on the stand-in of the other pages: the method's control. */
  readonly control: Requests;
  readonly quietMs: number;
}

export interface PageOpenConfig {
  readonly runs: number;
  /** Reloads within the window after each clean page open. */
  readonly reloads: number;
  readonly quietMs: number;
  readonly log: RequestLog;
  readonly progress: (message: string) => void;
}

const OTHER_PAGES: readonly { label: string; path: string; loggedOut?: true }[] = [
  { label: 'login page (logged out)', path: '/', loggedOut: true },
  { label: 'dashboard (services widget)', path: '/' },
  { label: 'System › Services', path: '/ui/core/service' },
  { label: 'another GUI page', path: '/ui/diagnostics/activity' },
  { label: 'look-alike path', path: '/ui/haproxyfoo' },
];

function counted(requests: readonly LoggedRequest[]): Requests {
  return {
    total: requests.length,
    processList: requests.filter((r) => PROCESS_LIST_PATH.test(r.path)).length,
    byEndpoint: byEndpoint(requests),
  };
}

function extensionRequests(log: RequestLog, sim: Sim, since: number, until: number): Requests {
  return counted(log.requests(portOf(sim.url), { since, until, sender: 'extension' }));
}

function waitForLook(browser: BenchBrowser, origin: string, since = 0): Promise<CheckRecord> {
  return waitForRecord(
    browser,
    origin,
    (r) => r.trigger === 'page-open' && r.phase === 'done' && r.startedAt >= since,
    { what: `a page-open look at ${origin}`, timeoutMs: 60_000 },
  );
}

/** After the clean look and its reloads, still within the window: the shell reload, then one page open. */
async function shellReloadInsideWindow(
  browser: BenchBrowser,
  sim: Sim,
  page: Page,
  config: PageOpenConfig,
): Promise<InsideWindowReload> {
  await orphanFromTheShell(sim);
  const since = Date.now();
  await page.reload({ waitUntil: 'load' });
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  await waitForAlert(page, /side by side/);
  const look = await waitForLook(browser, sim.url, since);
  const verdictAt = look.verdictAt ?? Date.now();
  await sleep(Math.max(0, verdictAt + config.quietMs - Date.now()));
  const requests = config.log.requests(portOf(sim.url), {
    since,
    until: Date.now(),
    sender: 'extension',
  });
  return {
    requests: counted(requests),
    firstPath: requests[0]?.path ?? null,
    recordProcessListCalls: look.processListCalls,
    verdict: look.verdict?.kind ?? `error:${look.error?.kind ?? '?'}`,
    panelShown: await panelWasShown(page),
    openToVerdictMs: verdictAt - timeOrigin,
  };
}

async function withSim<T>(
  body: (sim: Sim, page: Page) => Promise<T>,
  browser: BenchBrowser,
): Promise<T> {
  const sim = await startSim({ users: ['user0'] });
  const stopSim = track(`sim ${sim.url}`, () => sim.stop());
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(PANEL_SHOWN_PROBE);
    return await body(sim, page);
  } finally {
    await page.close().catch(() => undefined);
    await stopSim();
  }
}

/** One page open on a fresh stand-in (a new origin: nobody looked at it yet). */
function pageOpenRun(
  browser: BenchBrowser,
  scenario: PageOpenScenario,
  config: PageOpenConfig,
): Promise<PageOpenRun> {
  return withSim(async (sim, page) => {
    const orphan = scenario === 'orphan' ? await orphanFromTheShell(sim) : null;
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    const openedAt = Date.now();
    await openHaproxyPage(page, sim.url);
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    if (orphan) await waitForAlert(page, /side by side/);
    const look = await waitForLook(browser, sim.url);
    const verdictAt = look.verdictAt ?? Date.now();
    await sleep(Math.max(0, verdictAt + config.quietMs - Date.now()));
    const windowEnd = Date.now();
    const panelShown = await panelWasShown(page);

    const reloads: { requests: Requests; panelShown: boolean }[] = [];
    let afterShellReload: InsideWindowReload | null = null;
    if (scenario === 'clean') {
      const serviceWorker = await browser.serviceWorker();
      const tabId = await tabIdOf(serviceWorker, page.url());
      for (let i = 0; i < config.reloads; i++) {
        const reloadedAt = Date.now();
        // Until the background answered the page (its statistics/info call is made before).
        await afterPageAnswered(serviceWorker, tabId, async () => {
          await page.reload({ waitUntil: 'load' });
        });
        // The last reload's window is the quiet window; the others end at the next reload.
        if (i === config.reloads - 1) await sleep(config.quietMs);
        const until = Date.now();
        reloads.push({
          requests: extensionRequests(config.log, sim, reloadedAt, until),
          panelShown: await panelWasShown(page),
        });
      }
      afterShellReload = await shellReloadInsideWindow(browser, sim, page, config);
    }
    return {
      scenario,
      requests: extensionRequests(config.log, sim, openedAt, windowEnd),
      recordProcessListCalls: look.processListCalls,
      verdict: look.verdict?.kind ?? `error:${look.error?.kind ?? '?'}`,
      openToVerdictMs: verdictAt - timeOrigin,
      panelShown,
      reloads,
      afterShellReload,
    };
  }, browser);
}

/** Every other page on one stand-in where no HAProxy page was opened, then the control. */
function otherPagesRun(
  browser: BenchBrowser,
  config: PageOpenConfig,
): Promise<{ otherPages: OtherPageCost[]; control: Requests }> {
  return withSim(async (sim, page) => {
    const otherPages: OtherPageCost[] = [];
    let loggedIn = false;
    for (const other of OTHER_PAGES) {
      if (other.loggedOut !== true && !loggedIn) {
        await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
        loggedIn = true;
      }
      const since = Date.now();
      // The first visit meets the certificate warning, clicked through as the admin does.
      await gotoAcceptingCertificate(page, `${sim.url}${other.path}`);
      await page.waitForLoadState('load');
      await sleep(config.quietMs);
      otherPages.push({
        label: other.label,
        path: other.path,
        requests: extensionRequests(config.log, sim, since, Date.now()),
      });
    }
    const since = Date.now();
    await openHaproxyPage(page, sim.url);
    const look = await waitForLook(browser, sim.url);
    await sleep(Math.max(0, (look.verdictAt ?? Date.now()) + config.quietMs - Date.now()));
    return { otherPages, control: extensionRequests(config.log, sim, since, Date.now()) };
  }, browser);
}

export async function measurePageOpen(
  browser: BenchBrowser,
  config: PageOpenConfig,
): Promise<PageOpenMeasurement> {
  config.progress('page open: other pages');
  const { otherPages, control } = await otherPagesRun(browser, config);
  const runs: PageOpenRun[] = [];
  for (const scenario of Object.keys(PAGE_OPEN_SCENARIOS) as PageOpenScenario[]) {
    for (let i = 1; i <= config.runs; i++) {
      config.progress(`page open: ${scenario} ${i}/${config.runs}`);
      runs.push(await pageOpenRun(browser, scenario, config));
    }
  }
  return { runs, otherPages, control, quietMs: config.quietMs };
}
