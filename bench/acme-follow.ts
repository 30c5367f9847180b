/**
 * What following an ACME renewal asks of a firewall (#18 item 2): real Chromium with the e2e build,
 * the stand-in's certificates page and its delayed background restart (test/sim/acme.ts). Counted
 * from the stand-in's request log; on the ACME page the page itself sends only `/api/acmeclient/*`,
 * so every `/api/haproxy/*` and `/api/diagnostics/*` request is the extension's. Four cases, each
 * on a stand-in and a tab of its own, run side by side:
 * - "Issue or renew", the automation restarts 20 s later and keeps an orphan: `statistics/info`
 *   calls until the restart was seen, the look that follows, then none in a quiet window;
 * - "Issue or renew" whose restart never comes: calls until the bound in time (10 min), then none;
 * - the same with the tab closed after the first call: none after the close;
 * - the settings page's integration request that changed nothing: its one call.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { FOLLOW_BOUNDS } from '../src/background/reload-sources/deferred-restart.ts';
import { orphanFromTheShell } from '../test/e2e/support/behind-the-gui.ts';
import { logIn } from '../test/e2e/support/opnsense-page.ts';
import { PROCESS_LIST_PATH } from '../test/e2e/support/request-log.ts';
import { startSim, type Sim, type SimRequest } from '../test/sim/index.ts';
import { waitFor } from '../test/support/wait.ts';
import { launchBrowser, type BenchBrowser } from './browsers.ts';
import { track } from './cleanup.ts';

declare const chrome: {
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
};

const INFO_PATH = '/api/haproxy/statistics/info';
const RESTART_DELAY_MS = 20_000;
/** Watched after each follow ended: nothing may arrive. */
const QUIET_MS = 60_000;
const NEVER_MS = 3_600_000;

export interface AcmeFollowCase {
  readonly name: string;
  /** `statistics/info` calls of the follow (before the restart was seen, or in all). */
  readonly followCalls: number;
  /** Requests of the full check that followed (0 when none began). */
  readonly checkCalls: number;
  readonly checkProcessLists: number;
  /** The check's verdict, or null. */
  readonly verdict: string | null;
  /** From the restart (or the click) to the check's first request; null without a check. */
  readonly restartSeenAfterMs: number | null;
  /** From the click to the follow's last call. */
  readonly followedForMs: number;
  /** Extension requests in the quiet window after the follow ended. */
  readonly afterEnd: number;
  readonly quietMs: number;
}

export interface AcmeFollowResult {
  readonly restartDelayMs: number;
  readonly bounds: typeof FOLLOW_BOUNDS;
  readonly cases: AcmeFollowCase[];
}

const isExtensionCall = (request: SimRequest) =>
  request.path.startsWith('/api/haproxy/') || request.path.startsWith('/api/diagnostics/');

async function acmeCheck(browser: BenchBrowser, origin: string) {
  const worker = await browser.serviceWorker();
  const all = await worker.evaluate(() => chrome.storage.session.get(null));
  return (
    Object.values(all)
      .map(
        (value) =>
          value as {
            origin?: string;
            trigger?: string;
            phase?: string;
            startedAt?: number;
            verdict?: { kind: string } | null;
          },
      )
      .find((check) => check.origin === origin && check.trigger === 'acme') ?? null
  );
}

/** The follows of this firewall still stored (the other cases run in the same browser). */
async function followsLeft(browser: BenchBrowser, origin: string): Promise<number> {
  const worker = await browser.serviceWorker();
  const all = await worker.evaluate(() => chrome.storage.session.get(null));
  const follows: unknown = all.acmeRestartFollows;
  return Array.isArray(follows)
    ? follows.filter((follow) => (follow as { origin?: string }).origin === origin).length
    : 0;
}

/**
 * A stand-in for one case, stopped when the case ends (or the bench is interrupted). Each under a
 * host name of its own: cookies ignore the port, so a login to a second stand-in on the same name
 * would replace the first one's session cookie, and the first follow's next call would be refused.
 */
