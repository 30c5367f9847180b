/**
 * The follow of an ACME restart on a fake firewall with manual time and the real check runner:
 * it finds the restart by the newest PID alone and hands over to one full check; it stops at its
 * bounds, once the restart was seen, and when no tab of the firewall is open; it outlives a
 * stopped service worker, and never leaves its alarm behind.
 */
import { describe, expect, it } from 'vitest';
import { FOLLOW_BOUNDS } from '../../../../src/background/reload-sources/deferred-restart.ts';
import type { RestartFollow } from '../../../../src/background/reload-sources/deferred-restart.ts';
import {
  createRestartFollower,
  type FollowStore,
} from '../../../../src/background/reload-sources/restart-follower.ts';
import { createReloadFollower } from '../../../../src/background/reload-sources/request-follower.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import { createRateLimiter } from '../../../../src/shared/rate-limit.ts';
import { NO_TIMER } from '../manual-clock.ts';
import { createEnv, ORIGIN, startWorker, type Env } from '../runner-env.ts';

const ACME_TAB = 12;
const INFO = '/statistics/info';
const PROCESS_LIST = '/get_activity';

/** `storage.session` and the alarm, shared by the workers of one browser. */
function createBrowserSide() {
  let stored: readonly RestartFollow[] = [];
  return {
    alarm: false,
    alarmSets: 0,
    openTabs: new Set([ORIGIN]),
    get stored() {
      return stored;
    },
    store: {
      load: () => Promise.resolve(structuredClone(stored)),
      save: (follows) => {
        stored = structuredClone(follows);
        return Promise.resolve();
      },
    } satisfies FollowStore,
  };
}

type BrowserSide = ReturnType<typeof createBrowserSide>;

/** One service worker: the check runner and the follower, stopped together. */
function startFollowerWorker(env: Env, side: BrowserSide) {
  const worker = startWorker(env);
  let dead = false;
  const ended: string[] = [];
  const client = createOpnsenseClient({
    origin: ORIGIN,
    auth: { kind: 'session', csrfToken: null },
    fetch: env.firewall.fetch,
  });
  const follower = createRestartFollower({
    now: env.clock.now,
    newId: env.newId,
    // A stopped worker's timers are gone with it.
    setTimer: (callback, delayMs) =>
      dead
        ? NO_TIMER
        : env.clock.setTimer(() => {
            if (!dead) callback();
          }, delayMs),
    clearTimer: env.clock.clearTimer,
    currentProcess: () => client.currentProcess(),
    firewallOpen: (origin) => Promise.resolve(side.openTabs.has(origin)),
    restarted: async (follow) => {
      await worker.runner.begin(follow.origin, follow.tabId, 'acme');
    },
    store: side.store,
    alarm: {
      set() {
        side.alarm = true;
        side.alarmSets += 1;
        return Promise.resolve();
      },
      clear() {
        side.alarm = false;
        return Promise.resolve();
      },
    },
    ended: (_follow, reason) => ended.push(reason),
  });
  return {
    worker,
    follower,
    ended,
    stop() {
      dead = true;
      worker.stop();
    },
  };
}

/** The automation's restart, as rc restart does it: only the pidfile process is stopped. */
function rcRestart(env: Env): void {
  const old = env.firewall.pidfilePid;
  if (old !== null) env.firewall.kill(old);
  env.firewall.start();
}

const later = { origin: ORIGIN, timing: 'later' as const };
const atOnce = { origin: ORIGIN, timing: 'at-once' as const };

