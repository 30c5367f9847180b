import { describe, expect, it } from 'vitest';
import {
  NOT_RELOADED_CONFIRM_MS,
  OUTCOME_TIMEOUT_MS,
  RETRY_LIMIT,
  drainingDelayMs,
} from '../../../../src/background/checks/observation-loop.ts';
import { SETTLE_AFTER_ANSWER_MS } from '../../../../src/background/remediation/remediation.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import {
  apply as applyWith,
  createEnv,
  ORIGIN,
  OTHER_ORIGIN,
  startWorker,
  TAB,
} from '../runner-env.ts';

function setup() {
  const env = createEnv();
  const worker = startWorker(env);
  return { ...env, ...worker, env, worker };
}

type Setup = ReturnType<typeof setup>;

/** Click Apply, let the baseline arrive, pass configtest, reload the firewall, report reconfigure. */
function apply(env: Setup, reload: () => void): Promise<string> {
  return applyWith(env.env, env.worker, reload);
}

function done(env: Setup, id: string) {
  return () => env.runner.get(id)?.phase === 'done';
}

describe('CheckRunner after Apply', () => {
  it('confirms a clean hard reload with one process-list call after reconfigure, then stops', async () => {
    const env = setup();
    const before = env.firewall.pidfilePid;
    const id = await apply(env, () => env.firewall.reload());
    await env.clock.runUntil(done(env, id));
    const record = env.runner.get(id);
    expect(record?.verdict?.kind).toBe('clean');
    expect(record?.baseline?.currentPid).toBe(before);
    expect(record?.baseline?.pids).toEqual([before]);
    expect(record?.processListCalls).toBeLessThanOrEqual(3);
    expect(env.firewall.count('get_activity')).toBe(2);
    // The look that confirms it: list, show info, status, diff; no stop settings for one process.
    expect(env.firewall.count('settings/get')).toBe(0);
    expect(env.firewall.count('export/diff')).toBe(1);
    // The record counts every call the firewall saw, the baseline's included.
    expect(record?.apiCalls).toBe(env.firewall.requests.length);
    expect(env.finished).toHaveLength(1);
    expect(env.clock.pendingTimers).toBe(0);
    await env.clock.runFor(60_000);
    expect(env.firewall.count('get_activity')).toBe(2);
  });

  it('reports an orphan at once, without waiting for any window', async () => {
    const env = setup();
    const orphan = env.firewall.pidfilePid;
    const id = await apply(env, () => env.firewall.reload({ orphan: true }));
    const startedAt = env.clock.now();
    await env.clock.runUntil(done(env, id));
    const verdict = env.runner.get(id)?.verdict;
    expect(verdict?.kind).toBe('duplicate');
    if (verdict?.kind !== 'duplicate') return;
    expect(verdict.processes.find((entry) => entry.process.pid === orphan)?.role).toBe('orphan');
    expect(env.clock.now() - startedAt).toBeLessThan(1_000);
    // Started without -st (the field bug): only settings/get tells the stop mode.
    expect(env.firewall.count('settings/get')).toBe(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("reads no settings for an older orphan when the new process's own -st shows hard mode", async () => {
    const env = setup();
    env.firewall.reload({ orphan: true });
    const orphan = env.firewall.processes[0]?.pid;
    const id = await apply(env, () => env.firewall.reload());
    await env.clock.runUntil(done(env, id));
    const verdict = env.runner.get(id)?.verdict;
    expect(verdict?.kind).toBe('duplicate');
    if (verdict?.kind !== 'duplicate') return;
    expect(verdict.processes.find((entry) => entry.process.pid === orphan)?.role).toBe('orphan');
    // OPNsense reloads with -st only in hard mode (docs/opnsense.md §2): the list says it.
    expect(env.firewall.count('settings/get')).toBe(0);
    expect(env.runner.get(id)?.stopSettings).toEqual({ mode: 'hard', hardStopAfterMs: null });
  });

  it('follows a draining predecessor until it exits, then confirms clean', async () => {
    const env = setup();
    env.firewall.gracefulStop = '1';
    env.firewall.hardStopAfter = '30s';
    const old = env.firewall.pidfilePid ?? 0;
    const id = await apply(env, () => env.firewall.reload());
    await env.clock.runUntil(() => env.runner.get(id)?.verdict?.kind === 'draining');
    const draining = env.runner.get(id)?.verdict;
    expect(draining?.kind === 'draining' && draining.deadline).toBeGreaterThan(
      env.clock.now() + 30_000,
    );
    // A second process: its window needs the stop settings, read once for the whole check.
    expect(env.firewall.count('settings/get')).toBe(1);
    const exitAt = env.clock.now() + 4_000;
    await env.clock.runUntil(() => {
      if (env.clock.now() >= exitAt) env.firewall.kill(old);
      return env.runner.get(id)?.phase === 'done';
    });
    expect(env.runner.get(id)?.verdict?.kind).toBe('clean');
    // Found within one polling interval of the exit.
    expect(env.clock.now() - exitAt).toBeLessThanOrEqual(1_000);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it('keeps nothing of settings/get but the stop settings: no userlist password is published or stored', async () => {
    const env = setup();
    env.firewall.gracefulStop = '1';
    env.firewall.hardStopAfter = '10s';
    const id = await apply(env, () => env.firewall.reload());
    await env.clock.runUntil(done(env, id));
    // The second process made the look read settings/get, whose answer carries the userlists.
    expect(env.firewall.count('settings/get')).toBe(1);
    const kept = JSON.stringify([env.published, env.finished, [...env.env.session.entries()]]);
    expect(kept).toContain('hardStopAfterMs');
    expect(kept).not.toContain('hunter2-secret');
  });

  it('calls a predecessor that outlives hard-stop-after a duplicate', async () => {
    const env = setup();
    env.firewall.gracefulStop = '1';
    env.firewall.hardStopAfter = '10s';
    const id = await apply(env, () => env.firewall.reload());
    await env.clock.runUntil(done(env, id));
    const verdict = env.runner.get(id)?.verdict;
    expect(verdict?.kind).toBe('duplicate');
    if (verdict?.kind === 'duplicate') {
      expect(verdict.processes.some((entry) => entry.reason === 'past-deadline')).toBe(true);
    }
    expect(env.firewall.count('settings/get')).toBe(1);
  });

  it('looks at the firewall once after a failed configtest, then reports it with what it saw', async () => {
    const env = setup();
    const before = env.firewall.pidfilePid;
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    const listsBefore = env.firewall.count('get_activity');
    await env.runner.pageOutcome(TAB, ORIGIN, {
      step: 'configtest',
      ok: false,
      detail:
        "[ALERT] (1234) : config : parsing [/usr/local/etc/haproxy.conf:41] : unknown keyword 'usr'",
    });
    // The page's word alone ends nothing.
    expect(env.runner.get(id)?.phase).toBe('observing');
    await env.clock.runUntil(done(env, id));
    const record = env.runner.get(id);
    expect(record?.failure).toBe('configtest-failed');
    expect(record?.verdict?.kind).toBe('not-reloaded');
    expect(record?.verdict?.kind === 'not-reloaded' && record.verdict.current.process.pid).toBe(
      before,
    );
    // One look, not the usual second one for not-reloaded, and nothing after it.
    expect(env.firewall.count('get_activity')).toBe(listsBefore + 1);
    await env.clock.runFor(120_000);
    expect(env.firewall.count('get_activity')).toBe(listsBefore + 1);
  });

  it('finds the orphan behind a failure the page reported (a script on the page can send one)', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    env.firewall.reload({ orphan: true });
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: false, detail: 'failed' });
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.failure).toBe('reload-failed');
    expect(env.runner.get(id)?.verdict?.kind).toBe('duplicate');
  });

  it('reports a failed reconfigure as such', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: true, detail: '' });
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: false, detail: 'failed' });
    expect(env.runner.get(id)?.failure).toBe('reload-failed');
  });

  it('says not-reloaded only after a second look confirms the old process is still the only one', async () => {
    const env = setup();
    const id = await apply(env, () => undefined);
    await env.clock.flush();
    expect(env.runner.get(id)?.phase).toBe('observing');
    const firstLookAt = env.clock.now();
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.verdict?.kind).toBe('not-reloaded');
    expect(env.clock.now() - firstLookAt).toBeGreaterThanOrEqual(NOT_RELOADED_CONFIRM_MS);
    expect(env.firewall.count('get_activity')).toBe(3);
  });

  it('treats the page reloading itself as a successful reconfigure when the outcome was missed', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    env.firewall.reload();
    await env.runner.tabReloaded(TAB, ORIGIN);
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.verdict?.kind).toBe('clean');
  });

  it('looks anyway when the page never reports an outcome', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    env.firewall.reload();
    const clickedAt = env.clock.now();
    await env.clock.runUntil(done(env, id));
    expect(env.clock.now() - clickedAt).toBeGreaterThanOrEqual(OUTCOME_TIMEOUT_MS);
    expect(env.runner.get(id)?.verdict?.kind).toBe('clean');
  });

  it('ignores a baseline answer that arrives after configtest (it may already show the reload)', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    // No flush: configtest answers before the baseline calls complete.
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: true, detail: '' });
    env.firewall.reload();
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: true, detail: 'ok' });
    await env.clock.runUntil(done(env, id));
    const record = env.runner.get(id);
    expect(record?.baseline?.pids).toBeNull();
    expect(record?.baseline?.currentPid).toBeNull();
    expect(record?.verdict?.kind).toBe('clean');
  });
});

