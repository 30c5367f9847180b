/**
 * Time to verdict, load on the firewall and remediation, each from a real Apply (or a real click
 * on "Restart HAProxy") in Chromium against a fresh stand-in with real haproxy processes, whose
 * process list shows full command lines (several CPUs) or only their first word (one CPU).
 * Over 300 lines: one Apply's steps and the figures taken along them read best in one place.
 *
 * Clocks: the reconfigure answer's arrival is the browser's own network timing (wall clock),
 * `verdictAt` is the service worker's `Date.now()`, request times are this process's
 * `Date.now()`: one machine, one wall clock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, Response } from 'playwright-core';
import { DEFAULT_DRAIN_WINDOW_MS, drainWindowMs } from '../src/core/verdict.ts';
import type { CheckRecord } from '../src/shared/check-state.ts';
import { logIn, openHaproxyPage } from '../test/e2e/support/opnsense-page.ts';
import { startSim, type Sim, type SimOptions } from '../test/sim/index.ts';
import { isAlive } from '../test/sim/proc.ts';
import { splitApplyLooks, type ApplyLooks } from './apply-looks.ts';
import type { BenchBrowser } from './browsers.ts';
import { waitForRecord } from './check-records.ts';
import { track } from './cleanup.ts';
import {
  byEndpoint,
  portOf,
  PROCESS_LIST_PATH,
  type LoggedRequest,
  type RequestLog,
} from '../test/e2e/support/request-log.ts';
import { newestStart } from './process-start.ts';
import { observation, PROCESS_LIST, timedApi } from './sim-api.ts';
import { summarize } from './stats.ts';

export type Scenario = 'clean' | 'duplicate' | 'draining';

export const SCENARIOS: Readonly<Record<Scenario, { label: string; sim: SimOptions }>> = {
  clean: { label: 'clean (hard reload)', sim: { users: ['user0'] } },
  duplicate: {
    label: 'orphan → duplicate (fault orphanOnReload)',
    sim: { users: ['user0'], faults: { orphanOnReload: true } },
  },
  draining: {
    label: 'draining → clean (graceful, hard-stop-after 4s, fault holdConnection)',
    sim: {
      users: ['user0'],
      stopMode: 'graceful',
      hardStopAfter: '4s',
      faults: { holdConnection: true },
    },
  },
};

/**
 * `multi`: the process list shows whole command lines, so the `-sf`/`-st` chain decides.
 * `single`: the stand-in's fault `singleCpu` cuts every row to its first word, as OPNsense's
 * activity.py does on a 1-CPU firewall (docs/opnsense.md §4), so the drain window decides.
 */
export type CpuMode = 'multi' | 'single';

export const CPU_MODES: readonly CpuMode[] = ['multi', 'single'];

/** The scenario's stand-in options in that CPU mode. */
export function simOptions(scenario: Scenario, cpus: CpuMode): SimOptions {
  const sim = SCENARIOS[scenario].sim;
  return cpus === 'single' ? { ...sim, faults: { ...sim.faults, singleCpu: true } } : sim;
}

export interface RequestCount {
  readonly total: number;
  readonly processList: number;
  readonly byEndpoint: Record<string, number>;
  /** Each request: start and end in ms after the click, and what it was. */
  readonly timeline: string[];
}

export interface QuietWindow {
  /** How long after the final verdict the stand-in was watched, ms. */
  readonly windowMs: number;
  /** Requests from the extension that started after the final verdict. */
  readonly requests: RequestCount;
}

export interface RemediationRun {
  /** From the click on "Restart HAProxy" to the verified `clean`, ms. */
  readonly clickToVerifiedMs: number;
  readonly outcome: string;
  readonly requests: RequestCount;
  readonly after: QuietWindow;
}

