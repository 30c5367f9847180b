/**
 * The request follower on a real check runner and a fake firewall: each source of reloads the
 * GUI has ends in a verdict on the tab it came from, and the HAProxy page's Apply is not checked
 * twice.
 */
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../../src/shared/rate-limit.ts';
import {
  createReloadFollower,
  type RequestDetails,
} from '../../../../src/background/reload-sources/request-follower.ts';
import type { HaBackupLookup } from '../../../../src/background/reload-sources/ha-backup.ts';
import { createEnv, ORIGIN, OTHER_ORIGIN, startWorker, TAB, type Env } from '../runner-env.ts';

const SERVICES_TAB = 11;
/** The master's Status › High Availability tab; the backup is OTHER_ORIGIN. */
const HA_TAB = 12;
const FOUND: HaBackupLookup = {
  kind: 'found',
  backup: OTHER_ORIGIN,
  via: 'sync-address',
  syncAddress: '10.0.0.2',
};

function setUp(env: Env = createEnv(), backup: HaBackupLookup = FOUND) {
  const worker = startWorker(env);
  let nextRequest = 0;
  const unknownTold: { tabId: number; master: string; syncAddress: string | null }[] = [];
  const follower = createReloadFollower({
    runner: worker.runner,
    ready: Promise.resolve(),
    isEnabled: (origin) => Promise.resolve(env.enabled.has(origin)),
    newChecks: createRateLimiter<number>({ now: env.clock.now }),
    setTimer: env.clock.setTimer,
    clearTimer: env.clock.clearTimer,
    haBackup: () => Promise.resolve(backup),
    backupUnknown: (tabId, master, syncAddress) => {
      unknownTold.push({ tabId, master, syncAddress });
      return Promise.resolve();
    },
  });
  const request = (path: string, tabId: number, method = 'POST'): RequestDetails => ({
    requestId: String(++nextRequest),
    url: `${ORIGIN}${path}`,
    method,
    tabId,
    // Chromium names the sending document's origin; the GUI's own pages send these.
    initiator: ORIGIN,
  });
  return { env, worker, follower, request, unknownTold };
}

/** The firewall restarts as rc restart does: only the pidfile process is stopped. */
function restartPidfileProcess(env: Env, currentPid: number): void {
  env.firewall.kill(currentPid);
  env.firewall.start();
}

