import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  Baseline,
  HaproxyProcess,
  Observation,
  ServiceStatus,
  StopSettings,
  Verdict,
} from '../../../src/core/model.ts';
import { readProcessList } from '../../../src/core/process-list.ts';
import { readCurrentProcessInfo } from '../../../src/core/show-info.ts';
import { readStopSettings } from '../../../src/core/stop-settings.ts';
import { needsStopSettings, stopSettingsShownBy } from '../../../src/core/stop-settings-need.ts';
import {
  DEFAULT_DRAIN_WINDOW_MS,
  DRAIN_MARGIN_MS,
  HARD_MODE_WINDOW_MS,
  decideVerdict,
  drainWindowMs,
  isFinal,
} from '../../../src/core/verdict.ts';
import {
  CLEAN_RELOAD,
  DRAINING,
  ORPHAN_NEXT_TO_CURRENT,
  activity,
  haproxyCommand,
  haproxyRows,
  row,
} from './fixtures/activity.ts';
import { settingsAnswer, showInfo } from './fixtures/info-and-settings.ts';

/** Epoch ms at which the observation's answers arrived. */
const AT = Date.parse('2025-06-07T10:42:31Z');

function settings(general: Record<string, string> = {}): StopSettings {
  const read = readStopSettings(settingsAnswer(general));
  if (!read) throw new Error('fixture is not a settings answer');
  return read;
}

const HARD = settings();
const GRACEFUL = settings({ gracefulStop: '1' });
const GRACEFUL_NO_TIMEOUT = settings({ gracefulStop: '1', hardStopAfter: '' });
const SEAMLESS = settings({ gracefulStop: '1', seamlessReload: '1' });

interface Scene {
  readonly activity?: unknown;
  /** A show info answer, or null for the plugin's empty answer (socket missing). */
  readonly info?: Record<string, string> | null;
  readonly status?: ServiceStatus;
  /** null: the look did not read them (one process at most, see needsStopSettings). */
  readonly settings?: StopSettings | null;
  readonly baseline?: Baseline | null;
  /** ms after AT at which the verdict is taken. */
  readonly later?: number;
  readonly defaultDrainWindowMs?: number;
}

function observe(scene: Scene): Observation {
  return {
    at: AT,
    picture: readProcessList(scene.activity ?? CLEAN_RELOAD),
    current: scene.info === null ? null : readCurrentProcessInfo(scene.info ?? showInfo()),
    status: scene.status ?? 'running',
    stopSettings: scene.settings === undefined ? GRACEFUL : scene.settings,
  };
}

function decide(scene: Scene): Verdict {
  return decideVerdict({
    baseline: scene.baseline ?? null,
    observation: observe(scene),
    now: AT + (scene.later ?? 0),
    defaultDrainWindowMs: scene.defaultDrainWindowMs ?? DEFAULT_DRAIN_WINDOW_MS,
  });
}

/** Started `uptime` s before AT: show info of `pid`. */
function info(
  pid: number,
  uptime: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return showInfo({ Pid: String(pid), Uptime_sec: String(uptime), ...extra });
}

function roles(verdict: Verdict): Record<number, string> {
  if (verdict.kind !== 'duplicate' && verdict.kind !== 'draining') return {};
  return Object.fromEntries(
    verdict.processes.map((entry) => [entry.process.pid, `${entry.role}:${entry.reason}`]),
  );
}

function baseline(overrides: Partial<Baseline> = {}): Baseline {
  return { trigger: 'apply', takenAt: AT - 10_000, pids: [41001], currentPid: 41001, ...overrides };
}

