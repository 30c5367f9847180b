/**
 * What one click on "Restart HAProxy" costs the sites behind HAProxy: a client hammers the real
 * frontend with new connections during the restart and the longest run of refused or failed
 * connections is the outage. The floor is the same stop and start called directly on an equal
 * stand-in (the least any remediation can cost); click-to-clean is from the click to the
 * verified `clean`. Hard mode, and graceful mode with a held connection, where OPNsense's stop
 * waits for the drain (facts §2).
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { EXIT_POLL_MS } from '../src/background/remediation/remediation-drive.ts';
import { logIn, openHaproxyPage } from '../test/e2e/support/opnsense-page.ts';
import { startSim, type Sim, type SimOptions } from '../test/sim/index.ts';
import type { BenchBrowser } from './browsers.ts';
import { waitForRecord } from './check-records.ts';
import { track } from './cleanup.ts';
import { timedApi } from './sim-api.ts';
import { summarize, type Summary } from './stats.ts';

export type RestartMode = 'hard' | 'graceful';

export const RESTART_MODES: Readonly<Record<RestartMode, { label: string; sim: SimOptions }>> = {
  hard: { label: 'hard mode', sim: { users: ['user0'] } },
  graceful: {
    label: 'graceful, hard-stop-after 5s, a held connection',
    sim: { users: ['user0'], stopMode: 'graceful', hardStopAfter: '5s' },
  },
};

/** One connection attempt of the hammer: a new TCP connection and one authenticated request. */
interface Attempt {
  readonly start: number;
  readonly end: number;
  readonly ok: boolean;
}

const ATTEMPT_TIMEOUT_MS = 1_000;

function attempt(sim: Sim): Promise<Attempt> {
  const start = Date.now();
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      resolve({ start, end: Date.now(), ok });
    };
    const req = request(
      {
        host: sim.frontend.host,
        port: sim.frontend.port,
        path: '/',
        agent: false,
        timeout: ATTEMPT_TIMEOUT_MS,
        headers: { authorization: `Basic ${Buffer.from('user0:user0-pass').toString('base64')}` },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          done(response.statusCode === 200);
        });
        response.on('error', () => {
          done(false);
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
    });
    req.on('error', () => {
      done(false);
    });
    req.end();
  });
}

/** New connections one after the other (5 ms apart) until stopped. */
function hammer(sim: Sim) {
  const attempts: Attempt[] = [];
  // Set from stop(), so held in an object the type checker does not narrow.
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      attempts.push(await attempt(sim));
      await sleep(5);
    }
  })();
  return {
    async stop(): Promise<Attempt[]> {
      state.running = false;
      await loop;
      return attempts;
    },
  };
}

/**
 * The longest stretch without a working new connection: from the start of the first failed
 * attempt to the start of the next successful one. 0 when none failed.
 */
export function longestOutageMs(attempts: readonly Attempt[]): number {
  let longest = 0;
  let failingSince: number | null = null;
  for (const a of attempts) {
    if (!a.ok) failingSince ??= a.start;
    else if (failingSince !== null) {
      longest = Math.max(longest, a.start - failingSince);
      failingSince = null;
    }
  }
  if (failingSince !== null)
    longest = Math.max(longest, (attempts.at(-1)?.end ?? 0) - failingSince);
  return longest;
}

/** A stand-in with an orphan next to the current process (the state the click is made in). */
async function simWithOrphan(
  mode: RestartMode,
): Promise<{ sim: Sim; release: () => Promise<void> }> {
  const options = RESTART_MODES[mode].sim;
  const sim = await startSim({
    ...options,
    faults: { orphanOnReload: true, holdConnection: mode === 'graceful' },
  });
  const release = track(`sim ${sim.url}`, () => sim.stop());
  return { sim, release };
}

export interface RestartRun {
  readonly mode: RestartMode;
  readonly outcome: string;
  /** At the frontend, by the hammer. */
  readonly outageMs: number;
  /** What the panel reported (stop request → first observation of the new process). */
  readonly reportedOutageMs: number | null;
  readonly clickToCleanMs: number;
  readonly attempts: number;
  readonly failedAttempts: number;
}

export interface RestartFloor {
  readonly mode: RestartMode;
  readonly outageMs: number;
  /** stop + start called directly. */
  readonly stopStartMs: number;
}