export interface ApplyRun {
  readonly scenario: Scenario;
  readonly cpus: CpuMode;
  /** From the reconfigure answer's arrival in the browser to the final verdict, ms. */
  readonly timeToVerdictMs: number;
  /** From the click on Apply to the reconfigure answer (the page's own configtest + reconfigure). */
  readonly answeredAfterClickMs: number;
  /** The same answer as the stand-in sent it (a check that the two clocks agree). */
  readonly servedAfterClickMs: number;
  /** To the first verdict of any kind (the draining notice, for `draining`), ms. */
  readonly timeToFirstVerdictMs: number;
  readonly finalVerdict: string;
  readonly verdicts: string[];
  /**
   * The theoretical floor for this run, ms after the reconfigure answer: a direct process-list
   * call; the predecessor's exit (draining); on one CPU, the orphan the end of the drain window
   * (the newest process's start + the window), since nothing tells it from a predecessor before.
   */
  readonly floorMs: number;
  /** One CPU, orphan only: the drain window the floor ends, ms. */
  readonly drainWindowMs: number | null;
  /** Direct process-list calls on this sim right after the verdict (median of 3), ms. */
  readonly processListMs: number;
  /** Direct observation (list + info + status in parallel), ms. */
  readonly observationMs: number;
  /** Draining only: when the predecessor was gone, ms after the reconfigure answer. */
  readonly predecessorExitMs: number | null;
  /** Server-side durations of the extension's own process-list calls, ms. */
  readonly extensionProcessListServerMs: number[];
  /** Counted at the stand-in, from the click to the final verdict. */
  readonly requests: RequestCount;
  /** The same requests as the baseline before the reload and each look after it. */
  readonly looks: ApplyLooks;
  /** The extension's own counters in the CheckRecord. */
  readonly record: { readonly processListCalls: number; readonly apiCalls: number };
  readonly after: QuietWindow;
  readonly remediation: RemediationRun | null;
}

function count(requests: readonly LoggedRequest[], from: number): RequestCount {
  return {
    total: requests.length,
    processList: requests.filter((r) => PROCESS_LIST_PATH.test(r.path)).length,
    byEndpoint: byEndpoint(requests),
    timeline: requests.map(
      (r) => `${r.start - from}–${r.end === null ? '?' : r.end - from} ${r.method} ${r.path}`,
    ),
  };
}

/** When the browser had the whole reconfigure answer (wall clock), from its network timing. */
async function arrivalOf(response: Response, fallback: () => number): Promise<number> {
  await response.finished();
  const timing = response.request().timing();
  return timing.responseEnd > 0 ? timing.startTime + timing.responseEnd : fallback();
}

/** Watches a PID every 10 ms until it is gone; resolves with the wall-clock time it was seen gone. */
function exitOf(pid: number, signal: AbortSignal): Promise<number | null> {
  return (async () => {
    while (!signal.aborted) {
      if (!isAlive(pid)) return Date.now();
      await sleep(10);
    }
    return null;
  })();
}

export interface RunContext {
  readonly browser: BenchBrowser;
  readonly log: RequestLog;
  readonly quietMs: number;
}

export interface ApplyOptions {
  readonly cpus: CpuMode;
  /** Duplicate only: click "Restart HAProxy" once the verdict's quiet window has passed. */
  readonly remediate: boolean;
}

async function quietWindow(ctx: RunContext, port: number, finalAt: number): Promise<QuietWindow> {
  const until = finalAt + ctx.quietMs;
  await sleep(Math.max(0, until - Date.now()));
  return {
    windowMs: ctx.quietMs,
    requests: count(ctx.log.requests(port, { since: finalAt + 1, sender: 'extension' }), finalAt),
  };
}

async function openAdminPage(ctx: RunContext, sim: Sim): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  await openHaproxyPage(page, sim.url, '#users');
  return page;
}

async function remediate(
  ctx: RunContext,
  sim: Sim,
  page: Page,
  checkId: string,
): Promise<{ run: Omit<RemediationRun, 'after'>; verdictAt: number }> {
  const port = portOf(sim.url);
  // The click time as the page saw it: the first listener on the capture path.
  await page.evaluate(() => {
    window.addEventListener(
      'click',
      () => {
        (window as unknown as { __benchClickAt: number }).__benchClickAt = Date.now();
      },
      { capture: true, once: true },
    );
  });
  await page.getByRole('button', { name: /^Restart HAProxy/ }).click();
  const record = await waitForRecord(
    ctx.browser,
    sim.url,
    (r) =>
      r.id === checkId &&
      r.phase === 'done' &&
      (r.remediation?.step === 'done' || r.remediation?.step === 'failed'),
    { what: 'the restart to be verified or to fail', timeoutMs: 90_000 },
  );
  const clickAt = await page.evaluate(
    () => (window as unknown as { __benchClickAt: number }).__benchClickAt,
  );
  const verdictAt = record.verdictAt ?? Date.now();
  return {
    run: {
      clickToVerifiedMs: verdictAt - clickAt,
      outcome: `${record.remediation?.step ?? '?'} / ${record.verdict?.kind ?? '?'}`,
      requests: count(
        ctx.log.requests(port, { since: clickAt, until: verdictAt, sender: 'extension' }),
        clickAt,
      ),
    },
    verdictAt,
  };
}

