/**
 * The check store on its own: which check a tab or firewall shows, that only held checks are
 * published, the one timer per check, and what superseding and dismissing drop.
 */
import { describe, expect, it } from 'vitest';
import { createCheckStore } from '../../../../src/background/checks/check-store.ts';
import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord } from '../../check-fixtures.ts';
import { ManualClock } from '../manual-clock.ts';

const A = 'https://fw.lan';
const B = 'https://fw-b.lan';

function setup() {
  const clock = new ManualClock();
  const published: CheckRecord[] = [];
  const finished: CheckRecord[] = [];
  const forgotten: string[] = [];
  const due: string[] = [];
  const dropped: string[] = [];
  const store = createCheckStore({
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    publish: (record) => {
      published.push(record);
      return Promise.resolve();
    },
    finished: (record) => {
      finished.push(record);
      return Promise.resolve();
    },
    forget: (id) => {
      forgotten.push(id);
      return Promise.resolve();
    },
    due: (id) => due.push(id),
    dropped: (id) => dropped.push(id),
  });
  return { clock, store, published, finished, forgotten, due, dropped };
}

describe('check store', () => {
  it('answers the newest check of a tab for that firewall only, and of a firewall on any tab', () => {
    const { store } = setup();
    store.hold(checkRecord({ id: 'old', origin: A, tabId: 1, startedAt: 1 }));
    store.hold(checkRecord({ id: 'new', origin: A, tabId: 1, startedAt: 2 }));
    store.hold(checkRecord({ id: 'b', origin: B, tabId: 1, startedAt: 3 }));
    store.hold(checkRecord({ id: 'other-tab', origin: A, tabId: 2, startedAt: 4 }));
    expect(store.forTab(1, A)?.id).toBe('new');
    expect(store.forTab(1, B)?.id).toBe('b');
    expect(store.forTab(3, A)).toBeNull();
    expect(store.forOrigin(A)?.id).toBe('other-tab');
    expect(store.all()).toHaveLength(4);
  });

  it('publishes updates of held checks only', async () => {
    const { store, published } = setup();
    await store.update(checkRecord({ id: 'gone' }));
    expect(published).toEqual([]);
    store.hold(checkRecord({ id: 'held' }));
    await store.update(checkRecord({ id: 'held', apiCalls: 9 }));
    expect(published.map((record) => record.apiCalls)).toEqual([9]);
    expect(store.get('held')?.apiCalls).toBe(9);
  });

  it('counts a call once it settled, also when it failed', async () => {
    const { store } = setup();
    store.hold(checkRecord({ id: 'c', processListCalls: 0, apiCalls: 0 }));
    await store.counted('c', Promise.resolve('ok'), 1);
    await expect(store.counted('c', Promise.reject(new Error('x')), 0)).rejects.toThrow('x');
    expect(store.get('c')).toMatchObject({ processListCalls: 1, apiCalls: 2 });
  });

  it('keeps one timer per check: a new schedule replaces the planned look', async () => {
    const { clock, store, due } = setup();
    store.hold(checkRecord({ id: 'c', phase: 'observing' }));
    store.schedule('c', 5_000);
    store.schedule('c', 1_000);
    expect(store.get('c')?.nextObservationAt).toBe(clock.now() + 1_000);
    expect(clock.pendingTimers).toBe(1);
    await clock.runFor(10_000);
    expect(due).toEqual(['c']);
    store.schedule('c', 1_000);
    store.cancel('c');
    expect(clock.pendingTimers).toBe(0);
  });

  it("supersedes the tab's checks of the same firewall, never a remediation or another firewall's", async () => {
    const { clock, store, forgotten, dropped } = setup();
    store.hold(checkRecord({ id: 'same', origin: A, tabId: 1, phase: 'observing' }));
    store.schedule('same', 1_000);
    store.hold(checkRecord({ id: 'other', origin: B, tabId: 1 }));
    store.hold(
      checkRecord({
        id: 'fixing',
        origin: A,
        tabId: 1,
        phase: 'remediating',
        remediation: beginRemediation('restart', 0, null),
      }),
    );
    await store.supersede(1, A);
    expect(store.all().map((record) => record.id)).toEqual(['other', 'fixing']);
    expect(forgotten).toEqual(['same']);
    expect(dropped).toEqual(['same']);
    expect(clock.pendingTimers).toBe(0);
  });

  it("supersedes only the watch's finished looks without a remediation (checks of no tab)", async () => {
    const { store } = setup();
    store.hold(checkRecord({ id: 'done', origin: A, tabId: null, trigger: 'watch' }));
    store.hold(
      checkRecord({ id: 'running', origin: A, tabId: null, trigger: 'watch', phase: 'observing' }),
    );
    await store.supersede(null, A);
    expect(store.all().map((record) => record.id)).toEqual(['running']);
  });

  it('dismisses: forgets the check, ends an unfinished one, leaves a running remediation alone', async () => {
    const { store, forgotten, finished } = setup();
    store.hold(checkRecord({ id: 'done' }));
    store.hold(checkRecord({ id: 'open', phase: 'observing' }));
    store.hold(
      checkRecord({
        id: 'fixing',
        phase: 'remediating',
        remediation: beginRemediation('restart', 0, null),
      }),
    );
    await store.dismiss('done');
    await store.dismiss('open');
    await store.dismiss('fixing');
    await store.dismiss('unknown');
    expect(forgotten).toEqual(['done', 'open']);
    expect(finished.map((record) => record.id)).toEqual(['open']);
    expect(store.all().map((record) => record.id)).toEqual(['fixing']);
  });

  it('adopts a check to another tab, or to none', async () => {
    const { store } = setup();
    store.hold(checkRecord({ id: 'c', tabId: 1 }));
    expect((await store.adopt('c', 5))?.tabId).toBe(5);
    expect((await store.adopt('c', null))?.tabId).toBeNull();
    expect(await store.adopt('unknown', 5)).toBeNull();
  });
});