describe('drainWindowMs', () => {
  it.each([
    ['hard, whatever the timeout', HARD, HARD_MODE_WINDOW_MS],
    ['hard without a timeout', { mode: 'hard', hardStopAfterMs: null }, HARD_MODE_WINDOW_MS],
    ['graceful: the timeout plus the margin', GRACEFUL, 60_000 + DRAIN_MARGIN_MS],
    ['seamless: the timeout plus the margin', SEAMLESS, 60_000 + DRAIN_MARGIN_MS],
    ['graceful with a zero timeout', { mode: 'graceful', hardStopAfterMs: 0 }, DRAIN_MARGIN_MS],
    ['graceful without a timeout: the default window', GRACEFUL_NO_TIMEOUT, 120_000],
    ['seamless without a timeout', { mode: 'seamless', hardStopAfterMs: null }, 120_000],
    ['a broken timeout', { mode: 'graceful', hardStopAfterMs: Number.NaN }, 120_000],
  ] as const)('%s', (_name, stop, expected) => {
    expect(drainWindowMs(stop, 120_000)).toBe(expected);
  });

  it.each([[Number.NaN], [-1], [Number.POSITIVE_INFINITY]])(
    'falls back to 5 min for a default window of %d',
    (window) => {
      expect(drainWindowMs(GRACEFUL_NO_TIMEOUT, window)).toBe(DEFAULT_DRAIN_WINDOW_MS);
    },
  );
});

describe('isFinal', () => {
  it.each([
    ['clean', {}, true],
    ['duplicate', { activity: ORPHAN_NEXT_TO_CURRENT }, true],
    ['not-reloaded', { info: info(41233, 3_600), baseline: baseline({ currentPid: 41233 }) }, true],
    ['stopped', { activity: activity([]), info: null, status: 'stopped' }, true],
    ['draining', { activity: DRAINING }, false],
    ['unverifiable', { info: null }, false],
  ] as const)('%s → %s', (kind, scene, expected) => {
    const verdict = decide(scene);
    expect(verdict.kind).toBe(kind);
    expect(isFinal(verdict)).toBe(expected);
  });
});

describe('decideVerdict without a haproxy process', () => {
  const none = activity([]);
  it.each([
    ['stopped, nothing listed', { status: 'stopped' }, { kind: 'stopped' }],
    ['unknown status, nothing listed', { status: 'unknown' }, { kind: 'stopped' }],
    [
      'running by the pidfile, nothing listed',
      { status: 'running' },
      { kind: 'unverifiable', reason: 'status-contradicts-list' },
    ],
    [
      'disabled, nothing listed',
      { status: 'disabled' },
      { kind: 'unverifiable', reason: 'service-disabled' },
    ],
    [
      'show info answering, nothing listed',
      { status: 'stopped', info: info(41233, 3) },
      { kind: 'unverifiable', reason: 'current-not-in-list' },
    ],
    [
      'only unmapped haproxy rows',
      { status: 'stopped', activity: activity([row('', '100640', haproxyCommand('-sf 41001'))]) },
      { kind: 'unverifiable', reason: 'list-incomplete' },
    ],
    [
      'only a [haproxy] row',
      { status: 'stopped', activity: activity([row('41233', '100640', '[haproxy]')]) },
      { kind: 'unverifiable', reason: 'list-incomplete' },
    ],
  ] as const)('%s', (_name, scene, expected) => {
    expect(decide({ activity: none, info: null, ...scene })).toMatchObject(expected);
  });
});

describe('decideVerdict: the data cannot be trusted', () => {
  it.each([
    ['no show info (socket missing)', { info: null }, 'no-current-info'],
    ['show info of a PID not in the list', { info: info(52000, 3) }, 'current-not-in-list'],
    [
      'the current process stopping',
      { info: info(41233, 3, { Stopping: '1' }) },
      'current-stopping',
    ],
    [
      'a successor naming the current process (reload under way)',
      {
        activity: activity([
          ...haproxyRows(41233, 100640, 4, haproxyCommand('-sf 41001')),
          ...haproxyRows(52100, 100900, 1, haproxyCommand('-sf 41233')),
        ]),
      },
      'successor-starting',
    ],
    [
      'an unmapped row with another command',
      {
        activity: activity([
          ...haproxyRows(41233, 100640, 4, haproxyCommand('-sf 41001')),
          row('', '100900', haproxyCommand('-sf 41233')),
        ]),
      },
      'list-incomplete',
    ],
    [
      'a draining predecessor and an unmapped row',
      {
        activity: activity([...DRAINING.details, row('', '100900', haproxyCommand('-sf 39000'))]),
      },
      'list-incomplete',
    ],
    [
      'haproxy running while the pidfile says stopped',
      { status: 'stopped' },
      'status-contradicts-list',
    ],
  ] as const)('%s → unverifiable %s', (_name, scene, reason) => {
    const verdict = decide(scene);
    expect(verdict).toMatchObject({ kind: 'unverifiable', reason });
    expect(isFinal(verdict)).toBe(false);
  });

  it('passes the listed processes along', () => {
    const verdict = decide({ info: null, activity: ORPHAN_NEXT_TO_CURRENT });
    expect(verdict.kind === 'unverifiable' && verdict.processes.map((p) => p.pid)).toEqual([
      39877, 41233,
    ]);
  });
});