describe('CheckRunner baseline with a slow process list (top samples for 2 s)', () => {
  it('drops a baseline list that may straddle the reload and still confirms clean', async () => {
    const env = setup();
    env.firewall.latencyMs.set('/get_activity', 2_000);
    const before = env.firewall.pidfilePid;
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    // No configtest on "Save and apply": the reload happens while the list is being sampled.
    env.firewall.reload();
    await env.clock.runUntil(
      () => env.firewall.count('get_activity') === 1 && env.clock.pendingTimers === 1,
    );
    await env.clock.runUntil(() => env.runner.get(id)?.baseline?.currentPid === before, 3_000);
    await env.clock.runFor(2_500);
    await env.runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: true, detail: 'ok' });
    await env.clock.runUntil(done(env, id));
    const record = env.runner.get(id);
    expect(record?.baseline?.pids).toBeNull();
    expect(record?.baseline?.currentPid).toBe(before);
    expect(record?.verdict?.kind).toBe('clean');
  });
});

describe('CheckRunner errors', () => {
  it.each([
    ['session-expired', '/get_activity', 401, '{"status":401,"message":"Authentication Failed"}'],
    ['forbidden', '/get_activity', 403, '{"status":403,"message":"Forbidden"}'],
    ['not-installed', '/service/status', 404, '{"errorMessage":"Endpoint not found"}'],
  ])('stops at once on %s (no retry can fix it)', async (kind, path, status, body) => {
    const env = setup();
    env.firewall.overrides.set(path, { status, body });
    const { id } = await env.runner.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(done(env, id));
    const record = env.runner.get(id);
    expect(record?.error?.kind).toBe(kind);
    expect(record?.verdict).toBeNull();
    expect(record?.processListCalls).toBe(0);
    expect(env.firewall.requests.length).toBeLessThanOrEqual(4);
  });

  it('retries a server error a bounded number of times, then reports it — never clean', async () => {
    const env = setup();
    env.firewall.overrides.set('/get_activity', {
      status: 500,
      body: '<html>Internal Server Error</html>',
    });
    const { id } = await env.runner.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.error?.kind).toBe('server');
    expect(env.runner.get(id)?.verdict).toBeNull();
    expect(env.firewall.count('get_activity')).toBe(RETRY_LIMIT);
  });

  it('recovers when a passing error clears', async () => {
    const env = setup();
    env.firewall.overrides.set('/get_activity', { status: 502, body: 'Bad Gateway' });
    const { id } = await env.runner.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(() => env.runner.get(id)?.error !== null);
    env.firewall.overrides.clear();
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.verdict?.kind).toBe('clean');
    expect(env.runner.get(id)?.error).toBeNull();
  });
});