/** After the verdict, let the page's own reload after Apply pass before timing the floors. */
const FLOOR_SETTLE_MS = 2_000;
const FLOOR_CALLS = 5;

interface Latencies {
  readonly processListMs: number;
  readonly observationMs: number;
}

/** Median of direct calls after one warm-up call (which opens the connection). */
async function directLatencies(sim: Sim): Promise<Latencies> {
  await timedApi(sim, 'GET', PROCESS_LIST);
  const lists: number[] = [];
  const observations: number[] = [];
  for (let i = 0; i < FLOOR_CALLS; i++) {
    lists.push((await timedApi(sim, 'GET', PROCESS_LIST)).ms);
    observations.push(await observation(sim));
  }
  return {
    processListMs: summarize(lists).median,
    observationMs: summarize(observations).median,
  };
}

export interface PendingRun {
  /** Resolves when this run's quiet window is over and its sim and page are gone. */
  readonly done: Promise<ApplyRun>;
}

/**
 * One Apply. Returns as soon as the final verdict (and, for `duplicate`, the remediation) is in;
 * the last quiet window then runs in the background, so the next run can start meanwhile (each
 * sim has its own port, so each window only counts its own stand-in).
 */
export async function runApply(
  ctx: RunContext,
  scenario: Scenario,
  { cpus, remediate: remediates }: ApplyOptions = { cpus: 'multi', remediate: true },
): Promise<PendingRun> {
  const sim = await startSim(simOptions(scenario, cpus));
  const stopSim = track(`sim ${sim.url}`, () => sim.stop());
  let page: Page | null = null;
  const watch = new AbortController();
  const finish = async () => {
    watch.abort();
    await page?.close().catch(() => undefined);
    await stopSim();
  };
  try {
    const port = portOf(sim.url);
    page = await openAdminPage(ctx, sim);
    if (scenario === 'clean') await sim.addUser('user1');
    // The page's own look on a fresh origin: its calls, sent late on a busy machine, would
    // otherwise be counted as the Apply's baseline.
    await waitForRecord(
      ctx.browser,
      sim.url,
      (r) => r.trigger === 'page-open' && r.phase === 'done',
      {
        what: 'the page-open look before the click',
        timeoutMs: 30_000,
      },
    );
    const [predecessor] = await sim.haproxyPids();
    const exit =
      scenario === 'draining' && predecessor !== undefined
        ? exitOf(predecessor, watch.signal)
        : Promise.resolve(null);

    const clickAt = Date.now();
    const answer = page.waitForResponse((r) => /\/service\/reconfigure$/.test(r.url()), {
      timeout: 60_000,
    });
    const reloaded = page.waitForEvent('framenavigated', { timeout: 60_000 });
    await page.locator('[id*="reconfigureAct"]:visible').first().click();
    const reconfigure = await answer;
    const reconfigureRequest = () =>
      ctx.log
        .requests(port, { since: clickAt })
        .find((r) => r.path.endsWith('/service/reconfigure'));
    const served = () => reconfigureRequest()?.end ?? Date.now();
    const answeredAt = await arrivalOf(reconfigure, served);
    await reloaded;

    const verdicts: string[] = [];
    // Written from the polling callback, so held in an object the type checker does not narrow.
    const first: { at: number | null } = { at: null };
    // The Apply's own check: opening the page took a look of its own (trigger `page-open`)
    // that may have ended just before the click.
    const ofApply = (r: CheckRecord) => r.trigger === 'apply' && r.startedAt >= clickAt - 1000;
    const final = await waitForRecord(
      ctx.browser,
      sim.url,
      (r) => r.phase === 'done' && ofApply(r),
      {
        what: "the Apply's final verdict",
        timeoutMs: 90_000,
        seen: (r) => {
          if (!ofApply(r) || r.verdict === null || r.verdictAt === null) return;
          first.at ??= r.verdictAt;
          if (verdicts[verdicts.length - 1] !== r.verdict.kind) verdicts.push(r.verdict.kind);
        },
      },
    );
    const verdictAt = final.verdictAt ?? Date.now();
    // The newest process, read while it runs: on one CPU the orphan's floor counts from its start.
    const windowEnd =
      cpus === 'single' && scenario === 'duplicate'
        ? windowEndOf(await sim.haproxyPids(), final)
        : null;
    // A clean verdict means the predecessor was gone; the 10 ms watcher has seen it by now.
    const exitAt = await Promise.race([exit, sleep(2000).then(() => null)]);

    const predecessorExitMs = exitAt === null ? null : exitAt - answeredAt;
    // Floors on this very stand-in, in the state the extension saw last, once the page's own
    // reload after Apply is over (inside the quiet window, which counts the extension only).
    const floors = sleep(Math.min(FLOOR_SETTLE_MS, ctx.quietMs / 2)).then(() =>
      directLatencies(sim),
    );
    const during = ctx.log.requests(port, {
      since: clickAt,
      until: verdictAt,
      sender: 'extension',
    });
    const base = {
      scenario,
      timeToVerdictMs: verdictAt - answeredAt,
      answeredAfterClickMs: answeredAt - clickAt,
      servedAfterClickMs: served() - clickAt,
      timeToFirstVerdictMs: (first.at ?? verdictAt) - answeredAt,
      finalVerdict: final.verdict?.kind ?? `none (${final.error?.kind ?? final.failure ?? '?'})`,
      verdicts,
      predecessorExitMs,
      extensionProcessListServerMs: during
        .filter((r) => PROCESS_LIST_PATH.test(r.path) && r.end !== null)
        .map((r) => (r.end ?? r.start) - r.start),
      requests: count(during, clickAt),
      looks: splitApplyLooks(during, reconfigureRequest()?.start ?? answeredAt),
      record: { processListCalls: final.processListCalls, apiCalls: final.apiCalls },
    };
    const withFloors = (latencies: Latencies) => ({
      ...base,
      cpus,
      ...latencies,
      floorMs:
        cpus === 'single' && scenario === 'duplicate'
          ? (windowEnd?.at ?? Number.NaN) - answeredAt
          : scenario === 'draining'
            ? (predecessorExitMs ?? Number.NaN)
            : latencies.processListMs,
      drainWindowMs: windowEnd?.windowMs ?? null,
    });

    if (scenario !== 'duplicate' || !remediates) {
      const done = Promise.all([floors, quietWindow(ctx, port, verdictAt)]).then(
        ([latencies, after]) => ({ ...withFloors(latencies), after, remediation: null }),
      );
      return { done: done.finally(finish) };
    }
    // The orphan: the window after the duplicate verdict must pass before the click.
    const [latencies, after] = await Promise.all([floors, quietWindow(ctx, port, verdictAt)]);
    const remediation = await remediate(ctx, sim, page, final.id);
    const done = quietWindow(ctx, port, remediation.verdictAt).then((afterFix) => ({
      ...withFloors(latencies),
      after,
      remediation: { ...remediation.run, after: afterFix },
    }));
    return { done: done.finally(finish) };
  } catch (error) {
    await finish();
    throw error;
  }
}