describe('decideVerdict with one process', () => {
  it('is clean after a reload that replaced the old process', () => {
    const verdict = decide({ info: info(41233, 3), baseline: baseline() });
    expect(verdict).toMatchObject({
      kind: 'clean',
      current: { role: 'current', deadline: null, process: { pid: 41233 } },
    });
  });

  it('is clean for a manual check, however old the process', () => {
    expect(
      decide({
        info: info(41233, 86_400),
        baseline: baseline({ trigger: 'manual', currentPid: 41233 }),
      }),
    ).toMatchObject({ kind: 'clean' });
  });

  it('is clean without a baseline', () => {
    expect(decide({ info: info(41233, 86_400) })).toMatchObject({ kind: 'clean' });
  });

  it.each([
    [
      'apply, same PID as before, started long ago',
      'apply',
      { currentPid: 41233, pids: [41233] },
      3_600,
      'not-reloaded',
    ],
    [
      'restart, PID only in the baseline list',
      'restart',
      { currentPid: null, pids: [41233] },
      3_600,
      'not-reloaded',
    ],
    [
      'remediation, PID only as the baseline current',
      'remediation',
      { currentPid: 41233, pids: null },
      3_600,
      'not-reloaded',
    ],
    [
      'apply, new PID started after the click',
      'apply',
      { currentPid: 41001, pids: [41001] },
      3,
      'clean',
    ],
    ['start from stopped, new PID', 'start', { currentPid: null, pids: [] }, 3, 'clean'],
    [
      'apply, same PID but started after the click',
      'apply',
      { currentPid: 41233, pids: [41233] },
      3,
      'pid-reused',
    ],
    [
      'apply, new PID but started long before the click',
      'apply',
      { currentPid: 41001, pids: [41001] },
      3_600,
      'baseline-contradicts',
    ],
    [
      'apply, no PIDs in the baseline, started after the click',
      'apply',
      { currentPid: null, pids: null },
      3,
      'clean',
    ],
    [
      'apply, no PIDs in the baseline, started long before',
      'apply',
      { currentPid: null, pids: null },
      3_600,
      'not-reloaded',
    ],
    [
      'apply, no PIDs, started within the slack before the click',
      'apply',
      { currentPid: null, pids: null },
      11,
      'clean',
    ],
    [
      'apply, no PIDs, started just past the slack',
      'apply',
      { currentPid: null, pids: null },
      13,
      'not-reloaded',
    ],
  ] as const)('%s → %s', (_name, trigger, pids, uptime, expected) => {
    const verdict = decide({ info: info(41233, uptime), baseline: baseline({ trigger, ...pids }) });
    if (expected === 'pid-reused' || expected === 'baseline-contradicts') {
      expect(verdict).toMatchObject({ kind: 'unverifiable', reason: expected });
    } else {
      expect(verdict.kind).toBe(expected);
    }
  });

  it('names the process that was not reloaded', () => {
    const verdict = decide({ info: info(41233, 3_600), baseline: baseline({ currentPid: 41233 }) });
    expect(verdict).toMatchObject({ kind: 'not-reloaded', current: { process: { pid: 41233 } } });
    expect(isFinal(verdict)).toBe(true);
  });
});

