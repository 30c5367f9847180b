/**
 * The remediation coordinator on its own, with a real store, journal and client against a fake
 * firewall, and the check of the result caught where the observation loop would take it: which
 * clicks start a run, one run per firewall, and which journal goes when a check ends.
 */
import { describe, expect, it } from 'vitest';
import { createCheckStore } from '../../../../src/background/checks/check-store.ts';
import { createRemediationCoordinator } from '../../../../src/background/remediation/remediation-coordinator.ts';
import { createJournalStore } from '../../../../src/background/remediation/remediation-journal.ts';
import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';
import { FakeFirewall } from '../fake-firewall.ts';
import { ManualClock } from '../manual-clock.ts';
import { MemoryArea } from '../runner-env.ts';

const ORIGIN = 'https://fw.example.lan';

function setup() {
  const clock = new ManualClock();
  const firewall = new FakeFirewall(clock.now, clock.setTimer);
  const current = firewall.start();
  const orphan = firewall.reload({ orphan: true });
  clock.advance(3_600_000);
  const journal = createJournalStore(new MemoryArea());
  const rechecked: CheckRecord[] = [];
  const finished: CheckRecord[] = [];
  const store = createCheckStore({
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    publish: () => Promise.resolve(),
    finished: () => Promise.resolve(),
    forget: () => Promise.resolve(),
    due: () => undefined,
    dropped: () => undefined,
  });
  const coordinator = createRemediationCoordinator({
    store,
    clientFor: (origin, csrfToken) =>
      Promise.resolve(
        createOpnsenseClient({
          origin,
          auth: { kind: 'session', csrfToken },
          fetch: firewall.fetch,
        }),
      ),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    journal,
    csrfTokenFor: () => Promise.resolve('page-token'),
    stillEnabled: () => Promise.resolve(true),
    async recheck(record) {
      store.hold(record);
      rechecked.push(record);
      await store.update(record);
    },
    finished: (record) => {
      finished.push(record);
      return Promise.resolve();
    },
  });
  const duplicate = (id: string) =>
    checkRecord({
      id,
      origin: ORIGIN,
      tabId: 7,
      verdict: {
        kind: 'duplicate',
        processes: [classified(orphan.pid, 'current'), classified(current.pid, 'orphan')],
      },
      verdictAt: clock.now(),
    });
  return { clock, firewall, journal, store, coordinator, rechecked, finished, duplicate };
}

const posts = (firewall: FakeFirewall, suffix: string) =>
  firewall.requests.filter((request) => request.method === 'POST' && request.path.endsWith(suffix))
    .length;

describe('remediation coordinator', () => {
  it('refuses a click the check does not call for, without a request', async () => {
    const env = setup();
    env.store.hold(checkRecord({ id: 'clean', origin: ORIGIN, verdict: cleanVerdict(1) }));
    expect(await env.coordinator.click('clean', 'restart', 't')).toBe(false);
    expect(await env.coordinator.click('clean', 'start', 't')).toBe(false);
    expect(await env.coordinator.click('unknown', 'restart', 't')).toBe(false);
    expect(env.firewall.requests).toHaveLength(0);
  });

  it('restarts, then hands a check of the result over with the PIDs from before the click', async () => {
    const env = setup();
    env.store.hold(env.duplicate('c'));
    const pidsBefore = env.firewall.processes.map((process) => process.pid);
    const run = env.coordinator.click('c', 'restart', 't');
    await env.clock.runUntil(() => env.rechecked.length > 0);
    expect(await run).toBe(true);
    expect([posts(env.firewall, '/stop'), posts(env.firewall, '/start')]).toEqual([1, 1]);
    const checking = env.rechecked[0];
    expect(checking).toMatchObject({ trigger: 'remediation', phase: 'observing', verdict: null });
    expect(checking?.baseline?.pids).toEqual(pidsBefore);
    expect(checking?.remediation?.step).toBe('checking');
    // The journal stays until the check of the result is final.
    expect(await env.journal.load()).toHaveLength(1);
  });

  it('runs one remediation per firewall at a time', async () => {
    const env = setup();
    env.store.hold(env.duplicate('first'));
    env.store.hold(env.duplicate('second'));
    env.firewall.latencyMs.set('/service/stop', 10_000);
    const first = env.coordinator.click('first', 'restart', 't');
    await env.clock.flush();
    expect(await env.coordinator.click('second', 'restart', 't')).toBe(false);
    await env.clock.runUntil(() => env.rechecked.length > 0);
    expect(await first).toBe(true);
    expect(posts(env.firewall, '/stop')).toBe(1);
  });

  it('forgets the journal when the check of the result ends, but keeps a cut-off run for the next', async () => {
    const env = setup();
    env.store.hold(env.duplicate('c'));
    void env.coordinator.click('c', 'restart', 't');
    await env.clock.runUntil(() => env.rechecked.length > 0);
    const checking = env.store.get('c');
    if (!checking?.remediation) throw new Error('no remediation');
    await env.coordinator.finish({
      ...checking,
      remediation: { ...checking.remediation, step: 'cut-off' },
    });
    expect(await env.journal.load()).toHaveLength(1);
    await env.coordinator.finish({ ...checking, verdict: cleanVerdict(1), verdictAt: 1 });
    expect(env.store.get('c')).toMatchObject({ phase: 'done', remediation: { step: 'done' } });
    expect(await env.journal.load()).toEqual([]);
    expect(env.finished).toHaveLength(2);
  });

  it('takes up a journal of a click cut off before anything was sent: only a check, journal gone', async () => {
    const env = setup();
    const remediation = beginRemediation('restart', env.clock.now(), null);
    await env.journal.save({
      version: 1,
      checkId: 'cut',
      origin: ORIGIN,
      tabId: null,
      aliveAt: env.clock.now(),
      stopSettings: null,
      currentPidBefore: null,
      remediation,
    });
    env.coordinator.resume(await env.journal.load());
    await env.clock.flush();
    expect(env.rechecked.map((record) => [record.id, record.remediation])).toEqual([['cut', null]]);
    expect(await env.journal.load()).toEqual([]);
    expect(env.firewall.requests).toHaveLength(0);
  });

  it('shows a remediation of the firewall on the HAProxy page that opened', async () => {
    const env = setup();
    env.store.hold({
      ...env.duplicate('c'),
      tabId: null,
      remediation: { ...beginRemediation('restart', 0, null), step: 'stopped' },
    });
    await env.coordinator.pageOpened(ORIGIN, 9);
    expect(env.store.get('c')?.tabId).toBe(9);
  });
});