/**
 * The end of the drain window the extension waits out on one CPU: the newest process's start
 * (to 10 ms; the extension knows it from `Uptime_sec`, whole seconds) plus the window of the
 * stop settings it read.
 */
function windowEndOf(
  pids: readonly number[],
  record: CheckRecord,
): { at: number; windowMs: number } | null {
  const start = newestStart(pids);
  if (start === null || record.stopSettings === null) return null;
  const windowMs = drainWindowMs(record.stopSettings, DEFAULT_DRAIN_WINDOW_MS);
  return { at: start + windowMs, windowMs };
}

export interface RemediationFloor {
  /** stop → process list → start → observation, called directly in sequence, ms. */
  readonly totalMs: number;
  readonly stopMs: number;
  readonly startMs: number;
}

/** What "Restart HAProxy" has to wait for at best, with an orphan present each time. */
export async function remediationFloors(runs: number): Promise<RemediationFloor[]> {
  const sim = await startSim({ users: ['user0'], faults: { orphanOnReload: true } });
  const stopSim = track(`sim ${sim.url}`, () => sim.stop());
  try {
    const floors: RemediationFloor[] = [];
    for (let i = 0; i < runs; i++) {
      await timedApi(sim, 'POST', '/api/haproxy/service/reconfigure');
      if ((await sim.haproxyPids()).length < 2) throw new Error('no orphan after reconfigure');
      const started = performance.now();
      const stop = await timedApi(sim, 'POST', '/api/haproxy/service/stop');
      await timedApi(sim, 'GET', PROCESS_LIST);
      const start = await timedApi(sim, 'POST', '/api/haproxy/service/start');
      await observation(sim);
      floors.push({ totalMs: performance.now() - started, stopMs: stop.ms, startMs: start.ms });
    }
    return floors;
  } finally {
    await stopSim();
  }
}