describe('needsStopSettings: the settings matter only for a second process', () => {
  it.each([
    ['one process', CLEAN_RELOAD, false],
    ['a predecessor draining', DRAINING, true],
    ['an orphan next to the current process', ORPHAN_NEXT_TO_CURRENT, true],
    ['no process', activity([]), false],
  ] as const)('%s', (_name, answer, needed) => {
    expect(needsStopSettings(readProcessList(answer))).toBe(needed);
  });

  it('confirms one process clean without them', () => {
    expect(decide({ settings: null, info: info(41233, 1) }).kind).toBe('clean');
  });

  it('waits the longest window for a predecessor when they were not read, never an early duplicate', () => {
    const verdict = decide({
      activity: DRAINING,
      info: info(41233, 12),
      settings: null,
      defaultDrainWindowMs: 120_000,
      later: 60_000,
    });
    expect(verdict).toMatchObject({ kind: 'draining', deadline: AT - 12_000 + 120_000 });
  });
});

describe('stopSettingsShownBy: hard mode from the newest process’s own -st', () => {
  const withCurrent = (command: string) =>
    readProcessList(
      activity([
        ...haproxyRows(39877, 100512, 4, haproxyCommand('-sf 38002')),
        ...haproxyRows(41233, 100640, 4, haproxyCommand(command)),
      ]),
    );
  it.each([
    ['-st: hard mode', withCurrent('-st 41001'), { mode: 'hard', hardStopAfterMs: null }],
    ['-sf: graceful, hard-stop-after unknown', withCurrent('-sf 41001'), null],
    ['a fresh start names no mode', withCurrent(''), null],
  ] as const)('%s', (_name, picture, shown) => {
    expect(stopSettingsShownBy(picture, 41233)).toEqual(shown);
  });

  it('says nothing of a process that is not the current one, nor of hidden lines', () => {
    expect(stopSettingsShownBy(withCurrent('-st 41001'), 39877)).toBeNull();
    const hidden = { ...withCurrent('-st 41001'), commandLinesHidden: true };
    expect(stopSettingsShownBy(hidden, 41233)).toBeNull();
  });
});