describe('following an ACME renewal', () => {
  it('finds the delayed restart by the newest PID, then one full check shows the orphan it kept', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { worker, follower, ended } = startFollowerWorker(env, side);
    env.firewall.reload({ orphan: true });
    await follower.follow(later, ACME_TAB, env.clock.now());
    expect(side.alarm).toBe(true);
    // The automation restarts HAProxy 40 s after the answer.
    await env.clock.runFor(40_000);
    expect(env.firewall.count(PROCESS_LIST)).toBe(0);
    rcRestart(env);
    await env.clock.runUntil(() => worker.runner.all().some((check) => check.phase === 'done'));
    const [check] = worker.runner.all();
    expect(check).toMatchObject({ trigger: 'acme', tabId: ACME_TAB, origin: ORIGIN });
    expect(check?.verdict?.kind).toBe('duplicate');
    expect(ended).toEqual(['restarted']);
    // Once the restart was seen: no follow, no alarm, no more calls.
    expect(follower.active()).toEqual([]);
    expect(side.alarm).toBe(false);
    const calls = env.firewall.count(INFO);
    await env.clock.runFor(FOLLOW_BOUNDS.later.timeMs);
    expect(env.firewall.count(INFO)).toBe(calls);
    // 0 s, 5 s, … 40 s, 45 s: the follow's own calls, plus one by the check's look.
    expect(calls).toBe(10 + 1);
  });

  it('stops at the bound in time when no restart comes, with no check and no alarm left', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { worker, follower, ended } = startFollowerWorker(env, side);
    await follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.runFor(FOLLOW_BOUNDS.later.timeMs + 60_000);
    expect(ended).toEqual(['time']);
    expect(env.firewall.count(INFO)).toBeLessThanOrEqual(FOLLOW_BOUNDS.later.calls);
    expect(env.firewall.count(PROCESS_LIST)).toBe(0);
    expect(worker.runner.all()).toEqual([]);
    expect(side.alarm).toBe(false);
    expect(side.stored).toEqual([]);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it('stops at the bound in calls, even with time left (a follow taken up after a worker stop)', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const first = startFollowerWorker(env, side);
    await first.follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.flush();
    first.stop();
    // Written as it was left, one call short of the bound, with most of the time left.
    const [stored] = side.stored;
    if (!stored) throw new Error('the follow was not stored');
    await side.store.save([{ ...stored, calls: FOLLOW_BOUNDS.later.calls - 1 }]);
    const before = env.firewall.count(INFO);
    const second = startFollowerWorker(env, side);
    await second.follower.resume();
    await env.clock.runFor(FOLLOW_BOUNDS.later.timeMs);
    expect(env.firewall.count(INFO) - before).toBe(1);
    expect(second.ended).toEqual(['calls']);
    expect(side.alarm).toBe(false);
  });

  it('stops once no tab of the firewall is open: the admin has left it', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { follower, ended } = startFollowerWorker(env, side);
    await follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.runFor(12_000);
    const calls = env.firewall.count(INFO);
    side.openTabs.clear();
    await env.clock.runFor(FOLLOW_BOUNDS.later.timeMs);
    expect(ended).toEqual(['closed']);
    expect(env.firewall.count(INFO)).toBe(calls);
    expect(side.alarm).toBe(false);
  });

  it('outlives a stopped service worker: the next one takes the follow up and sees the restart', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    env.firewall.reload({ orphan: true });
    const first = startFollowerWorker(env, side);
    await first.follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.runFor(6_000);
    first.stop();
    // Chrome stops the idle worker; the restart comes meanwhile; the alarm wakes the next one.
    env.clock.advance(60_000);
    rcRestart(env);
    expect(side.alarm).toBe(true);
    const second = startFollowerWorker(env, side);
    await second.follower.resume();
    await env.clock.runUntil(() => second.worker.runner.all().some((c) => c.phase === 'done'));
    expect(second.worker.runner.all()[0]?.verdict?.kind).toBe('duplicate');
    expect(second.ended).toEqual(['restarted']);
    expect(side.alarm).toBe(false);
  });

  it('a worker woken after the bound ends the stored follow and clears the alarm', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const first = startFollowerWorker(env, side);
    await first.follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.flush();
    first.stop();
    env.clock.advance(FOLLOW_BOUNDS.later.timeMs + 1);
    const before = env.firewall.count(INFO);
    const second = startFollowerWorker(env, side);
    await second.follower.resume();
    await env.clock.runFor(1_000);
    expect(second.ended).toEqual(['time']);
    expect(env.firewall.count(INFO)).toBe(before);
    expect(side.alarm).toBe(false);
    expect(side.stored).toEqual([]);
  });

  it('renewing several certificates in a row is one follow, bounded anew', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { follower } = startFollowerWorker(env, side);
    await follower.follow(later, ACME_TAB, env.clock.now());
    await env.clock.runFor(7_000);
    await follower.follow(later, ACME_TAB, env.clock.now());
    await follower.follow(later, ACME_TAB, env.clock.now());
    expect(follower.active()).toHaveLength(1);
    expect(follower.active()[0]?.basePid).toBe(env.firewall.pidfilePid);
  });
});

