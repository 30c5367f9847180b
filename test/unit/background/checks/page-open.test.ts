/**
 * What a HAProxy page shows when it opens, and what that costs the firewall: one look at most;
 * inside the window one statistics/info call, and the full look only when the newest process
 * changed since the last look; only a problem shows.
 */
import { describe, expect, it, vi } from 'vitest';

// badge.ts imports the browser API for showBadge; badgeFor itself is pure.
vi.mock('webextension-polyfill', () => ({ default: {} }));
import {
  createLastLook,
  newestReference,
  type LookReference,
} from '../../../../src/background/checks/last-look-at.ts';
import {
  decideAfterProbe,
  decidePageOpen,
  openHaproxyPage,
  NO_PROBE_AFTER_LOOK_MS,
  PAGE_OPEN_LOOK_WINDOW_MS,
  type PageOpenInput,
  type ProbeAnswer,
} from '../../../../src/background/checks/page-open.ts';
import type { NewestProcess } from '../../../../src/core/newest-process.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import type { LastLook } from '../../../../src/shared/last-look.ts';
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
  lastLook: null,
  lookUnderWay: false,
  now: NOW,
  ...overrides,
});
const RUNNING: NewestProcess = { pid: 41233, startedAt: NOW - 3_600_000 };
/** A last look at `at`; its newest process unknown (an error, an older version) unless given. */
const lookAt = (at: number | null, newest?: NewestProcess | null): LookReference | null =>
  at === null ? null : ref(at, newest);
const ref = (at: number, newest?: NewestProcess | null): LookReference => ({ at, newest });

describe('decidePageOpen', () => {
  it.each<[string, Partial<PageOpenInput>, string]>([
    ['never looked at', {}, 'look'],
    ['looked at 11 minutes ago', { lastLook: lookAt(NOW - 11 * 60_000, RUNNING) }, 'look'],
    [
      'looked at exactly at the window',
      { lastLook: lookAt(NOW - PAGE_OPEN_LOOK_WINDOW_MS, RUNNING) },
      'look',
    ],
    [
      'looked at 9 minutes ago: ask for the newest process',
      { lastLook: lookAt(NOW - 9 * 60_000, RUNNING) },
      'probe',
    ],
    ['looked at a second ago', { lastLook: lookAt(NOW - 1_000, RUNNING) }, 'probe'],
    // The page reloading itself right after its Apply's verdict: that look answers for it.
    [
      'its own Apply decided a second ago',
      { own: { ...clean, verdictAt: NOW - 1_000 }, lastLook: lookAt(NOW - 1_000, RUNNING) },
      'own',
    ],
    [
      'its own Apply decided 30 s ago',
      {
        own: { ...clean, verdictAt: NOW - NO_PROBE_AFTER_LOOK_MS },
        lastLook: lookAt(NOW - NO_PROBE_AFTER_LOOK_MS, RUNNING),
      },
      'probe',
    ],
    [
      'its own page-open look a second ago (a reload by the admin): still the probe',
      {
        own: { ...clean, trigger: 'page-open', verdictAt: NOW - 1_000 },
        lastLook: lookAt(NOW - 1_000, RUNNING),
      },
      'probe',
    ],
    ['the last look found none running', { lastLook: lookAt(NOW - 1_000, null) }, 'probe'],
    // Nothing to compare with: no full look at every page open (an error would repeat itself).
    ['the last look ended in an error', { lastLook: lookAt(NOW - 1_000) }, 'nothing'],
    [
      'stored by an older version, 9 minutes ago',
      { lastLook: lookAt(NOW - 9 * 60_000) },
      'nothing',
    ],
    // A clock set back must not turn every page open into a look.
    ['a look stamped in the future', { lastLook: lookAt(NOW + 3_600_000, RUNNING) }, 'probe'],
    ['a look stamped in the future, unknown', { lastLook: lookAt(NOW + 3_600_000) }, 'nothing'],
    ['a check under way on another tab', { lookUnderWay: true }, 'nothing'],
    [
      'a check under way on another tab, a recent look',
      { lookUnderWay: true, lastLook: lookAt(NOW - 1_000, RUNNING) },
      'nothing',
    ],
    ['its own check, recent, unknown', { own: clean, lastLook: lookAt(clean.verdictAt) }, 'own'],
    ['its own check, recent', { own: clean, lastLook: lookAt(clean.verdictAt, RUNNING) }, 'probe'],
    ['its own check, old', { own: clean, lastLook: lookAt(NOW - 3_600_000, RUNNING) }, 'look'],
    [
      'its own check still running',
      { own: { ...clean, phase: 'observing' }, lastLook: lookAt(NOW - 3_600_000) },
      'own',
    ],
    ['a duplicate found from System › Services', { elsewhere: [duplicate] }, 'adopt'],
    [
      'a duplicate elsewhere, older than its own check',
      {
        own: { ...clean, startedAt: NOW - 1_000 },
        elsewhere: [duplicate],
        lastLook: lookAt(NOW, RUNNING),
      },
      'probe',
    ],
    [
      'a duplicate elsewhere, newer than its own check',
      { own: clean, elsewhere: [duplicate], lastLook: lookAt(NOW, RUNNING) },
      'adopt',
    ],
    [
      'only a clean check elsewhere',
      { elsewhere: [{ ...clean, tabId: 11 }], lastLook: lookAt(NOW - 1_000) },
      'nothing',
    ],
    [
      'a watch look that found the firewall stopped',
      {
        elsewhere: [{ ...clean, tabId: null, trigger: 'watch', verdict: { kind: 'stopped' } }],
        lastLook: lookAt(NOW - 1_000, null),
      },
      'adopt',
    ],
  ])('%s → %s', (_name, overrides, expected) => {
    expect(decidePageOpen(input(overrides)).kind).toBe(expected);
  });

  it('asks with what the page shows when nothing changed', () => {
    expect(
      decidePageOpen(input({ own: clean, lastLook: lookAt(clean.verdictAt, RUNNING) })),
    ).toEqual({ kind: 'probe', newest: RUNNING, otherwise: clean });
  });
});