describe('CheckRunner remediation', () => {
  async function duplicate(env: Setup) {
    const id = await apply(env, () => env.firewall.reload({ orphan: true }));
    await env.clock.runUntil(done(env, id));
    expect(env.runner.get(id)?.verdict?.kind).toBe('duplicate');
    return id;
  }

  it('stops, waits until no process is left, starts, and verifies clean', async () => {
    const env = setup();
    const id = await duplicate(env);
    const started = env.runner.remediate(id, 'csrf-token-1');
    await env.clock.runUntil(() => env.runner.get(id)?.remediation?.step === 'done');
    expect(await started).toBe(true);
    const record = env.runner.get(id);
    expect(record?.verdict?.kind).toBe('clean');
    expect(record?.trigger).toBe('remediation');
    expect(env.firewall.processes).toHaveLength(1);
    expect(record?.remediation?.newPid).toBe(env.firewall.pidfilePid);
    expect(record?.remediation?.outageMs).toBeGreaterThanOrEqual(0);
    const posts = env.firewall.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.path)).toEqual([
      '/api/haproxy/service/stop',
      '/api/haproxy/service/start',
    ]);
    expect(posts.every((request) => request.headers.get('X-CSRFToken') === 'csrf-token-1')).toBe(
      true,
    );
    const steps = env.published
      .filter((item) => item.id === id)
      .map((item) => item.remediation?.step);
    expect(steps).toEqual(
      expect.arrayContaining(['stopping', 'following', 'starting', 'checking', 'done']),
    );
    // Done and verified: nothing is left for a later run to finish.
    expect(await env.journal.load()).toEqual([]);
  });

  it('runs once even when the button is clicked twice', async () => {
    const env = setup();
    const id = await duplicate(env);
    const first = env.runner.remediate(id, 't');
    const second = env.runner.remediate(id, 't');
    expect(await second).toBe(false);
    await env.clock.runUntil(() => env.runner.get(id)?.remediation?.step === 'done');
    expect(await first).toBe(true);
    expect(env.firewall.count('/service/stop')).toBe(1);
  });

  it('gives up with the surviving PIDs when stop leaves a process behind', async () => {
    const env = setup();
    const id = await duplicate(env);
    const survivor = env.firewall.processes[0];
    env.firewall.overrides.set('/service/stop', { status: 200, body: '{"response":"OK\\n\\n"}' });
    const stoppedAt = env.clock.now();
    const remediation = env.runner.remediate(id, 't');
    await env.clock.runUntil(() => env.runner.get(id)?.remediation?.step === 'failed');
    expect(await remediation).toBe(true);
    expect(env.clock.now() - stoppedAt).toBeGreaterThanOrEqual(SETTLE_AFTER_ANSWER_MS);
    expect(env.runner.get(id)?.remediation?.remainingPids).toContain(survivor?.pid);
    expect(env.firewall.count('/service/start')).toBe(0);
  });

  it('reports a refused stop (stale CSRF token) and starts nothing', async () => {
    const env = setup();
    const id = await duplicate(env);
    env.firewall.overrides.set('/service/stop', {
      status: 403,
      body: '{"status":403,"message":"Forbidden"}',
    });
    const started = env.runner.remediate(id, null);
    await env.clock.runUntil(() => env.runner.get(id)?.remediation?.step === 'failed');
    await started;
    const remediation = env.runner.get(id)?.remediation;
    expect(remediation?.step).toBe('failed');
    expect(remediation?.error?.kind).toMatch(/csrf-rejected|forbidden/);
    expect(env.firewall.count('/service/start')).toBe(0);
    // Nothing was stopped: HAProxy runs as before, and no journal waits for a start.
    expect(env.firewall.processes).toHaveLength(2);
    expect(await env.journal.load()).toEqual([]);
  });
});