describe('decideVerdict with several processes', () => {
  it('reports an orphan at once, with every process and its role', () => {
    const verdict = decide({ activity: ORPHAN_NEXT_TO_CURRENT, info: info(41233, 1) });
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toEqual({
      39877: 'orphan:not-named',
      41233: 'current:owns-stats-socket',
    });
  });

  it('reports an orphan even on an incomplete list', () => {
    const verdict = decide({
      activity: activity([
        ...ORPHAN_NEXT_TO_CURRENT.details,
        row('', '100990', haproxyCommand('-x')),
      ]),
      info: info(41233, 1),
    });
    expect(verdict.kind).toBe('duplicate');
  });

  it('calls every process left running on a disabled service an orphan', () => {
    const verdict = decide({ activity: CLEAN_RELOAD, info: null, status: 'disabled' });
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toEqual({ 41233: 'orphan:service-disabled' });
  });

  describe('a predecessor draining', () => {
    const start = AT - 12_000;
    it.each([
      ['graceful, 60 s timeout', GRACEFUL, start + 65_000],
      ['seamless, 60 s timeout', SEAMLESS, start + 65_000],
      ['graceful, no timeout: the user default window', GRACEFUL_NO_TIMEOUT, start + 120_000],
      // The current process's argv says -sf: the settings changed since that reload.
      ['settings say hard but the reload was graceful', HARD, start + 65_000],
    ] as const)('%s', (_name, stop, deadline) => {
      const verdict = decide({
        activity: DRAINING,
        info: info(41233, 12),
        settings: stop,
        defaultDrainWindowMs: 120_000,
      });
      expect(verdict).toMatchObject({ kind: 'draining', deadline });
      expect(roles(verdict)).toEqual({
        41001: 'predecessor:named-by-current',
        41233: 'current:owns-stats-socket',
      });
      expect(isFinal(verdict)).toBe(false);
    });

    it('becomes a duplicate once seen alive past its deadline', () => {
      const verdict = decide({ activity: DRAINING, info: info(41233, 70), settings: GRACEFUL });
      expect(verdict.kind).toBe('duplicate');
      expect(roles(verdict)).toEqual({
        41001: 'predecessor:past-deadline',
        41233: 'current:owns-stats-socket',
      });
    });

    it('is judged at the time the list was read, not at the time of the verdict', () => {
      // Deadline at AT + 5 s; the list from AT proves nothing about later.
      const verdict = decide({ activity: DRAINING, info: info(41233, 60), later: 60_000 });
      expect(verdict.kind).toBe('draining');
    });

    it('is not past its deadline when the clock went back', () => {
      const verdict = decide({ activity: DRAINING, info: info(41233, 66), later: -2_000 });
      expect(verdict).toMatchObject({ kind: 'draining', deadline: AT - 1_000 });
    });

    it('after a hard reload (-st) may take only a few seconds', () => {
      const hardReload = activity([
        ...haproxyRows(41001, 100598, 4, haproxyCommand('-st 40777')),
        ...haproxyRows(41233, 100640, 4, haproxyCommand('-st 41001')),
      ]);
      expect(
        decide({ activity: hardReload, info: info(41233, 3), settings: GRACEFUL }),
      ).toMatchObject({
        kind: 'draining',
        deadline: AT - 3_000 + HARD_MODE_WINDOW_MS,
      });
      expect(decide({ activity: hardReload, info: info(41233, 6), settings: GRACEFUL }).kind).toBe(
        'duplicate',
      );
    });

    it('down a chain of reloads', () => {
      const chain = activity([
        ...haproxyRows(40777, 100500, 2, haproxyCommand('-sf 40500')),
        ...haproxyRows(41001, 100598, 2, haproxyCommand('-sf 40777')),
        ...haproxyRows(41233, 100640, 2, haproxyCommand('-sf 41001')),
      ]);
      const verdict = decide({ activity: chain, info: info(41233, 5) });
      expect(verdict).toMatchObject({ kind: 'draining', deadline: AT - 5_000 + 65_000 });
      expect(roles(verdict)).toEqual({
        40777: 'predecessor:named-by-predecessor',
        41001: 'predecessor:named-by-current',
        41233: 'current:owns-stats-socket',
      });
    });

    it('with several PIDs named at once', () => {
      const several = activity([
        ...haproxyRows(40777, 100500, 1, haproxyCommand()),
        ...haproxyRows(41001, 100598, 1, haproxyCommand()),
        ...haproxyRows(41233, 100640, 2, haproxyCommand('-sf 41001 40777')),
      ]);
      expect(roles(decide({ activity: several, info: info(41233, 5) }))).toEqual({
        40777: 'predecessor:named-by-current',
        41001: 'predecessor:named-by-current',
        41233: 'current:owns-stats-socket',
      });
    });
  });

  it('reports an orphan next to a draining predecessor', () => {
    const both = activity([
      ...DRAINING.details,
      ...haproxyRows(39877, 100400, 2, haproxyCommand()),
    ]);
    const verdict = decide({ activity: both, info: info(41233, 5) });
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toEqual({
      39877: 'orphan:not-named',
      41001: 'predecessor:named-by-current',
      41233: 'current:owns-stats-socket',
    });
  });

  it('gives a process told to stop by an orphan a deadline, and reports the orphan', () => {
    const scene = activity([
      ...haproxyRows(30000, 100300, 1, haproxyCommand()),
      ...haproxyRows(39877, 100400, 1, haproxyCommand('-sf 30000')),
      ...CLEAN_RELOAD.details.slice(-4),
    ]);
    const verdict = decide({ activity: scene, info: info(41233, 5) });
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toEqual({
      30000: 'predecessor:named-by-other',
      39877: 'orphan:not-named',
      41233: 'current:owns-stats-socket',
    });
  });

  describe('cut command lines', () => {
    it('treats any process as possibly named by a current line that lost its tail', () => {
      const cut = activity([
        ...haproxyRows(39877, 100400, 1, haproxyCommand()),
        ...haproxyRows(41233, 100640, 1, `${haproxyCommand()} -x /var/run/haproxy.socket -sf`),
      ]);
      const early = decide({ activity: cut, info: info(41233, 5) });
      expect(early.kind).toBe('draining');
      expect(roles(early)).toMatchObject({ 39877: 'predecessor:maybe-named-by-cut-line' });
      // Falls back to the settings' window, then stops waiting.
      expect(decide({ activity: cut, info: info(41233, 66) }).kind).toBe('duplicate');
    });

    it('treats a PID extending a possibly cut last PID as possibly named', () => {
      const cut = activity([
        ...haproxyRows(41001, 100598, 1, haproxyCommand()),
        ...haproxyRows(41233, 100640, 1, haproxyCommand('-sf 410')),
      ]);
      expect(roles(decide({ activity: cut, info: info(41233, 5) }))).toMatchObject({
        41001: 'predecessor:maybe-named-by-cut-line',
      });
    });

    it.each([
      ['a PID that does not extend the cut one', haproxyCommand('-sf 410'), 52001],
      ['a PID equal in length to the shown one', haproxyCommand('-sf 410'), 411],
      [
        'a last PID followed by a visible suffix',
        `${haproxyCommand('-sf 41001')}{haproxy}`,
        410012,
      ],
    ])('still reports an orphan for %s', (_name, currentCommand, orphanPid) => {
      const scene = activity([
        ...haproxyRows(orphanPid, 100400, 1, haproxyCommand()),
        row('41233', '100640', currentCommand),
      ]);
      const verdict = decide({ activity: scene, info: info(41233, 5) });
      expect(verdict.kind).toBe('duplicate');
      expect(roles(verdict)).toMatchObject({ [orphanPid]: 'orphan:not-named' });
    });
  });

  it.each([
    ['two plain starts', haproxyCommand()],
    ['two reloads that read the same pidfile', haproxyCommand('-sf 41001')],
  ])('reports a twin of the current process at once: %s', (_name, command) => {
    const twins = activity([
      ...haproxyRows(41232, 100630, 1, command),
      ...haproxyRows(41233, 100640, 4, command),
    ]);
    const verdict = decide({ activity: twins, info: info(41233, 0) });
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toMatchObject({ 41232: 'orphan:not-named' });
  });
});