/** One click on "Restart HAProxy" in the browser, with the frontend hammered throughout. */
async function extensionRun(browser: BenchBrowser, mode: RestartMode): Promise<RestartRun> {
  const { sim, release } = await simWithOrphan(mode);
  let page: Page | null = null;
  try {
    page = await browser.context.newPage();
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await openHaproxyPage(page, sim.url, '#users');
    const reloaded = page.waitForEvent('framenavigated', { timeout: 60_000 });
    await page.locator('[id*="reconfigureAct"]:visible').first().click();
    await reloaded;
    const duplicate = await waitForRecord(
      browser,
      sim.url,
      (r) => r.phase === 'done' && r.verdict?.kind === 'duplicate',
      { what: 'the Apply to find the orphan', timeoutMs: 120_000 },
    );
    const load = hammer(sim);
    await sleep(300);
    const clickAt = Date.now();
    await page.getByRole('button', { name: /^Restart HAProxy/ }).click();
    const final = await waitForRecord(
      browser,
      sim.url,
      (r) =>
        r.id === duplicate.id &&
        r.phase === 'done' &&
        r.remediation !== null &&
        r.remediation.step !== 'checking',
      { what: 'the restart to be checked', timeoutMs: 120_000 },
    );
    await sleep(300);
    const attempts = await load.stop();
    return {
      mode,
      outcome: `${final.remediation?.step ?? '?'} / ${final.verdict?.kind ?? '?'}`,
      outageMs: longestOutageMs(attempts),
      reportedOutageMs: final.remediation?.outageMs ?? null,
      clickToCleanMs: (final.verdictAt ?? Date.now()) - clickAt,
      attempts: attempts.length,
      failedAttempts: attempts.filter((a) => !a.ok).length,
    };
  } finally {
    await page?.close().catch(() => undefined);
    await release();
  }
}

/** The same stop and start, called directly, on an equal stand-in in the same state. */
async function floorRun(mode: RestartMode): Promise<RestartFloor> {
  const { sim, release } = await simWithOrphan(mode);
  try {
    await timedApi(sim, 'POST', '/api/haproxy/service/reconfigure');
    if ((await sim.haproxyPids()).length < 2) throw new Error('no orphan after reconfigure');
    const load = hammer(sim);
    await sleep(300);
    const started = performance.now();
    await timedApi(sim, 'POST', '/api/haproxy/service/stop');
    await timedApi(sim, 'POST', '/api/haproxy/service/start');
    const stopStartMs = performance.now() - started;
    await sleep(300);
    const attempts = await load.stop();
    return { mode, outageMs: longestOutageMs(attempts), stopStartMs };
  } finally {
    await release();
  }
}

export interface RestartOutageSummary {
  readonly mode: RestartMode;
  readonly label: string;
  readonly runs: number;
  readonly outcomes: string[];
  readonly outageMs: Summary;
  readonly floorOutageMs: Summary;
  readonly overFloorMs: Summary;
  readonly reportedOutageMs: Summary;
  readonly clickToCleanMs: Summary;
  readonly floorStopStartMs: Summary;
  /** The remediation's polling interval while it follows the stop. */
  readonly pollIntervalMs: number;
}

export async function measureRestartOutage(
  browser: BenchBrowser,
  runs: number,
  progress: (message: string) => void,
): Promise<{ summaries: RestartOutageSummary[]; samples: unknown }> {
  const summaries: RestartOutageSummary[] = [];
  const samples: { runs: RestartRun[]; floors: RestartFloor[] }[] = [];
  for (const mode of Object.keys(RESTART_MODES) as RestartMode[]) {
    const clicks: RestartRun[] = [];
    const floors: RestartFloor[] = [];
    for (let i = 1; i <= runs; i++) {
      progress(`restart outage, ${mode} ${i}/${runs}`);
      clicks.push(await extensionRun(browser, mode));
      floors.push(await floorRun(mode));
    }
    const floor = summarize(floors.map((f) => f.outageMs));
    summaries.push({
      mode,
      label: RESTART_MODES[mode].label,
      runs,
      outcomes: clicks.map((c) => c.outcome),
      outageMs: summarize(clicks.map((c) => c.outageMs)),
      floorOutageMs: floor,
      overFloorMs: summarize(clicks.map((c) => c.outageMs - floor.median)),
      reportedOutageMs: summarize(clicks.map((c) => c.reportedOutageMs ?? Number.NaN)),
      clickToCleanMs: summarize(clicks.map((c) => c.clickToCleanMs)),
      floorStopStartMs: summarize(floors.map((f) => f.stopStartMs)),
      pollIntervalMs: EXIT_POLL_MS,
    });
    samples.push({ runs: clicks, floors });
  }
  return { summaries, samples };
}