describe('decideAfterProbe', () => {
  const answered = (newest: NewestProcess | null): ProbeAnswer => ({ kind: 'answered', newest });
  it.each<[string, string, NewestProcess | null, ProbeAnswer, boolean]>([
    ['the same process', 'stay', RUNNING, answered(RUNNING), false],
    [
      'the same process, read a second later',
      'stay',
      RUNNING,
      answered({ ...RUNNING, startedAt: RUNNING.startedAt + 1_000 }),
      false,
    ],
    [
      'a reload since: another PID',
      'look',
      RUNNING,
      answered({ pid: 41240, startedAt: NOW }),
      false,
    ],
    [
      'the PID used again by a later start',
      'look',
      RUNNING,
      answered({ ...RUNNING, startedAt: NOW }),
      false,
    ],
    ['stopped since', 'look', RUNNING, answered(null), false],
    ['started since', 'look', null, answered(RUNNING), false],
    ['still stopped', 'stay', null, answered(null), false],
    // Session expired, timeout: no all-clear, no warning; the window's end brings the look.
    ['the probe failed', 'stay', RUNNING, { kind: 'failed' }, false],
    ['another page began a look meanwhile', 'stay', RUNNING, answered(null), true],
  ])('%s → %s', (_name, expected, newest, probe, lookUnderWay) => {
    expect(decideAfterProbe({ newest, probe, lookUnderWay })).toBe(expected);
  });
});

describe('newestReference', () => {
  it.each<[string, LookReference[], LookReference | null]>([
    ['nothing', [], null],
    ['the newest look', [ref(1, RUNNING), ref(2, null)], ref(2, null)],
    ['the newest even if unknown', [ref(1, RUNNING), ref(2)], ref(2)],
    // The stored look and the check in memory it came from: the one that knows.
    ['the same look twice', [ref(2), ref(2, RUNNING)], ref(2, RUNNING)],
    ['the same look twice, known first', [ref(2, RUNNING), ref(2)], ref(2, RUNNING)],
  ])('%s', (_name, candidates, expected) => {
    expect(newestReference(candidates)).toEqual(expected);
  });
});