describe('decideVerdict, properties', () => {
  const pidArb = fc.integer({ min: 1, max: 99_999 });
  const processArb = (pid: number, pids: readonly number[]): fc.Arbitrary<HaproxyProcess> =>
    fc.record({
      pid: fc.constant(pid),
      threads: fc.integer({ min: 1, max: 8 }),
      argv: fc.array(fc.constantFrom('/usr/local/sbin/haproxy', '-q', '-sf', '41001'), {
        minLength: 1,
        maxLength: 4,
      }),
      predecessorPids: fc.array(fc.oneof(fc.constantFrom(...pids), pidArb), { maxLength: 3 }),
      signalMode: fc.constantFrom('hard', 'graceful', null),
      handoverSocket: fc.constantFrom(null, '/var/run/haproxy.socket'),
      commandCut: fc.boolean(),
      lastPidMayBeCut: fc.boolean(),
    });
  const picturesArb = (minLength: number) =>
    fc.uniqueArray(pidArb, { minLength, maxLength: 6 }).chain((pids) =>
      fc.record({
        processes: fc.tuple(...pids.map((pid) => processArb(pid, pids))),
        unattributedRows: fc.nat({ max: 3 }),
        currentPid: fc.oneof(fc.constantFrom(...pids), pidArb),
      }),
    );
  const inputArb = (minProcesses: number) =>
    fc.record({
      picture: picturesArb(minProcesses),
      hasCurrent: fc.boolean(),
      uptime: fc.nat({ max: 1_000_000 }),
      stopping: fc.boolean(),
      status: fc.constantFrom<ServiceStatus>('running', 'stopped', 'disabled', 'unknown'),
      stop: fc.record({
        mode: fc.constantFrom('hard', 'graceful', 'seamless'),
        hardStopAfterMs: fc.option(fc.nat({ max: 600_000 })),
      }),
      baseline: fc.option(
        fc.record({
          trigger: fc.constantFrom('apply', 'restart', 'start', 'remediation', 'manual'),
          takenAt: fc.integer({ min: AT - 1_000_000, max: AT }),
          pids: fc.option(fc.array(pidArb, { maxLength: 4 })),
          currentPid: fc.option(pidArb),
        }),
      ),
      later: fc.integer({ min: -10_000, max: 1_000_000 }),
      defaultDrainWindowMs: fc.nat({ max: 1_000_000 }),
    });

  type Case = ReturnType<typeof inputArb> extends fc.Arbitrary<infer T> ? T : never;

  function run(input: Case): Verdict {
    const { picture } = input;
    return decideVerdict({
      baseline: input.baseline,
      observation: {
        at: AT,
        picture: { processes: picture.processes, unattributedRows: picture.unattributedRows },
        current: input.hasCurrent
          ? {
              pid: picture.currentPid,
              uptimeSeconds: input.uptime,
              stopping: input.stopping,
              version: null,
            }
          : null,
        status: input.status,
        stopSettings: input.stop,
      },
      now: AT + input.later,
      defaultDrainWindowMs: input.defaultDrainWindowMs,
    });
  }

  it('never calls two or more processes clean', () => {
    fc.assert(
      fc.property(inputArb(2), (input) => {
        expect(run(input).kind).not.toBe('clean');
      }),
    );
  });

  it('never calls an incomplete list clean', () => {
    fc.assert(
      fc.property(inputArb(1), (input) => {
        fc.pre(input.picture.unattributedRows > 0);
        expect(run(input).kind).not.toBe('clean');
      }),
    );
  });

  it('lists every process exactly once, with exactly one current, in draining and duplicate', () => {
    fc.assert(
      fc.property(inputArb(1), (input) => {
        const verdict = run(input);
        if (verdict.kind !== 'draining' && verdict.kind !== 'duplicate') return;
        const pids = verdict.processes.map((entry) => entry.process.pid).sort((a, b) => a - b);
        expect(pids).toEqual(input.picture.processes.map((p) => p.pid).sort((a, b) => a - b));
        const currents = verdict.processes.filter((entry) => entry.role === 'current').length;
        expect(currents).toBe(input.status === 'disabled' ? 0 : 1);
      }),
    );
  });

  it('gives every draining predecessor a deadline, the verdict the latest one', () => {
    fc.assert(
      fc.property(inputArb(2), (input) => {
        const verdict = run(input);
        if (verdict.kind !== 'draining') return;
        const deadlines = verdict.processes
          .filter((entry) => entry.role === 'predecessor')
          .map((entry) => entry.deadline);
        expect(deadlines.every((deadline) => deadline !== null)).toBe(true);
        expect(verdict.deadline).toBe(Math.max(...(deadlines as number[])));
      }),
    );
  });
});