describe("the ACME client's HAProxy integration (the restart runs before the answer)", () => {
  it('one call when it restarted nothing: no check, no process list', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { worker, follower, ended } = startFollowerWorker(env, side);
    await follower.follow(atOnce, ACME_TAB, env.clock.now() - 300);
    await env.clock.runFor(FOLLOW_BOUNDS['at-once'].timeMs);
    expect(ended).toEqual(['not-restarted']);
    expect(env.firewall.count(INFO)).toBe(1);
    expect(worker.runner.all()).toEqual([]);
    expect(side.alarm).toBe(false);
  });

  it('a restart it made: the full check on the tab', async () => {
    const env = createEnv();
    const side = createBrowserSide();
    const { worker, follower } = startFollowerWorker(env, side);
    env.firewall.reload({ orphan: true });
    env.clock.advance(60_000);
    const since = env.clock.now();
    // configd's restart (deploy, check, stop, start) runs inside the request, after it was sent.
    env.clock.advance(1_200);
    rcRestart(env);
    env.clock.advance(200);
    await follower.follow(atOnce, ACME_TAB, since);
    await env.clock.runUntil(() => worker.runner.all().some((check) => check.phase === 'done'));
    expect(worker.runner.all()[0]).toMatchObject({
      trigger: 'acme',
      tabId: ACME_TAB,
      verdict: { kind: 'duplicate' },
    });
  });
});

describe('the request follower hands ACME requests to the restart follow', () => {
  function setUp() {
    const env = createEnv();
    const side = createBrowserSide();
    const started = startFollowerWorker(env, side);
    const requests = createReloadFollower({
      runner: started.worker.runner,
      ready: Promise.resolve(),
      isEnabled: (origin) => Promise.resolve(env.enabled.has(origin)),
      newChecks: createRateLimiter<number>({ now: env.clock.now }),
      restarts: started.follower,
      now: env.clock.now,
      setTimer: env.clock.setTimer,
      clearTimer: env.clock.clearTimer,
      haBackup: () => Promise.resolve({ kind: 'unknown', syncAddress: null }),
      backupUnknown: () => Promise.resolve(),
    });
    const details = (path: string, requestId: string) => ({
      requestId,
      url: `${ORIGIN}${path}`,
      method: 'POST',
      tabId: ACME_TAB,
      initiator: ORIGIN,
    });
    return { env, ...started, requests, details };
  }

  it('follows sign/<uuid> once answered, from the time it was sent, and begins no check itself', async () => {
    const { env, follower, requests, details, worker } = setUp();
    const sign = details('/api/acmeclient/certificates/sign/6b1f0c2e', '1');
    const sentAt = env.clock.now();
    expect(await requests.sent(sign)).toBeNull();
    env.clock.advance(900);
    await requests.answered({ ...sign, statusCode: 200 });
    expect(follower.active()).toMatchObject([{ timing: 'later', since: sentAt, tabId: ACME_TAB }]);
    expect(worker.runner.all()).toEqual([]);
  });

  it('follows nothing that OPNsense refused, nor a request of a firewall not enabled', async () => {
    const { env, follower, requests, details } = setUp();
    const refused = details('/api/acmeclient/service/signallcerts', '1');
    await requests.sent(refused);
    await requests.answered({ ...refused, statusCode: 403 });
    env.enabled.delete(ORIGIN);
    const disabled = details('/api/acmeclient/service/signallcerts', '2');
    await requests.sent(disabled);
    await requests.answered({ ...disabled, statusCode: 200 });
    expect(follower.active()).toEqual([]);
  });

  it('follows a request that lost its answer: the restart may run all the same', async () => {
    const { follower, requests, details } = setUp();
    const lost = details('/api/acmeclient/settings/fetch_ha_proxy_integration', '1');
    await requests.sent(lost);
    await requests.failed(lost);
    expect(follower.active()).toMatchObject([{ timing: 'at-once' }]);
  });
});