function pageOpen(
  env: Env,
  worker: ReturnType<typeof startWorker>,
  tabId = TAB,
  stored: Record<string, LastLook> = {},
) {
  return openHaproxyPage(tabId, ORIGIN, {
    runner: worker.runner,
    lastLook: createLastLook({
      loadLastLooks: () => Promise.resolve(stored),
      checks: () => worker.runner.all(),
    }),
    newestProcess: (origin) =>
      createOpnsenseClient({
        origin,
        auth: { kind: 'session', csrfToken: null },
        fetch: env.firewall.fetch,
      }).currentProcess(),
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

  it('inside the window, nothing changed: one statistics/info call each, no look, also after the warning was dismissed', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    env.firewall.reload({ orphan: true });
    const check = await pageOpen(env, worker);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    const infoCalls = env.firewall.count('/statistics/info');
    // The admin reloads the page: the same warning, no new look.
    env.clock.advance(30_000);
    expect((await pageOpen(env, worker))?.id).toBe(check?.id);
    expect(env.firewall.count('/statistics/info')).toBe(infoCalls + 1);
    // Another tab opens the page: nothing to show there, and no look.
    env.clock.advance(1_000);
    expect(await pageOpen(env, worker, 12)).toBeNull();
    expect(env.firewall.count('/statistics/info')).toBe(infoCalls + 2);
    expect(env.firewall.count('/get_activity')).toBe(1);
    expect(env.firewall.requests).toHaveLength(
      (worker.runner.get(check?.id ?? '')?.apiCalls ?? 0) + 2,
    );
    // After the window, one look again.
    env.clock.advance(PAGE_OPEN_LOOK_WINDOW_MS);
    const again = await pageOpen(env, worker, 12);
    expect(again?.trigger).toBe('page-open');
    await env.clock.runUntil(() => worker.runner.get(again?.id ?? '')?.phase === 'done');
    expect(env.firewall.count('/get_activity')).toBe(2);
  });

  /** A clean firewall looked at by a page open, then `elapsedMs` later: the counts so far. */
  async function lookedAtClean(env: Env, worker: ReturnType<typeof startWorker>) {
    const first = await pageOpen(env, worker);
    await env.clock.runUntil(() => worker.runner.get(first?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(first?.id ?? '')?.verdict?.kind).toBe('clean');
    return {
      requests: env.firewall.requests.length,
      activity: env.firewall.count('/get_activity'),
    };
  }

  it('a reload inside the window (cron, a shell) that left an orphan: the next page open takes the full look and shows it', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    const before = await lookedAtClean(env, worker);
    env.clock.advance(60_000);
    env.firewall.reload({ orphan: true });
    env.clock.advance(60_000);
    const check = await pageOpen(env, worker, 12);
    expect(check?.trigger).toBe('page-open');
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('duplicate');
    // The probe, then the look's own calls; one process list.
    expect(env.firewall.requests.slice(before.requests)[0]?.path).toBe(
      '/api/haproxy/statistics/info',
    );
    expect(env.firewall.count('/get_activity')).toBe(before.activity + 1);
    // The look it took is the new reference: the page opened again asks once more, no look.
    env.clock.advance(1_000);
    expect((await pageOpen(env, worker, 12))?.id).toBe(check?.id);
    expect(env.firewall.count('/get_activity')).toBe(before.activity + 1);
  });

  it.each<[string, (env: Env) => void, string]>([
    [
      'stopped from the shell',
      (env) => {
        env.firewall.stopAll();
      },
      'stopped',
    ],
    [
      'stopped and started again: another PID',
      (env) => {
        env.firewall.stopAll();
        env.firewall.start();
      },
      'clean',
    ],
  ])('%s inside the window: the full look', async (_name, arrange, verdict) => {
    const env = createEnv();
    const worker = startWorker(env);
    await lookedAtClean(env, worker);
    env.clock.advance(60_000);
    arrange(env);
    const check = await pageOpen(env, worker, 12);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe(verdict);
  });

  it.each<[string, (env: Env) => void]>([
    ['the session expired', (env) => (env.firewall.sessionExpiresAfterRequests = 0)],
    [
      'the privilege is missing',
      (env) => env.firewall.overrides.set('/statistics/info', { status: 403, body: '' }),
    ],
    ['the connection is lost', (env) => env.firewall.dropConnection.add('/statistics/info')],
  ])(
    'a probe that fails (%s) shows nothing and takes no look, even after a reload',
    async (_name, arrange) => {
      const env = createEnv();
      const worker = startWorker(env);
      const before = await lookedAtClean(env, worker);
      env.firewall.reload({ orphan: true });
      env.clock.advance(60_000);
      arrange(env);
      expect(await pageOpen(env, worker, 12)).toBeNull();
      await env.clock.flush();
      expect(env.firewall.requests.length).toBe(before.requests + 1);
      expect(worker.runner.all().filter((record) => record.tabId === 12)).toEqual([]);
    },
  );

  it('a last look whose newest process is unknown (an older version stored it): no call inside the window', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    const stored = {
      [ORIGIN]: { at: env.clock.now() - 60_000, result: 'clean', trigger: 'watch' },
    };
    env.firewall.reload({ orphan: true });
    expect(await pageOpen(env, worker, TAB, stored)).toBeNull();
    expect(env.firewall.requests).toHaveLength(0);
    // After the window, the look as before.
    env.clock.advance(PAGE_OPEN_LOOK_WINDOW_MS);
    const check = await pageOpen(env, worker, TAB, stored);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('duplicate');
  });

  it('a stored look with its newest process: a reload since, from before the browser started, is caught', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    const pid = env.firewall.pidfilePid ?? 0;
    const startedAt = env.clock.now() - 3_600_000;
    const stored = {
      [ORIGIN]: {
        at: env.clock.now() - 60_000,
        result: 'clean',
        trigger: 'watch',
        newest: { pid, startedAt },
      },
    };
    // Unchanged: one statistics/info call, nothing shown.
    expect(await pageOpen(env, worker, TAB, stored)).toBeNull();
    expect(env.firewall.requests.map((request) => request.path)).toEqual([
      '/api/haproxy/statistics/info',
    ]);
    env.firewall.reload({ orphan: true });
    const check = await pageOpen(env, worker, TAB, stored);
    await env.clock.runUntil(() => worker.runner.get(check?.id ?? '')?.phase === 'done');
    expect(worker.runner.get(check?.id ?? '')?.verdict?.kind).toBe('duplicate');
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
      // The last look at the backup (this check's) was a minute ago: well inside the window.
      lastLook: createLastLook({
        loadLastLooks: () => Promise.resolve({}),
        checks: () => worker.runner.all(),
      }),
      newestProcess: (origin) =>
        createOpnsenseClient({
          origin,
          auth: { kind: 'session', csrfToken: null },
          fetch: env.firewall.fetch,
        }).currentProcess(),
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
