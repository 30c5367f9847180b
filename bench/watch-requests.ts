/**
 * What the opt-in watch asks of a firewall: the requests of each look (the one at turn-on, the
 * ones its alarm makes every interval, and the one that finds an orphan made from the shell), and
 * none at all over an interval once it is turned off. A fresh browser with the e2e build and one
 * stand-in that nothing else talks to: no GUI tab is open while the watch runs, so every request
 * the stand-in logs is the extension's. The interval is the shortest the options allow (1 min).
 *
 * The watch is set the way the options page stores it (`options.auth` with the API key and
 * `options.watch`), written from the service worker: the options page's own clicks are the e2e
 * tests' business; here only the cost counts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LastLook } from '../src/shared/last-look.ts';
import { gotoAcceptingCertificate } from '../test/e2e/support/opnsense-page.ts';
import { startSim, type Sim, type SimRequest } from '../test/sim/index.ts';
import { waitFor } from '../test/support/wait.ts';
import { launchBrowser, type BenchBrowser } from './browsers.ts';
import { track } from './cleanup.ts';
import { PROCESS_LIST_PATH } from '../test/e2e/support/request-log.ts';

declare const chrome: {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
};

export type WatchLookKind = 'turned on' | 'alarm' | 'alarm, orphan present';

export interface WatchLookSample {
  readonly kind: WatchLookKind;
  /** `lastLooks[origin].result` after the look. */
  readonly result: string;
  readonly apiCalls: number;
  readonly processListCalls: number;
  readonly byEndpoint: Record<string, number>;
  /** Requests that carried no API key, or the session cookie: the watch must send none. */
  readonly withoutKeyOrWithCookie: number;
  /** First request → `lastLooks[origin].at` (the answer). */
  readonly spanMs: number;
  /** From the previous look's answer to this one's (the alarm's period plus the look). */
  readonly sincePreviousMs: number | null;
}

export interface WatchRequestsResult {
  readonly intervalMinutes: number;
  readonly looks: WatchLookSample[];
  /** From the shell's reload to the look that named the orphan. */
  readonly orphanFoundAfterMs: number;
  /** Requests of any kind that reached the stand-in in `windowMs` after the watch was turned off. */
  readonly off: { readonly windowMs: number; readonly requests: number };
}

const MINUTE = 60_000;
/**
 * The shortest interval the options allow (`MIN_WATCH_INTERVAL_MINUTES` in
 * src/shared/options-storage.ts, which node cannot import: it loads the browser polyfill).
 */
const INTERVAL_MINUTES = 1;
/** What an alarm may be late and a look may take, on top of the interval. */
const SLACK_MS = 30_000;
/** Requests further apart than this belong to different looks (looks are a minute apart). */
const LOOK_GAP_MS = 10_000;

async function storedOptions(browser: BenchBrowser): Promise<Record<string, unknown>> {
  const worker = await browser.serviceWorker();
  const stored = await worker.evaluate(() => chrome.storage.local.get('options'));
  return (stored.options ?? { auth: {}, watch: {}, version: 1 }) as Record<string, unknown>;
}

async function storeOptions(browser: BenchBrowser, options: Record<string, unknown>) {
  const worker = await browser.serviceWorker();
  await worker.evaluate((value) => chrome.storage.local.set({ options: value }), options);
}

async function lastLookOf(browser: BenchBrowser, origin: string): Promise<LastLook | null> {
  const worker = await browser.serviceWorker();
  const stored = await worker.evaluate(() => chrome.storage.local.get('lastLooks'));
  return ((stored.lastLooks ?? {}) as Record<string, LastLook | undefined>)[origin] ?? null;
}

async function nextWatchLook(
  browser: BenchBrowser,
  origin: string,
  after: number,
  timeoutMs: number,
  accept: (look: LastLook) => boolean = () => true,
): Promise<LastLook> {
  return waitFor(() => lastLookOf(browser, origin), {
    until: (look): look is LastLook =>
      look !== null && look.trigger === 'watch' && look.at > after && accept(look),
    what: `a watch look at ${origin}`,
    timeoutMs,
    intervalMs: 100,
  });
}

/** The API requests between two moments, split into bursts (one per look). */
export function lookBursts(requests: readonly SimRequest[], gapMs = LOOK_GAP_MS): SimRequest[][] {
  const bursts: SimRequest[][] = [];
  let current: SimRequest[] = [];
  for (const request of [...requests].sort((a, b) => a.at - b.at)) {
    const last = current.at(-1);
    if (last && request.at - last.at > gapMs) {
      bursts.push(current);
      current = [];
    }
    current.push(request);
  }
  if (current.length > 0) bursts.push(current);
  return bursts;
}