async function withSim<T>(
  name: string,
  options: Parameters<typeof startSim>[0],
  run: (sim: Sim) => Promise<T>,
): Promise<T> {
  const sim = await startSim({ ...options, hostname: `acme-${name}.test` });
  const release = track(`acme: ${name}`, () => sim.stop());
  try {
    return await run(sim);
  } finally {
    await release();
  }
}

/**
 * The cases take turns at the pages: a headless tab in the background does not get the
 * certificate warning's button stable for a click while another tab is in front.
 */
let turn: Promise<unknown> = Promise.resolve();
function inTurn<T>(step: () => Promise<T>): Promise<T> {
  const next = turn.then(step, step);
  turn = next.catch(() => undefined);
  return next;
}

async function openAcmePage(browser: BenchBrowser, sim: Sim, path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.bringToFront();
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  await page.goto(`${sim.url}${path}`);
  return page;
}

async function clickRenew(page: Page): Promise<number> {
  await page.bringToFront();
  const renew = page.locator('#grid-certificates .command-sign').first();
  await renew.waitFor();
  const at = Date.now();
  await renew.click();
  await page.locator('#acmeStatus', { hasText: 'sign: ok' }).waitFor();
  return at;
}

function summarise(
  name: string,
  sim: Sim,
  since: number,
  checkFrom: number | null,
  restartAt: number | null,
  endedAt: number,
  quietMs: number,
  verdict: string | null,
): AcmeFollowCase {
  const calls = sim.requests({ since }).filter(isExtensionCall);
  const follow = calls.filter(
    (request) => request.path === INFO_PATH && (checkFrom === null || request.at < checkFrom),
  );
  const check = checkFrom === null ? [] : calls.filter((r) => r.at >= checkFrom && r.at <= endedAt);
  return {
    name,
    followCalls: follow.length,
    checkCalls: check.length,
    checkProcessLists: check.filter((request) => PROCESS_LIST_PATH.test(request.path)).length,
    verdict,
    restartSeenAfterMs: checkFrom === null ? null : checkFrom - (restartAt ?? since),
    followedForMs: (follow.at(-1)?.at ?? since) - since,
    afterEnd: calls.filter((request) => request.at > endedAt).length,
    quietMs,
  };
}

async function renewedAndRestarted(browser: BenchBrowser, sim: Sim, progress: (m: string) => void) {
  await orphanFromTheShell(sim);
  const { page, clickedAt } = await inTurn(async () => {
    const opened = await openAcmePage(browser, sim, '/ui/acmeclient/certificates');
    return { page: opened, clickedAt: await clickRenew(opened) };
  });
  progress(`acme: renewal clicked, the restart comes ${RESTART_DELAY_MS / 1000} s later`);
  await waitFor(() => sim.acme.restarts().done === 1, {
    what: 'the automation restart',
    timeoutMs: RESTART_DELAY_MS + 30_000,
  });
  const restartAt = Date.now();
  const check = await waitFor(() => acmeCheck(browser, sim.url), {
    until: (found) => found?.phase === 'done',
    what: 'the acme check to end',
    timeoutMs: 120_000,
    intervalMs: 100,
  });
  const endedAt = Date.now();
  // The check began when the follow saw the restart: what came before is the follow's.
  const checkFrom = check?.startedAt ?? null;
  progress(`acme: restart seen, ${QUIET_MS / 1000} s without a request?`);
  // A quiet window by definition: what is measured is that nothing arrives during it.
  await sleep(QUIET_MS);
  await page.close();
  return summarise(
    'renewal, restart 20 s later, orphan kept',
    sim,
    clickedAt,
    checkFrom,
    restartAt,
    endedAt,
    QUIET_MS,
    check?.verdict?.kind ?? null,
  );
}