describe('CheckRunner bookkeeping', () => {
  it('keeps the checks of two tabs apart', async () => {
    const env = setup();
    const first = await env.runner.begin(ORIGIN, 1, 'apply');
    const second = await env.runner.begin(ORIGIN, 2, 'apply');
    await env.clock.flush();
    await env.runner.pageOutcome(1, ORIGIN, {
      step: 'configtest',
      ok: false,
      detail: '[ALERT] bad',
    });
    env.firewall.reload();
    await env.runner.tabReloaded(2, ORIGIN);
    await env.clock.runUntil(done(env, second.id));
    expect(env.runner.get(first.id)?.failure).toBe('configtest-failed');
    expect(env.runner.get(second.id)?.verdict?.kind).toBe('clean');
    expect(env.runner.forTab(1, ORIGIN)?.id).toBe(first.id);
    expect(env.runner.forTab(2, ORIGIN)?.id).toBe(second.id);
  });

  it('replaces a tab’s check when the admin acts again on that tab', async () => {
    const env = setup();
    const first = await env.runner.begin(ORIGIN, TAB, 'apply');
    const second = await env.runner.begin(ORIGIN, TAB, 'apply');
    expect(env.runner.get(first.id)).toBeUndefined();
    expect(env.runner.forTab(TAB, ORIGIN)?.id).toBe(second.id);
  });

  it('resumes an unfinished check after the service worker restarts', async () => {
    const env = setup();
    env.firewall.reload();
    const stored: CheckRecord = {
      id: 'stored-1',
      origin: ORIGIN,
      tabId: TAB,
      trigger: 'apply',
      startedAt: env.clock.now() - 500,
      phase: 'observing',
      baseline: { trigger: 'apply', takenAt: env.clock.now() - 500, pids: null, currentPid: null },
      outcome: null,
      failure: null,
      verdict: null,
      verdictAt: null,
      error: null,
      stopSettings: null,
      remediation: null,
      nextObservationAt: null,
      processListCalls: 0,
      apiCalls: 0,
    };
    env.runner.resume([stored]);
    await env.clock.runUntil(done(env, 'stored-1'));
    expect(env.runner.get('stored-1')?.verdict?.kind).toBe('clean');
  });

  it.each([
    [0, 60_000, 1_000],
    [30_000, 60_000, 2_000],
    [120_000, 60_000, 5_000],
    [0, 100, 350],
    [0, -5_000, 250],
  ])(
    'polls a draining process at elapsed %i ms, %i ms before its deadline, after %i ms',
    (elapsed, left, expected) => {
      expect(drainingDelayMs(elapsed, left)).toBe(expected);
    },
  );
});

