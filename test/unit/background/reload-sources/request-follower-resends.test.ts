/**
 * The request follower and the dashboard widget's re-sends (docs/opnsense.md §8): each request
 * times out after 5 s and is sent again, up to 3 times, while configd carries out every one of
 * them. One click is one followed restart: one check, looked at once after the last request
 * ended, and a timeout is never a failed restart.
 */
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../../src/shared/rate-limit.ts';
import {
  createReloadFollower,
  type RequestDetails,
} from '../../../../src/background/reload-sources/request-follower.ts';
import { RESEND_WAIT_MS } from '../../../../src/background/reload-sources/resend-decision.ts';
import { createEnv, ORIGIN, startWorker } from '../runner-env.ts';

const DASHBOARD_TAB = 12;
const RESTART = '/api/core/service/restart/haproxy';
/** BaseWidget's timeout: jQuery aborts the request, the browser reports it as aborted. */
const WIDGET_TIMEOUT_MS = 5_000;
const ABORTED = { chromium: 'net::ERR_ABORTED', firefox: 'NS_BINDING_ABORTED' };

function setUp() {
  const env = createEnv();
  const worker = startWorker(env);
  let acquired = 0;
  const limiter = createRateLimiter<number>({ now: env.clock.now });
  const follower = createReloadFollower({
    runner: worker.runner,
    ready: Promise.resolve(),
    isEnabled: (origin) => Promise.resolve(env.enabled.has(origin)),
    newChecks: {
      tryAcquire(tabId) {
        acquired += 1;
        return limiter.tryAcquire(tabId);
      },
      forget: (tabId) => {
        limiter.forget(tabId);
      },
    },
    haBackup: () => Promise.resolve({ kind: 'unknown', syncAddress: null }),
    backupUnknown: () => Promise.resolve(),
    setTimer: env.clock.setTimer,
    clearTimer: env.clock.clearTimer,
  });
  let nextRequest = 100;
  const request = (tabId = DASHBOARD_TAB): RequestDetails => ({
    requestId: String(++nextRequest),
    url: `${ORIGIN}${RESTART}`,
    method: 'POST',
    tabId,
    initiator: ORIGIN,
  });
  const phaseOf = (id: string | undefined) => worker.runner.get(id ?? '')?.phase;
  return { env, worker, follower, request, phaseOf, acquired: () => acquired };
}

/** rc restart: the pidfile process goes, a new one starts. */
function restart(env: ReturnType<typeof createEnv>): void {
  const current = env.firewall.pidfilePid;
  if (current !== null) env.firewall.kill(current);
  env.firewall.start();
}

describe('the request follower and the dashboard widget’s re-sends', () => {
  it.each(Object.entries(ABORTED))(
    'a timeout re-sent and then answered is one clean restart, looked at after the answer (%s)',
    async (_browser, error) => {
      const { env, worker, follower, request, phaseOf, acquired } = setUp();
      const first = request();
      const check = await follower.sent(first);
      env.clock.advance(WIDGET_TIMEOUT_MS);
      await follower.failed({ ...first, error });
      const resend = request();
      expect(await follower.sent(resend)).toBeNull();
      // Nothing looked while the re-send is out: the restart is still draining.
      await env.clock.runFor(3 * RESEND_WAIT_MS);
      expect(phaseOf(check?.id)).toBe('waiting-for-reload');
      expect(env.firewall.count('/get_activity')).toBe(0);

      restart(env);
      await follower.answered({ ...resend, statusCode: 200 });
      await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
      expect(worker.runner.all()).toHaveLength(1);
      expect(worker.runner.get(check?.id ?? '')).toMatchObject({
        failure: null,
        outcome: { ok: true, detail: 'HTTP 200' },
        verdict: { kind: 'clean' },
      });
      expect(env.firewall.count('/get_activity')).toBe(1);
      // The re-send took nothing from the tab's budget of new checks.
      expect(acquired()).toBe(1);
    },
  );

  it('takes the re-send reported before the timeout it follows', async () => {
    const { env, worker, follower, request, phaseOf } = setUp();
    const first = request();
    const check = await follower.sent(first);
    env.clock.advance(WIDGET_TIMEOUT_MS);
    const resend = request();
    expect(await follower.sent(resend)).toBeNull();
    await follower.failed({ ...first, error: ABORTED.chromium });
    await env.clock.runFor(3 * RESEND_WAIT_MS);
    expect(phaseOf(check?.id)).toBe('waiting-for-reload');
    restart(env);
    await follower.answered({ ...resend, statusCode: 200 });
    await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
    expect(worker.runner.all()).toHaveLength(1);
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('clean');
  });

  it('four timeouts (the widget gave up): one look after the last, no failure', async () => {
    const { env, worker, follower, request, phaseOf, acquired } = setUp();
    let sent = request();
    const check = await follower.sent(sent);
    for (let resend = 1; resend <= 3; resend += 1) {
      env.clock.advance(WIDGET_TIMEOUT_MS);
      await follower.failed({ ...sent, error: ABORTED.firefox });
      sent = request();
      expect(await follower.sent(sent)).toBeNull();
      await env.clock.flush();
      expect(phaseOf(check?.id)).toBe('waiting-for-reload');
    }
    env.clock.advance(WIDGET_TIMEOUT_MS);
    restart(env);
    await follower.failed({ ...sent, error: ABORTED.firefox });
    // The look waits a moment for a fifth request that does not come.
    await env.clock.flush();
    expect(phaseOf(check?.id)).toBe('waiting-for-reload');
    env.clock.advance(RESEND_WAIT_MS);
    await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
    expect(worker.runner.all()).toHaveLength(1);
    const done = worker.runner.get(check?.id ?? '');
    expect(done?.failure).toBeNull();
    expect(done?.verdict?.kind).toBe('clean');
    expect(env.firewall.count('/get_activity')).toBe(1);
    expect(acquired()).toBe(1);
  });

  it('a request the page aborted with no re-send is still looked at', async () => {
    const { env, follower, request, phaseOf } = setUp();
    const sent = request();
    const check = await follower.sent(sent);
    await follower.failed({ ...sent, error: ABORTED.chromium });
    env.clock.advance(RESEND_WAIT_MS);
    await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
    expect(env.firewall.count('/get_activity')).toBeGreaterThan(0);
  });

  it('a click after the last one was looked at is a restart of its own', async () => {
    const { env, follower, request, phaseOf } = setUp();
    const first = request();
    const check = await follower.sent(first);
    restart(env);
    await follower.answered({ ...first, statusCode: 200 });
    await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
    const again = await follower.sent(request());
    expect(again).toMatchObject({ trigger: 'restart', phase: 'waiting-for-reload' });
    expect(again?.id).not.toBe(check?.id);
  });

  it('a click after the check stopped waiting is a check of its own, even with the last request still out', async () => {
    const { env, follower, request, phaseOf } = setUp();
    const check = await follower.sent(request());
    // No answer for a minute: the check stops waiting and looks by itself.
    await env.clock.runUntil(() => phaseOf(check?.id) === 'done');
    const again = await follower.sent(request());
    expect(again).toMatchObject({ trigger: 'restart', phase: 'waiting-for-reload' });
    expect(again?.id).not.toBe(check?.id);
  });

  it('keeps another tab’s restart apart', async () => {
    const { follower, request } = setUp();
    const dashboard = await follower.sent(request(DASHBOARD_TAB));
    const services = await follower.sent(request(DASHBOARD_TAB + 1));
    expect(dashboard).not.toBeNull();
    expect(services).not.toBeNull();
    expect(services?.id).not.toBe(dashboard?.id);
  });
});