async function renewedNeverRestarted(
  browser: BenchBrowser,
  sim: Sim,
  progress: (m: string) => void,
) {
  const { page, clickedAt } = await inTurn(async () => {
    const opened = await openAcmePage(browser, sim, '/ui/acmeclient/certificates');
    return { page: opened, clickedAt: await clickRenew(opened) };
  });
  progress(
    `acme: renewal without restart, followed until the bound (${FOLLOW_BOUNDS.later.timeMs / 60_000} min)`,
  );
  await waitFor(() => followsLeft(browser, sim.url), {
    until: (left) => left === 0 && Date.now() - clickedAt > FOLLOW_BOUNDS.later.timeMs,
    what: 'the follow to end at its bound',
    timeoutMs: FOLLOW_BOUNDS.later.timeMs + 120_000,
    intervalMs: 1_000,
  });
  const endedAt = Date.now();
  await sleep(QUIET_MS);
  await page.close();
  return summarise(
    'renewal, no restart within the bound',
    sim,
    clickedAt,
    null,
    null,
    endedAt,
    QUIET_MS,
    null,
  );
}

async function renewedThenClosed(browser: BenchBrowser, sim: Sim) {
  const { page, clickedAt } = await inTurn(async () => {
    const opened = await openAcmePage(browser, sim, '/ui/acmeclient/certificates');
    return { page: opened, clickedAt: await clickRenew(opened) };
  });
  await waitFor(
    () => sim.requests({ since: clickedAt }).filter((r) => r.path === INFO_PATH).length,
    {
      until: (calls) => calls >= 2,
      what: 'two follow calls',
      timeoutMs: 30_000,
    },
  );
  await page.close();
  const endedAt = Date.now();
  await sleep(QUIET_MS);
  return summarise(
    'renewal, tab closed after two calls',
    sim,
    clickedAt,
    null,
    null,
    endedAt,
    QUIET_MS,
    null,
  );
}

async function integrationUnchanged(browser: BenchBrowser, sim: Sim) {
  const { page, clickedAt } = await inTurn(async () => {
    const opened = await openAcmePage(browser, sim, '/ui/acmeclient/settings');
    const apply = opened.locator('#reconfigureAct');
    await apply.waitFor();
    const at = Date.now();
    await apply.click();
    await opened.locator('#acmeStatus', { hasText: 'integration: ok' }).waitFor();
    return { page: opened, clickedAt: at };
  });
  await waitFor(() => followsLeft(browser, sim.url), {
    until: (left) => left === 0,
    what: 'the integration follow to end',
    timeoutMs: 30_000,
  });
  const endedAt = Date.now();
  await sleep(QUIET_MS);
  await page.close();
  return summarise(
    'settings Apply, integration changed nothing',
    sim,
    clickedAt,
    null,
    null,
    endedAt,
    QUIET_MS,
    null,
  );
}

export async function measureAcmeFollow(
  buildDir: string,
  progress: (message: string) => void,
): Promise<AcmeFollowResult> {
  const browser = await launchBrowser(buildDir);
  try {
    // The bound case takes ten minutes; the others run meanwhile, each on its own stand-in.
    const [restarted, bound, closed, integration] = await Promise.all([
      withSim('restart', { acme: { restartDelayMs: RESTART_DELAY_MS } }, (sim) =>
        renewedAndRestarted(browser, sim, progress),
      ),
      withSim('bound', { acme: { restartDelayMs: NEVER_MS } }, (sim) =>
        renewedNeverRestarted(browser, sim, progress),
      ),
      withSim('closed', { acme: { restartDelayMs: NEVER_MS } }, (sim) =>
        renewedThenClosed(browser, sim),
      ),
      withSim('integration', {}, (sim) => integrationUnchanged(browser, sim)),
    ]);
    return {
      restartDelayMs: RESTART_DELAY_MS,
      bounds: FOLLOW_BOUNDS,
      cases: [restarted, bound, closed, integration],
    };
  } finally {
    await browser.close();
  }
}
