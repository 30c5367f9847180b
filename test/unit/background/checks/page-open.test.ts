/**
 * What a HAProxy page shows when it opens, and what that costs the firewall: one look at most,
 * none inside the window, and only a problem shows.
 */
import { describe, expect, it, vi } from 'vitest';

// badge.ts imports the browser API for showBadge; badgeFor itself is pure.
vi.mock('webextension-polyfill', () => ({ default: {} }));
import {
  decidePageOpen,
  openHaproxyPage,
  PAGE_OPEN_LOOK_WINDOW_MS,
  type PageOpenInput,
} from '../../../../src/background/checks/page-open.ts';
import { badgeFor } from '../../../../src/background/tabs/badge.ts';
import { isQuietLook } from '../../../../src/shared/unrequested-look.ts';
import { checkRecord, cleanVerdict, classified } from '../../check-fixtures.ts';
import { createEnv, ORIGIN, OTHER_ORIGIN, startWorker, TAB, type Env } from '../runner-env.ts';

const NOW = 10_000_000;
const duplicate = checkRecord({
  id: 'services',
  tabId: 11,
  trigger: 'restart',
  startedAt: NOW - 60_000,
  verdict: { kind: 'duplicate', processes: [classified(1, 'current'), classified(2, 'orphan')] },
  verdictAt: NOW - 59_000,
});
const clean = checkRecord({
  id: 'own',
  tabId: TAB,
  startedAt: NOW - 120_000,
  verdict: cleanVerdict(1),
  verdictAt: NOW - 119_000,
});
const input = (overrides: Partial<PageOpenInput>): PageOpenInput => ({
  own: null,
  elsewhere: [],
  lastLookAt: null,
  lookUnderWay: false,
  now: NOW,
  ...overrides,
});

describe('decidePageOpen', () => {
  it.each<[string, Partial<PageOpenInput>, string]>([
    ['never looked at', {}, 'look'],
    ['looked at 11 minutes ago', { lastLookAt: NOW - 11 * 60_000 }, 'look'],
    ['looked at exactly at the window', { lastLookAt: NOW - PAGE_OPEN_LOOK_WINDOW_MS }, 'look'],
    ['looked at 9 minutes ago', { lastLookAt: NOW - 9 * 60_000 }, 'nothing'],
    ['looked at a second ago', { lastLookAt: NOW - 1_000 }, 'nothing'],
    // A clock set back must not turn every page open into a look.
    ['a look stamped in the future', { lastLookAt: NOW + 3_600_000 }, 'nothing'],
    ['a check under way on another tab', { lookUnderWay: true }, 'nothing'],
    ['its own check, recent', { own: clean, lastLookAt: clean.verdictAt }, 'own'],
    ['its own check, old', { own: clean, lastLookAt: NOW - 3_600_000 }, 'look'],
    [
      'its own check still running',
      { own: { ...clean, phase: 'observing' }, lastLookAt: NOW - 3_600_000 },
      'own',
    ],
    ['a duplicate found from System › Services', { elsewhere: [duplicate] }, 'adopt'],
    [
      'a duplicate elsewhere, older than its own check',
      { own: { ...clean, startedAt: NOW - 1_000 }, elsewhere: [duplicate], lastLookAt: NOW },
      'own',
    ],
    [
      'a duplicate elsewhere, newer than its own check',
      { own: clean, elsewhere: [duplicate], lastLookAt: NOW },
      'adopt',
    ],
    [
      'only a clean check elsewhere',
      { elsewhere: [{ ...clean, tabId: 11 }], lastLookAt: NOW - 1_000 },
      'nothing',
    ],
    [
      'a watch look that found the firewall stopped',
      {
        elsewhere: [{ ...clean, tabId: null, trigger: 'watch', verdict: { kind: 'stopped' } }],
        lastLookAt: NOW - 1_000,
      },
      'adopt',
    ],
  ])('%s → %s', (_name, overrides, expected) => {
    expect(decidePageOpen(input(overrides)).kind).toBe(expected);
  });
});

function pageOpen(env: Env, worker: ReturnType<typeof startWorker>, tabId = TAB) {
  return openHaproxyPage(tabId, ORIGIN, {
    runner: worker.runner,
    lastLookAt: (origin) => {
      const times = worker.runner
        .all()
        .filter((record) => record.origin === origin)
        .map((record) => record.verdictAt ?? record.startedAt);
      return Promise.resolve(times.length === 0 ? null : Math.max(...times));
    },
    // Tab 11 shows System › Services, every other tab a HAProxy page.
    tabShowsHaproxyPage: (id) => Promise.resolve(id !== 11),
    now: env.clock.now,
  });
}