describe('CheckRunner: a check belongs to its tab and its firewall', () => {
  it('is neither found nor ended by the same tab showing another firewall', async () => {
    const env = setup();
    const { id } = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    // The tab now shows firewall B: its page load and its page reports are B's, not A's.
    expect(await env.runner.tabReloaded(TAB, OTHER_ORIGIN)).toBeNull();
    await env.runner.pageOutcome(TAB, OTHER_ORIGIN, {
      step: 'reconfigure',
      ok: false,
      detail: 'failed',
    });
    const record = env.runner.get(id);
    expect(record?.phase).toBe('waiting-for-reload');
    expect(record?.failure).toBeNull();
    expect(env.runner.forTab(TAB, OTHER_ORIGIN)).toBeNull();
    expect(env.runner.forTab(TAB, ORIGIN)?.id).toBe(id);
  });

  it('is not replaced by a check of another firewall on the same tab', async () => {
    const env = setup();
    const first = await env.runner.begin(ORIGIN, TAB, 'apply');
    const other = await env.runner.begin(OTHER_ORIGIN, TAB, 'manual');
    expect(env.runner.get(first.id)).toBeDefined();
    expect(env.runner.forTab(TAB, OTHER_ORIGIN)?.id).toBe(other.id);
    expect(env.forgotten).toEqual([]);
  });
});

describe('CheckRunner forgets what it drops', () => {
  it('deletes a dismissed check from storage, finished or not', async () => {
    const env = setup();
    const running = await env.runner.begin(ORIGIN, 1, 'apply');
    const finished = await env.runner.begin(ORIGIN, 2, 'manual');
    await env.clock.runUntil(done(env, finished.id));
    await env.runner.dismiss(running.id);
    await env.runner.dismiss(finished.id);
    expect(env.forgotten).toEqual([running.id, finished.id]);
    expect(env.runner.all()).toEqual([]);
  });

  it('deletes a replaced check from storage', async () => {
    const env = setup();
    const first = await env.runner.begin(ORIGIN, TAB, 'apply');
    await env.runner.begin(ORIGIN, TAB, 'apply');
    expect(env.forgotten).toEqual([first.id]);
  });

  it('drops a check whose firewall access was revoked, without calling the firewall', async () => {
    const env = setup();
    env.enabled.delete(ORIGIN);
    const { id } = await env.runner.begin(ORIGIN, TAB, 'manual');
    await env.clock.runFor(60_000);
    expect(env.runner.get(id)).toBeUndefined();
    expect(env.forgotten).toEqual([id]);
    expect(env.firewall.requests).toEqual([]);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it('drops a resumed check of a revoked firewall before it polls again', async () => {
    const env = setup();
    const stored = (await env.runner.begin(ORIGIN, TAB, 'manual')) satisfies CheckRecord;
    const fresh = setup();
    fresh.enabled.delete(ORIGIN);
    fresh.runner.resume([{ ...stored, phase: 'observing' }]);
    await fresh.clock.runFor(60_000);
    expect(fresh.runner.get(stored.id)).toBeUndefined();
    expect(fresh.forgotten).toEqual([stored.id]);
    expect(fresh.firewall.requests).toEqual([]);
  });
});

describe('CheckRunner restarts only what calls for it', () => {
  it('refuses a restart for a clean check and for one still running', async () => {
    const env = setup();
    const clean = await env.runner.begin(ORIGIN, 1, 'manual');
    await env.clock.runUntil(done(env, clean.id));
    expect(env.runner.get(clean.id)?.verdict?.kind).toBe('clean');
    const running = await env.runner.begin(ORIGIN, 2, 'apply');
    expect(await env.runner.remediate(clean.id, 't')).toBe(false);
    expect(await env.runner.remediate(running.id, 't')).toBe(false);
    expect(await env.runner.remediate('no-such-check', 't')).toBe(false);
    expect(env.firewall.count('/service/stop')).toBe(0);
  });
});
