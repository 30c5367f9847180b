/**
 * The remediation through the check runner, the real client and a fake OPNsense, with the
 * journal in a storage.local that outlives the worker: faults between stop and start, and a
 * worker stopped at every step and replaced by a new one.
 */
import { describe, expect, it } from 'vitest';
import { RESUME_WINDOW_MS } from '../../../../src/background/remediation/remediation.ts';
import type { RemediationState } from '../../../../src/shared/check-state.ts';
import {
  createEnv,
  duplicate,
  ORIGIN,
  posts,
  restartWorker,
  startWorker,
  TAB,
  type Env,
  type StopMode,
  type Worker,
} from '../runner-env.ts';

function setup() {
  const env = createEnv();
  const worker = startWorker(env);
  return { env, worker };
}

const step = (worker: Worker, id: string) => worker.runner.get(id)?.remediation?.step;
const settled = (worker: Worker, id: string) => () => {
  const record = worker.runner.get(id);
  return record?.phase === 'done';
};

async function finishedRemediation(env: Env, worker: Worker, id: string) {
  await env.clock.runUntil(settled(worker, id));
  return worker.runner.get(id);
}

describe('Restart HAProxy against the fake firewall', () => {
  it('waits out a graceful stop far longer than the old 15 s, then starts and verifies', async () => {
    const { env, worker } = setup();
    env.firewall.gracefulStop = '1';
    env.firewall.hardStopAfter = '60s';
    const id = await duplicate(env, worker);
    // rc stop waits for the drain: the answer (and the kill) come 40 s later.
    env.firewall.latencyMs.set('/service/stop', 40_000);
    void worker.runner.remediate(id, 't');
    await env.clock.runUntil(() => step(worker, id) === 'stopping');
    const stopping = worker.runner.get(id)?.remediation;
    expect(stopping?.stopExpectedMs).toBe(60_000);
    const record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ step: 'done', stopAnswer: 'ok' });
    expect(record?.verdict?.kind).toBe('clean');
    expect(record?.remediation?.outageMs).toBeGreaterThanOrEqual(40_000);
    expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([1, 1]);
  });

  it('a lost connection after stop is no failure: it follows the list and starts', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.dropConnection.add('/service/stop');
    void worker.runner.remediate(id, 't');
    const record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ step: 'done', stopAnswer: 'lost' });
    expect(env.firewall.processes).toHaveLength(1);
  });

  it('a stop that fails leaves HAProxy running and says so, with no start', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.overrides.set('/service/stop', { status: 200, body: '{"response":"Error (1)"}' });
    void worker.runner.remediate(id, 't');
    const record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ step: 'failed', stopAnswer: 'error' });
    expect(record?.remediation?.remainingPids).toHaveLength(2);
    expect(posts(env, '/start')).toBe(0);
    expect(env.firewall.processes).toHaveLength(2);
    expect(await env.journal.load()).toEqual([]);
  });

  it('a start that fails ends in "stopped", and one click on Start brings HAProxy back', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.overrides.set('/service/start', { status: 200, body: '{"response":"Error (1)"}' });
    void worker.runner.remediate(id, 't');
    let record = await finishedRemediation(env, worker, id);
    expect(record?.verdict?.kind).toBe('stopped');
    expect(record?.remediation).toMatchObject({ step: 'stopped', startAnswer: 'error' });
    expect(env.firewall.processes).toHaveLength(0);

    env.firewall.overrides.clear();
    expect(await worker.runner.startHaproxy(id, 'page-token')).toBe(true);
    record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ kind: 'start', step: 'done' });
    expect(record?.verdict?.kind).toBe('clean');
    expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([1, 2]);
  });

  it('a stopped verdict from any check offers Start, and Start verifies', async () => {
    const { env, worker } = setup();
    env.firewall.stopAll();
    const { id } = await worker.runner.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(settled(worker, id));
    expect(worker.runner.get(id)?.verdict?.kind).toBe('stopped');
    void worker.runner.startHaproxy(id, 'page-token');
    const record = await finishedRemediation(env, worker, id);
    expect(record?.remediation?.step).toBe('done');
    expect(posts(env, '/stop')).toBe(0);
  });

  it('the session expiring between stop and start: cut off, then only looked at on the next page load', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    // The first list and the stop pass; the next look gets 401.
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    let record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({
      step: 'cut-off',
      error: { kind: 'session-expired' },
    });
    expect(env.firewall.processes).toHaveLength(0);
    expect(await env.journal.load()).toHaveLength(1);
    expect(worker.finished.at(-1)?.remediation?.step).toBe('cut-off');

    // The admin logs in again and opens the HAProxy page (or a page script forces that load):
    // a look, and the start left to the admin, who may have stopped HAProxy on purpose meanwhile.
    env.firewall.sessionExpiresAfterRequests = null;
    env.clock.advance(60_000);
    await worker.runner.tabReloaded(TAB, ORIGIN);
    record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ step: 'stopped', interruption: 'left-to-admin' });
    expect(record?.verdict?.kind).toBe('stopped');
    expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([1, 0]);
    expect(await env.journal.load()).toEqual([]);
    // "Start HAProxy" is the admin's click.
    expect(await worker.runner.startHaproxy(id, 'page-token')).toBe(true);
    record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ kind: 'start', step: 'done' });
  });

  it('a worker restart after a cut-off by an error only looks too', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    await finishedRemediation(env, worker, id);
    env.firewall.sessionExpiresAfterRequests = null;
    worker.stop();
    const next = await restartWorker(env);
    await env.clock.runUntil(
      () => next.runner.get(id)?.phase === 'done' && next.finished.length > 0,
    );
    expect(next.runner.get(id)?.remediation).toMatchObject({ step: 'stopped' });
    expect(posts(env, '/start')).toBe(0);
  });

  it('Dismiss on a cut-off restart forgets its journal: the next page load starts nothing', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    await finishedRemediation(env, worker, id);
    env.firewall.sessionExpiresAfterRequests = null;
    await worker.runner.dismiss(id);
    expect(await env.journal.load()).toEqual([]);
    const requests = env.firewall.requests.length;
    env.clock.advance(10_000);
    await worker.runner.tabReloaded(TAB, ORIGIN);
    await env.clock.runFor(60_000);
    expect(worker.runner.get(id)).toBeUndefined();
    expect(env.firewall.requests).toHaveLength(requests);
    // Nor does a worker that starts later.
    worker.stop();
    await restartWorker(env);
    await env.clock.runFor(60_000);
    expect(env.firewall.requests).toHaveLength(requests);
  });

  it('a cut-off run found after the window is left to the admin: "stopped", no start', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    await finishedRemediation(env, worker, id);
    env.firewall.sessionExpiresAfterRequests = null;
    env.clock.advance(RESUME_WINDOW_MS + 60_000);
    await worker.runner.tabReloaded(TAB, ORIGIN);
    const record = await finishedRemediation(env, worker, id);
    expect(record?.remediation).toMatchObject({ step: 'stopped', interruption: 'left-to-admin' });
    expect(posts(env, '/start')).toBe(0);
    expect(await env.journal.load()).toEqual([]);
  });

  it('shows a run resumed after a browser restart on the HAProxy page that opens first', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    await finishedRemediation(env, worker, id);
    env.firewall.sessionExpiresAfterRequests = null;
    const next = await restartWorker(env, { browserRestarted: true });
    await env.clock.runUntil(settled(next, id));
    expect(next.runner.get(id)?.tabId).toBeNull();
    const newTab = 31;
    await next.runner.tabReloaded(newTab, ORIGIN);
    expect(next.runner.forTab(newTab, ORIGIN)?.id).toBe(id);
    expect(next.runner.get(id)?.remediation?.step).toBe('stopped');
  });

  it('asks the firewall’s page for a token when the click’s token is gone', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    worker.stopAfterJournaling((s) => s.step === 'following', 'before-send');
    void worker.runner.remediate(id, 'click-token');
    await env.clock.runUntil(() => worker.stopped);
    const next = await restartWorker(env);
    await finishedRemediation(env, next, id);
    const start = env.firewall.requests.find((request) => request.path.endsWith('/start'));
    expect(start?.headers.get('X-CSRFToken')).toBe('page-token');
  });
});