describe('openHaproxyPage', () => {
  it('finds an orphan nobody watched with one process-list call, and shows it', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    env.firewall.reload({ orphan: true });
    const check = await pageOpen(env, worker);
    expect(check?.trigger).toBe('page-open');
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    const done = worker.runner.get(check?.id ?? '');
    expect(done?.verdict?.kind).toBe('duplicate');
    expect(done && isQuietLook(done)).toBe(false);
    expect(done && badgeFor(done).text).toBe('!!');
    expect(env.firewall.count('/get_activity')).toBe(1);
  });

  it('asks nothing inside the window, also after the warning was dismissed', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    env.firewall.reload({ orphan: true });
    const check = await pageOpen(env, worker);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    // The admin reloads the page: the same warning, no new look.
    env.clock.advance(30_000);
    expect((await pageOpen(env, worker))?.id).toBe(check?.id);
    // Another tab opens the page: nothing to show there, and no look.
    expect(await pageOpen(env, worker, 12)).toBeNull();
    expect(env.firewall.count('/get_activity')).toBe(1);
    // After the window, one look again.
    env.clock.advance(PAGE_OPEN_LOOK_WINDOW_MS);
    const again = await pageOpen(env, worker, 12);
    expect(again?.trigger).toBe('page-open');
    await env.clock.runUntil(() => worker.runner.get(again?.id ?? '')?.phase === 'done');
    expect(env.firewall.count('/get_activity')).toBe(2);
  });

  it.each<[string, (env: Env) => void]>([
    ['a clean firewall', () => undefined],
    [
      'a predecessor still draining',
      (env) => {
        env.firewall.gracefulStop = '1';
        env.firewall.reload();
      },
    ],
    [
      'a process list the firewall fails to give',
      (env) => {
        env.firewall.overrides.set('/get_activity', { status: 500, body: 'oops' });
      },
    ],
  ])('takes exactly one look at %s, and only a problem shows', async (_name, arrange) => {
    const env = createEnv();
    const worker = startWorker(env);
    arrange(env);
    const check = await pageOpen(env, worker);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    const done = worker.runner.get(check?.id ?? '');
    expect(env.firewall.count('/get_activity')).toBe(1);
    if (done?.error) {
      // An error says what to do: shown, never an all-clear.
      expect(isQuietLook(done)).toBe(false);
    } else {
      expect(done && isQuietLook(done)).toBe(true);
      expect(done && badgeFor(done).text).toBe('');
    }
    // Nothing is planned after it.
    env.clock.advance(3_600_000);
    await env.clock.flush();
    expect(env.firewall.count('/get_activity')).toBe(1);
  });

  it('takes over a duplicate found where no panel runs, so its buttons act for this page', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    const found = await worker.runner.begin(ORIGIN, 11, 'restart', true);
    env.firewall.reload({ orphan: true });
    await worker.runner.pageOutcome(11, ORIGIN, { step: 'service-action', ok: true, detail: '' });
    await env.clock.runUntil(() => worker.runner.get(found.id)?.phase === 'done');
    const shown = await pageOpen(env, worker);
    expect(shown).toMatchObject({ id: found.id, tabId: TAB });
    expect(worker.runner.forTab(TAB, ORIGIN)?.id).toBe(found.id);
    expect(env.firewall.count('/get_activity')).toBe(1);
  });

  it("shows an HA backup's orphan, found from the master's tab, on the backup's next HAProxy page, inside the window", async () => {
    // ORIGIN is the backup here; the admin clicked "Synchronize and restart" on OTHER_ORIGIN's
    // Status › High Availability, in tab 12.
    const env = createEnv();
    const worker = startWorker(env);
    const found = await worker.runner.begin(ORIGIN, 12, 'ha-backup', true, OTHER_ORIGIN);
    env.firewall.reload({ orphan: true });
    await worker.runner.pageOutcome(12, ORIGIN, { step: 'service-action', ok: true, detail: '' });
    await env.clock.runUntil(() => worker.runner.get(found.id)?.phase === 'done');
    expect(worker.runner.get(found.id)).toMatchObject({ clickedOn: OTHER_ORIGIN, tabId: 12 });
    env.clock.advance(60_000);
    const shown = await openHaproxyPage(TAB, ORIGIN, {
      runner: worker.runner,
      // The last look at the backup was a minute ago: well inside the window.
      lastLookAt: () => Promise.resolve(env.clock.now() - 60_000),
      // Tab 12 shows the master, never the backup's HAProxy page.
      tabShowsHaproxyPage: (id, origin) => Promise.resolve(id === TAB && origin === ORIGIN),
      now: env.clock.now,
    });
    expect(shown).toMatchObject({ id: found.id, tabId: TAB, trigger: 'ha-backup' });
    expect(shown?.verdict?.kind).toBe('duplicate');
    // Adopted by the backup's own page: no longer the master tab's.
    expect(shown && 'clickedOn' in shown).toBe(false);
    expect(env.firewall.count('/get_activity')).toBe(1);
  });
});