describe('the request follower', () => {
  it('checks a restart from System › Services and finds the orphan it left running', async () => {
    const { env, worker, follower, request } = setUp();
    const orphanSource = env.firewall.reload({ orphan: true });
    const sent = request('/api/core/service/restart/haproxy', SERVICES_TAB);
    const check = await follower.sent(sent);
    expect(check).toMatchObject({ trigger: 'restart', tabId: SERVICES_TAB, origin: ORIGIN });
    // No baseline PIDs: the restart is already on its way and any PID read now may be the new one.
    expect(check?.baseline).toMatchObject({ pids: null, currentPid: null });
    env.clock.advance(1_500);
    restartPidfileProcess(env, orphanSource.pid);
    await follower.answered({ ...sent, statusCode: 200 });
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    const done = worker.runner.get(check?.id ?? '');
    expect(done?.verdict?.kind).toBe('duplicate');
    expect(env.firewall.count('/get_activity')).toBe(1);
  });

  it('checks a clean restart from the dashboard widget as clean', async () => {
    const { env, worker, follower, request } = setUp();
    const before = env.firewall.reload();
    const sent = request('/api/core/service/restart/haproxy', SERVICES_TAB);
    const check = await follower.sent(sent);
    env.clock.advance(2_000);
    restartPidfileProcess(env, before.pid);
    await follower.answered({ ...sent, statusCode: 200 });
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('clean');
  });

  it('follows "Try anyway?": the reconfigure after a failed configtest gets a check of its own', async () => {
    const { env, worker, follower, request } = setUp();
    const { runner } = worker;
    // Save & Apply: the click's check, configtest reports an ALERT, one look, done.
    const clicked = await runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    await runner.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: false, detail: '[ALERT] x' });
    await env.clock.runUntil(() => runner.get(clicked.id)?.phase === 'done');
    expect(runner.get(clicked.id)?.failure).toBe('configtest-failed');
    // Continue: reconfigure goes out without a page reload, and leaves an orphan.
    const sent = request('/api/haproxy/service/reconfigure', TAB);
    const check = await follower.sent(sent);
    expect(check).toMatchObject({ trigger: 'apply', tabId: TAB, phase: 'waiting-for-reload' });
    env.clock.advance(1_000);
    env.firewall.reload({ orphan: true });
    await follower.answered({ ...sent, statusCode: 200 });
    await env.clock.runUntil(() => runner.get(check?.id ?? '')?.phase === 'done');
    expect(runner.get(check?.id ?? '')?.verdict?.kind).toBe('duplicate');
    // The failed configtest's check made way for it on that tab.
    expect(runner.forTab(TAB, ORIGIN)?.id).toBe(check?.id);
  });

  it("leaves the HAProxy page's Apply to the click that began its check", async () => {
    const { env, worker, follower, request } = setUp();
    const clicked = await worker.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    const sent = request('/api/haproxy/service/reconfigure', TAB);
    expect(await follower.sent(sent)).toBeNull();
    await follower.answered({ ...sent, statusCode: 200 });
    // The page's own report (or its reload) moves the click's check on, not the request's end.
    expect(worker.runner.forTab(TAB, ORIGIN)).toMatchObject({
      id: clicked.id,
      phase: 'waiting-for-reload',
    });
  });

  it('takes the answer even when it arrives before the check was begun', async () => {
    let release: () => void = () => undefined;
    const env = createEnv();
    const worker = startWorker(env);
    const follower = createReloadFollower({
      runner: worker.runner,
      ready: new Promise((resolve) => {
        release = resolve;
      }),
      isEnabled: () => Promise.resolve(true),
      newChecks: createRateLimiter<number>({ now: env.clock.now }),
      setTimer: env.clock.setTimer,
      clearTimer: env.clock.clearTimer,
      haBackup: () => Promise.resolve({ kind: 'unknown', syncAddress: null }),
      backupUnknown: () => Promise.resolve(),
    });
    const sent: RequestDetails = {
      requestId: '9',
      url: `${ORIGIN}/api/core/service/restart/haproxy`,
      method: 'POST',
      tabId: SERVICES_TAB,
      initiator: ORIGIN,
    };
    const began = follower.sent(sent);
    const answered = follower.answered({ ...sent, statusCode: 200 });
    release();
    const check = await began;
    await answered;
    expect(worker.runner.get(check?.id ?? '')?.phase).toBe('observing');
  });

  it('looks at once when the request ends without an answer', async () => {
    const { worker, follower, request } = setUp();
    const sent = request('/api/haproxy/service/reconfigure', SERVICES_TAB);
    const check = await follower.sent(sent);
    await follower.failed(sent);
    expect(worker.runner.get(check?.id ?? '')?.phase).toBe('observing');
  });

  it('says "reload failed" for an HTTP error, after one look', async () => {
    const { env, worker, follower, request } = setUp();
    const sent = request('/api/haproxy/service/reconfigure', SERVICES_TAB);
    const check = await follower.sent(sent);
    await follower.answered({ ...sent, statusCode: 403 });
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')).toMatchObject({
      failure: 'reload-failed',
      outcome: { detail: 'HTTP 403' },
    });
  });

  it.each([
    ["the extension's own calls (no tab)", '/api/haproxy/service/start', -1, 'POST'],
    ['a GET, which does nothing on OPNsense', '/api/core/service/restart/haproxy', TAB, 'GET'],
    ['configtest, which reloads nothing', '/api/haproxy/service/configtest', TAB, 'POST'],
    ['a stop, which the admin meant', '/api/core/service/stop/haproxy', TAB, 'POST'],
  ])('ignores %s', async (_name, path, tabId, method) => {
    const { env, worker, follower, request } = setUp();
    const sent = request(path, tabId, method);
    expect(await follower.sent(sent)).toBeNull();
    await follower.answered({ ...sent, statusCode: 200 });
    expect(worker.runner.all()).toEqual([]);
    expect(env.firewall.requests).toEqual([]);
  });

  it.each<[string, Partial<RequestDetails>]>([
    ['another website (Chromium)', { initiator: 'https://evil.example' }],
    ['an opaque origin (Chromium, a sandboxed frame)', { initiator: 'null' }],
    [
      'another website (Firefox)',
      {
        initiator: undefined,
        originUrl: 'https://evil.example/page',
        documentUrl: 'https://evil.example/page',
      },
    ],
    ['nobody named', { initiator: undefined }],
    ['the same host on another port', { initiator: `${new URL(ORIGIN).protocol}//other.lan` }],
  ])('starts no check for a reload request sent by %s (issue 19, item 7)', async (_name, who) => {
    const { env, follower, request } = setUp();
    const sent = { ...request('/api/core/service/restart/haproxy', SERVICES_TAB), ...who };
    expect(await follower.sent(sent)).toBeNull();
    expect(env.firewall.count('/get_activity')).toBe(0);
  });

  it('follows a reload the GUI sent in Firefox, named by originUrl and documentUrl', async () => {
    const { follower, request } = setUp();
    const sent = {
      ...request('/api/core/service/restart/haproxy', SERVICES_TAB),
      initiator: undefined,
      originUrl: `${ORIGIN}/ui/core/service`,
      documentUrl: `${ORIGIN}/ui/core/service`,
    };
    expect(await follower.sent(sent)).toMatchObject({ trigger: 'restart', origin: ORIGIN });
  });

  it('ignores a firewall whose access was revoked', async () => {
    const env = createEnv();
    env.enabled.clear();
    const { worker, follower, request } = setUp(env);
    expect(await follower.sent(request('/api/haproxy/service/reconfigure', TAB))).toBeNull();
    expect(worker.runner.all()).toEqual([]);
  });

  it('holds a page that posts reloads in a loop to the checks a person could start', async () => {
    const { env, follower, request } = setUp();
    const began = [];
    for (let i = 0; i < 50; i += 1) {
      const sent = request('/api/haproxy/service/reconfigure', SERVICES_TAB);
      began.push(await follower.sent(sent));
      await follower.answered({ ...sent, statusCode: 200 });
    }
    expect(began.filter((check) => check !== null)).toHaveLength(8);
    env.clock.advance(60_000);
    expect(
      await follower.sent(request('/api/haproxy/service/reconfigure', SERVICES_TAB)),
    ).not.toBeNull();
  });
});