/** Where a worker can be stopped: right after it journaled a state like this. */
const STEPS: [string, (state: RemediationState) => boolean][] = [
  ['stop journaled', (s) => s.step === 'stopping' && s.stopSentAt !== null],
  ['stop ended', (s) => s.step === 'following'],
  ['start due', (s) => s.step === 'starting' && s.startSentAt === null],
  ['start journaled', (s) => s.step === 'starting' && s.startSentAt !== null],
  ['start answered', (s) => s.step === 'checking'],
];

type Outcome = 'done' | 'stopped' | 'failed';
/** What the next worker ends with, and how many stops and starts reached the firewall in all. */
const RESUMES: [string, StopMode, Outcome, number, number][] = [
  // The request in flight was carried out; its answer died with the worker.
  ['stop journaled', 'in-flight', 'done', 1, 1],
  ['stop ended', 'in-flight', 'done', 1, 1],
  ['start due', 'in-flight', 'done', 1, 1],
  ['start journaled', 'in-flight', 'done', 1, 1],
  ['start answered', 'in-flight', 'done', 1, 1],
  // The worker stopped before its next request left: never repeated, never invented.
  ['stop journaled', 'before-send', 'failed', 0, 0],
  ['stop ended', 'before-send', 'done', 1, 1],
  ['start due', 'before-send', 'done', 1, 1],
  ['start journaled', 'before-send', 'stopped', 1, 0],
  ['start answered', 'before-send', 'done', 1, 1],
];