function sample(
  kind: WatchLookKind,
  look: LastLook,
  burst: readonly SimRequest[],
  previous: LastLook | null,
): WatchLookSample {
  const byEndpoint: Record<string, number> = {};
  for (const request of burst) {
    const key = `${request.method} ${request.path}`;
    byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
  }
  return {
    kind,
    result: look.result,
    apiCalls: burst.length,
    processListCalls: burst.filter((request) => PROCESS_LIST_PATH.test(request.path)).length,
    byEndpoint,
    withoutKeyOrWithCookie: burst.filter((request) => !request.apiKey || request.sessionCookie)
      .length,
    spanMs: look.at - (burst[0]?.at ?? look.at),
    sincePreviousMs: previous === null ? null : look.at - previous.at,
  };
}

async function measureWith(
  browser: BenchBrowser,
  sim: Sim,
  progress: (message: string) => void,
): Promise<WatchRequestsResult> {
  const intervalMinutes = INTERVAL_MINUTES;
  const intervalMs = intervalMinutes * MINUTE;
  // The admin's first visit accepts the certificate; the extension's requests ride on it.
  const tab = await browser.context.newPage();
  await gotoAcceptingCertificate(tab, `${sim.url}/`);
  await tab.close();

  const options = await storedOptions(browser);
  const { key, secret } = sim.credentials.apiKey;
  const turnedOnAt = Date.now();
  await storeOptions(browser, {
    ...options,
    auth: { ...(options.auth as object), [sim.url]: { kind: 'api-key', key, secret } },
    watch: { ...(options.watch as object), [sim.url]: { intervalMinutes } },
  });
  progress('watch: the look at turn-on');
  const first = await nextWatchLook(browser, sim.url, turnedOnAt, SLACK_MS);
  progress('watch: the next look, by the alarm');
  const second = await nextWatchLook(browser, sim.url, first.at, intervalMs + SLACK_MS);

  sim.setFaults({ orphanOnReload: true });
  const reloadedAt = Date.now();
  if ((await sim.shell('configctl haproxy reload')) !== 'OK') throw new Error('reload failed');
  if ((await sim.haproxyPids()).length < 2) throw new Error('no orphan after the reload');
  progress('watch: the look that finds the orphan');
  const third = await nextWatchLook(
    browser,
    sim.url,
    reloadedAt,
    intervalMs + SLACK_MS,
    (look) => look.result === 'duplicate',
  );

  const looks = [first, second, third];
  const kinds: WatchLookKind[] = ['turned on', 'alarm', 'alarm, orphan present'];
  const bursts = lookBursts(
    sim
      .requests({ since: turnedOnAt })
      .filter((request) => request.path.startsWith('/api/') && request.at <= third.at),
  );
  if (bursts.length !== looks.length) {
    throw new Error(`${bursts.length} bursts of requests for ${looks.length} looks`);
  }

  const withoutWatch = await storedOptions(browser);
  const watch = Object.fromEntries(
    Object.entries(withoutWatch.watch as Record<string, unknown>).filter(([o]) => o !== sim.url),
  );
  await storeOptions(browser, { ...withoutWatch, watch });
  const offAt = Date.now();
  const windowMs = intervalMs + SLACK_MS;
  progress(`watch: off, ${windowMs / 1000} s without a request?`);
  // A quiet window by definition: what is measured is that nothing arrives during it.
  await sleep(windowMs);

  return {
    intervalMinutes,
    looks: looks.map((look, index) =>
      sample(kinds[index] ?? 'alarm', look, bursts[index] ?? [], looks[index - 1] ?? null),
    ),
    orphanFoundAfterMs: third.at - reloadedAt,
    off: { windowMs, requests: sim.requests({ since: offAt }).length },
  };
}

export async function measureWatchRequests(
  buildDir: string,
  progress: (message: string) => void,
): Promise<WatchRequestsResult> {
  const sim = await startSim({ users: ['user0'] });
  const releaseSim = track(`sim ${sim.url}`, () => sim.stop());
  // A browser of its own: the watch's alarms and badge belong to the whole browser.
  const browser = await launchBrowser(buildDir);
  try {
    return await measureWith(browser, sim, progress);
  } finally {
    await browser.close();
    await releaseSim();
  }
}