describe('an HA restart on the master', () => {
  it.each([
    ['/api/core/hasync_status/restart/haproxy/', undefined],
    ['/api/core/hasync_status/restart_all', undefined],
    ['/status_habackup.php', { formData: { action: ['restart'], service: ['haproxy'] } }],
  ])('%s: checks the backup, not the master, and finds its orphan', async (path, requestBody) => {
    const { env, worker, follower, request } = setUp();
    const orphanSource = env.firewall.reload({ orphan: true });
    const sent = { ...request(path, HA_TAB), ...(requestBody ? { requestBody } : {}) };
    const check = await follower.sent(sent);
    expect(check).toMatchObject({
      trigger: 'ha-backup',
      origin: OTHER_ORIGIN,
      tabId: HA_TAB,
      clickedOn: ORIGIN,
    });
    env.clock.advance(1_500);
    restartPidfileProcess(env, orphanSource.pid);
    await follower.answered({ ...sent, statusCode: 200 });
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('duplicate');
    // One process-list call once the master answered: the orphan is final at once.
    expect(env.firewall.count('/get_activity')).toBe(1);
  });

  it('does not follow the 24.x page when it only syncs, or when the form names another service', async () => {
    const { follower, request } = setUp();
    for (const formData of [
      { action: ['exec_sync'] },
      { action: ['restart'], service: ['unbound'] },
      { action: ['restart'] },
    ]) {
      const check = await follower.sent({
        ...request('/status_habackup.php', HA_TAB),
        requestBody: { formData },
      });
      expect(check).toBeNull();
    }
  });

  it('reads the 24.x form from its raw bytes when the browser did not parse it', async () => {
    const { follower, request } = setUp();
    const bytes = new TextEncoder().encode('action=restart&service=haproxy').buffer;
    const check = await follower.sent({
      ...request('/status_habackup.php', HA_TAB),
      requestBody: { raw: [{ bytes }] },
    });
    expect(check).toMatchObject({ trigger: 'ha-backup', origin: OTHER_ORIGIN });
  });

  it('tells the master tab that the backup was restarted unchecked when no firewall is its backup', async () => {
    const { env, follower, request, unknownTold } = setUp(createEnv(), {
      kind: 'unknown',
      syncAddress: '192.168.99.2',
    });
    const sent = request('/api/core/hasync_status/restart/haproxy/', HA_TAB);
    expect(await follower.sent(sent)).toBeNull();
    expect(unknownTold).toEqual([]);
    await follower.answered({ ...sent, statusCode: 200 });
    expect(unknownTold).toEqual([{ tabId: HA_TAB, master: ORIGIN, syncAddress: '192.168.99.2' }]);
    expect(env.firewall.count('/get_activity')).toBe(0);
  });

  it('leaves a backup the admin no longer grants access to alone', async () => {
    const env = createEnv();
    env.enabled.delete(OTHER_ORIGIN);
    const { follower, request } = setUp(env);
    expect(await follower.sent(request('/api/core/hasync_status/restart_all', HA_TAB))).toBeNull();
    expect(env.firewall.requests).toEqual([]);
  });
});