describe('a worker stopped at each step, and the next one', () => {
  it.each(RESUMES)(
    'stopped after "%s" (%s request): the next worker ends %s, %i stop(s), %i start(s)',
    async (at, mode, outcome, stops, starts) => {
      const { env, worker } = setup();
      env.firewall.gracefulStop = '1';
      env.firewall.hardStopAfter = '20s';
      const id = await duplicate(env, worker);
      // A stop that takes a while, so that "stop ended" happens with processes still listed.
      env.firewall.latencyMs.set('/service/stop', 3_000);
      const matches = STEPS.find(([name]) => name === at)?.[1] ?? (() => false);
      worker.stopAfterJournaling(matches, mode);
      void worker.runner.remediate(id, 't');
      await env.clock.runUntil(() => worker.stopped);
      await env.clock.runFor(5_000);

      const next = await restartWorker(env);
      await env.clock.runUntil(settled(next, id));
      const record = next.runner.get(id);
      expect(record?.remediation?.step).toBe(outcome);
      expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([stops, starts]);
      if (outcome === 'done') expect(env.firewall.processes).toHaveLength(1);
      if (outcome === 'stopped') expect(env.firewall.processes).toHaveLength(0);
      if (outcome === 'failed') expect(env.firewall.processes).toHaveLength(2);
      // The history has the click's outcome, the finished start included.
      expect(next.finished.at(-1)?.id).toBe(id);
      expect(await env.journal.load()).toEqual([]);
      await env.clock.runFor(60_000);
      expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([stops, starts]);
    },
  );

  it.each(STEPS.map(([name]) => name))(
    'after a browser restart (no session storage), from "%s": the same, no double action',
    async (at) => {
      const { env, worker } = setup();
      const id = await duplicate(env, worker);
      const matches = STEPS.find(([name]) => name === at)?.[1] ?? (() => false);
      worker.stopAfterJournaling(matches, 'in-flight');
      void worker.runner.remediate(id, 't');
      await env.clock.runUntil(() => worker.stopped);
      const next = await restartWorker(env, { browserRestarted: true });
      await env.clock.runUntil(settled(next, id));
      expect(next.runner.get(id)?.remediation?.step).toBe('done');
      expect([posts(env, '/stop'), posts(env, '/start')]).toEqual([1, 1]);
    },
  );

  it('a run cut off longer ago than the window is only looked at: "HAProxy is stopped"', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    worker.stopAfterJournaling((s) => s.step === 'following', 'before-send');
    void worker.runner.remediate(id, 't');
    await env.clock.runUntil(() => worker.stopped);
    env.clock.advance(RESUME_WINDOW_MS + 1_000);
    const next = await restartWorker(env, { browserRestarted: true });
    await env.clock.runUntil(settled(next, id));
    expect(next.runner.get(id)?.remediation).toMatchObject({
      step: 'stopped',
      interruption: 'left-to-admin',
    });
    expect(posts(env, '/start')).toBe(0);
  });

  it('a run left to the admin that finds HAProxy started meanwhile claims nothing', async () => {
    const { env, worker } = setup();
    const id = await duplicate(env, worker);
    worker.stopAfterJournaling((s) => s.step === 'following', 'before-send');
    void worker.runner.remediate(id, 't');
    await env.clock.runUntil(() => worker.stopped);
    env.firewall.start();
    env.clock.advance(RESUME_WINDOW_MS + 1_000);
    const next = await restartWorker(env);
    await env.clock.runUntil(settled(next, id));
    const record = next.runner.get(id);
    expect(record?.remediation).toBeNull();
    expect(record?.verdict?.kind).toBe('clean');
    expect(posts(env, '/start')).toBe(0);
  });
});