describe('decideVerdict: a failed reload that took the stats socket with it', () => {
  const ONLY_OLD = activity(haproxyRows(41001, 100598, 2, haproxyCommand('-sf 40777')));
  it.each([
    ['the old PID was the baseline current', baseline(), 'not-reloaded'],
    ['the old PID was only in the baseline list', baseline({ currentPid: null }), 'not-reloaded'],
    ['no baseline: nothing to compare with', null, 'unverifiable'],
    ['a manual check has no "before"', baseline({ trigger: 'manual' }), 'unverifiable'],
    ['a different PID than before', baseline({ currentPid: 39000, pids: [39000] }), 'unverifiable'],
  ] as const)('%s → %s', (_name, base, kind) => {
    const verdict = decide({ activity: ONLY_OLD, info: null, baseline: base });
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'not-reloaded') expect(verdict.current.process.pid).toBe(41001);
  });

  it('never says not-reloaded (or clean) when a second process runs', () => {
    const verdict = decide({
      activity: ORPHAN_NEXT_TO_CURRENT,
      info: null,
      baseline: baseline({ pids: [39877] }),
    });
    expect(verdict.kind).toBe('unverifiable');
  });
});

describe('readProcessList: configtest processes are no instance', () => {
  it.each([
    [
      'haproxy -c (configtest during Apply)',
      '/usr/local/sbin/haproxy -c -f /usr/local/etc/haproxy.conf',
    ],
    ['haproxy -v', '/usr/local/sbin/haproxy -v'],
    ['haproxy -vv', '/usr/local/sbin/haproxy -vv'],
  ])('%s is not counted', (_name, command) => {
    const picture = readProcessList(
      activity([
        ...haproxyRows(41233, 100640, 2, haproxyCommand('-sf 41001')),
        row('52000', '100999', command),
      ]),
    );
    expect(picture.processes.map((process) => process.pid)).toEqual([41233]);
    expect(picture.unattributedRows).toBe(0);
  });
});
