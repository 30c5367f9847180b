import { describe, expect, it } from 'vitest';
import {
  afterProcessList,
  answerOf,
  beginRemediation,
  FOLLOW_AFTER_LOST_MS,
  followDeadline,
  noteObservation,
  RESUME_WINDOW_MS,
  resumeDecision,
  settleRemediation,
  SETTLE_AFTER_ANSWER_MS,
} from '../../../../src/background/remediation/remediation.ts';
import {
  driveRemediation,
  EXIT_POLL_MS,
  type RemediationDeps,
} from '../../../../src/background/remediation/remediation-drive.ts';
import type {
  ClassifiedProcess,
  HaproxyProcess,
  ProcessPicture,
  StopSettings,
  Verdict,
} from '../../../../src/core/model.ts';
import { STOP_MARGIN_MS } from '../../../../src/core/stop-duration.ts';
import type { ServiceActionOptions } from '../../../../src/opnsense/client.ts';
import type { ServiceAction } from '../../../../src/opnsense/endpoints.ts';
import { OpnsenseError, type OpnsenseErrorKind } from '../../../../src/opnsense/errors.ts';
import type { RemediationState } from '../../../../src/shared/check-state.ts';
import { ManualClock } from '../manual-clock.ts';

const HARD: StopSettings = { mode: 'hard', hardStopAfterMs: null };
const GRACEFUL_60: StopSettings = { mode: 'graceful', hardStopAfterMs: 60_000 };
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

function process(pid: number): HaproxyProcess {
  return {
    pid,
    threads: 1,
    argv: ['/usr/local/sbin/haproxy', '-q', '-f', '/usr/local/etc/haproxy.conf'],
    predecessorPids: [],
    signalMode: null,
    handoverSocket: null,
    commandCut: false,
    lastPidMayBeCut: false,
  };
}

const current = (pid: number): ClassifiedProcess => ({
  process: process(pid),
  role: 'current',
  deadline: null,
  reason: 'current',
});

function state(patch: Partial<RemediationState> = {}): RemediationState {
  return { ...beginRemediation('restart', T0, HARD), ...patch };
}

const error = (kind: OpnsenseErrorKind, endpoint = '/api/haproxy/service/stop') =>
  new OpnsenseError({ kind, endpoint, status: kind === 'session-expired' ? 401 : null });

describe('answerOf', () => {
  it.each([
    ['OK', 'ok'],
    ['OK\n\n', 'ok'],
    ['  OK ', 'ok'],
    ['Error (1)', 'error'],
    ['Error (1)\n\n', 'error'],
    ['', 'error'],
    ['OKAY', 'error'],
    ['<b>OK</b>', 'error'],
    ['not OK', 'error'],
  ])('configd output %j is %s', (response, expected) => {
    expect(answerOf(response)).toBe(expected);
  });
});

describe('followDeadline', () => {
  it.each([
    ['answered OK', 'ok', HARD, 0, SETTLE_AFTER_ANSWER_MS],
    ['answered Error', 'error', GRACEFUL_60, 0, SETTLE_AFTER_ANSWER_MS],
    // Lost right away: the drain may go on up to hard-stop-after + margin after the request.
    ['lost at once, graceful 60 s', 'lost', GRACEFUL_60, 1_000, 60_000 + STOP_MARGIN_MS - 1_000],
    // Lost late: at least a few more looks.
    ['lost after the bound', 'lost', HARD, 40_000, FOLLOW_AFTER_LOST_MS],
  ] as const)('%s', (_name, answer, settings, endedAfterMs, expectedFromEnd) => {
    const sent = { ...beginRemediation('restart', T0, settings), stopSentAt: T0 };
    const endedAt = T0 + endedAfterMs;
    expect(followDeadline(sent, endedAt, answer) - endedAt).toBe(expectedFromEnd);
  });
});

describe('afterProcessList', () => {
  const following = state({ pidsBefore: [40_001, 41_233], giveUpAt: T0 + 10_000 });
  it.each([
    ['none left', [], T0, 'start'],
    ['old ones still ending', [41_233], T0 + 1_000, 'wait'],
    ['old ones past the deadline', [40_001], T0 + 10_000, 'survivors'],
    ['a new PID: started by someone else', [41_233, 42_000], T0 + 1_000, 'started-elsewhere'],
    ['only a new PID, even past the deadline', [42_000], T0 + 60_000, 'started-elsewhere'],
  ] as const)('%s', (_name, pids, now, expected) => {
    expect(afterProcessList(following, now, pids)).toBe(expected);
  });
});

describe('resumeDecision (what a new run does with a journal)', () => {
  const sent = { stopSentAt: T0, pidsBefore: [40_001] };
  it.each([
    ['nothing sent yet', state(), 0, 'check'],
    ['stop sent, cut off at once', state({ ...sent, step: 'stopping' }), 1_000, 'follow'],
    ['following', state({ ...sent, step: 'following', stopAnswer: 'lost' }), 60_000, 'follow'],
    ['start due but not sent', state({ ...sent, step: 'starting' }), 30_000, 'follow'],
    ['cut off by an error: ask', state({ ...sent, step: 'cut-off' }), 1_000, 'ask'],
    ['just inside the window', state({ ...sent, step: 'following' }), RESUME_WINDOW_MS, 'follow'],
    ['past the window: ask', state({ ...sent, step: 'following' }), RESUME_WINDOW_MS + 1, 'ask'],
    ['start sent: never again', state({ ...sent, step: 'starting', startSentAt: T0 }), 1, 'check'],
    ['start sent, long ago', state({ ...sent, step: 'checking', startSentAt: T0 }), 9e6, 'check'],
    ['checking', state({ ...sent, step: 'checking', startSentAt: T0 }), 0, 'check'],
    [
      'a Start click cut off before its request',
      { ...beginRemediation('start', T0, null), pidsBefore: [] },
      0,
      'check',
    ],
  ] as const)('%s → %s', (_name, journaled, aliveAgoMs, expected) => {
    const aliveAt = T0 + 5_000;
    expect(resumeDecision(journaled, aliveAt, aliveAt + aliveAgoMs)).toBe(expected);
  });
});

describe('noteObservation and settleRemediation', () => {
  const started = state({
    step: 'checking',
    pidsBefore: [40_001, 41_233],
    stopSentAt: T0,
    startSentAt: T0 + 500,
  });
  const clean: Verdict = { kind: 'clean', current: current(42_000) };

  it('counts the outage from the stop request to the first observation of the new process', () => {
    const noted = noteObservation(started, clean, T0 + 2_400);
    expect(noted).toMatchObject({ newPid: 42_000, outageMs: 2_400 });
    // Only the first observation counts.
    expect(noteObservation(noted, clean, T0 + 9_000).outageMs).toBe(2_400);
  });

  it('does not count a process from before the click as the new one', () => {
    const old: Verdict = { kind: 'clean', current: current(41_233) };
    expect(noteObservation(started, old, T0 + 1_000).newPid).toBeNull();
  });

  it.each<[string, Verdict | null, RemediationState['step'] | null]>([
    ['clean', clean, 'done'],
    ['stopped', { kind: 'stopped' }, 'stopped'],
    ['duplicate', { kind: 'duplicate', processes: [current(42_000)] }, 'failed'],
    ['no verdict (an error)', null, 'failed'],
  ])('a %s check ends the remediation as %s', (_name, verdict, step) => {
    expect(settleRemediation(started, verdict, T0 + 3_000)?.step).toBe(step);
  });

  it('claims nothing for a run left to the admin that found HAProxy running again', () => {
    const asked = { ...started, interruption: 'left-to-admin' as const };
    expect(settleRemediation(asked, clean, T0 + 1)).toBeNull();
    expect(settleRemediation(asked, { kind: 'stopped' }, T0 + 1)?.step).toBe('stopped');
  });

  it('leaves a final step alone', () => {
    const failed = state({ step: 'failed', remainingPids: [1] });
    expect(settleRemediation(failed, clean, T0)).toBe(failed);
  });
});

/** A scripted firewall: each call answers from a queue, and every call is recorded. */
function scripted(
  script: {
    lists?: (readonly number[] | OpnsenseError)[];
    stop?: string | OpnsenseError | Error;
    start?: string | OpnsenseError | Error;
    stopLatencyMs?: number;
  },
  clock: ManualClock,
) {
  const calls: { what: string; at: number; options?: ServiceActionOptions }[] = [];
  const lists = [...(script.lists ?? [])];
  let lastList: readonly number[] = [];
  const answer = (value: string | Error | undefined) =>
    value instanceof Error ? Promise.reject(value) : Promise.resolve(value ?? 'OK\n\n');
  const client: RemediationDeps['client'] = {
    processes: () => {
      calls.push({ what: 'list', at: clock.now() });
      const next = lists.length > 1 ? lists.shift() : lists[0];
      if (next instanceof Error) return Promise.reject(next);
      lastList = next ?? lastList;
      const picture: ProcessPicture = {
        processes: lastList.map(process),
        unattributedRows: 0,
      };
      return Promise.resolve(picture);
    },
    serviceAction: (action: ServiceAction, options?: ServiceActionOptions) => {
      calls.push({ what: action, at: clock.now(), ...(options ? { options } : {}) });
      const value = action === 'stop' ? script.stop : script.start;
      if (action !== 'stop' || !script.stopLatencyMs) return answer(value);
      return new Promise<string>((resolve, reject) => {
        clock.setTimer(() => {
          answer(value).then(resolve, reject);
        }, script.stopLatencyMs ?? 0);
      });
    },
  };
  return { client, calls };
}

function drive(
  initial: RemediationState,
  script: Parameters<typeof scripted>[0],
  stopSettings: StopSettings | null = HARD,
) {
  const clock = new ManualClock();
  const { client, calls } = scripted(script, clock);
  const saved: RemediationState[] = [];
  const deps: RemediationDeps = {
    client,
    stopSettings,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    save: (next) => {
      saved.push(next);
      return Promise.resolve();
    },
  };
  let settled: Awaited<ReturnType<typeof driveRemediation>> | null = null;
  const run = driveRemediation({ ...initial, startedAt: clock.now() }, deps).then((end) => {
    settled = end;
    return end;
  });
  return {
    clock,
    calls,
    saved,
    async end() {
      await clock.runUntil(() => settled !== null);
      return run;
    },
    actions: () => calls.filter((call) => call.what !== 'list').map((call) => call.what),
  };
}

const ORPHAN_AND_CURRENT = [40_001, 41_233];

describe('driveRemediation: Restart HAProxy', () => {
  it('reads the PIDs, stops, starts once none is left, and hands over to the check', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), { lists: [ORPHAN_AND_CURRENT, []] });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(end.state).toMatchObject({ step: 'checking', startAnswer: 'ok', stopAnswer: 'ok' });
    expect(end.state.pidsBefore).toEqual(ORPHAN_AND_CURRENT);
    expect(run.calls.map((call) => call.what)).toEqual(['list', 'stop', 'list', 'start']);
    expect(run.clock.pendingTimers).toBe(0);
  });

  it('journals each request before it goes out', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), { lists: [ORPHAN_AND_CURRENT, []] });
    await run.end();
    const stop = run.calls.find((call) => call.what === 'stop');
    const start = run.calls.find((call) => call.what === 'start');
    const stopJournaled = run.saved.find((s) => s.stopSentAt !== null);
    const startJournaled = run.saved.find((s) => s.startSentAt !== null);
    expect(stopJournaled?.stopSentAt).toBeLessThanOrEqual(stop?.at ?? -1);
    expect(startJournaled?.startSentAt).toBeLessThanOrEqual(start?.at ?? -1);
    expect(run.saved.indexOf(stopJournaled ?? state())).toBeLessThan(
      run.saved.indexOf(startJournaled ?? state()),
    );
  });

  it.each([
    ['hard mode', HARD, 15_000],
    ['graceful, hard-stop-after 60 s', GRACEFUL_60, 60_000 + STOP_MARGIN_MS],
    ['graceful, no hard-stop-after', { mode: 'graceful', hardStopAfterMs: null }, 130_000],
    ['settings unknown', null, 130_000],
  ] as const)(
    'gives the stop request as long as the stop settings allow (%s)',
    async (_name, settings, limit) => {
      const run = drive(
        beginRemediation('restart', 0, settings),
        { lists: [ORPHAN_AND_CURRENT, []] },
        settings,
      );
      await run.end();
      expect(run.calls.find((call) => call.what === 'stop')?.options?.timeoutMs).toBe(limit);
    },
  );

  it('waits out a slow graceful stop and saves a sign of life while it waits', async () => {
    const run = drive(
      beginRemediation('restart', 0, GRACEFUL_60),
      { lists: [ORPHAN_AND_CURRENT, []], stopLatencyMs: 45_000 },
      GRACEFUL_60,
    );
    const end = await run.end();
    expect(end.kind).toBe('check');
    const stop = run.calls.find((call) => call.what === 'stop');
    const start = run.calls.find((call) => call.what === 'start');
    expect((start?.at ?? 0) - (stop?.at ?? 0)).toBeGreaterThanOrEqual(45_000);
    const beats = run.saved.filter((s) => s.step === 'stopping' && s.stopSentAt !== null);
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(run.clock.pendingTimers).toBe(0);
  });

  it.each([
    ['times out', error('timeout')],
    ['loses its connection', error('network')],
    ['gets a server error', error('server')],
    ['gets garbled JSON', error('malformed')],
  ])('follows the process list when the stop request %s, then starts', async (_name, failure) => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, [41_233], [41_233], []],
      stop: failure,
    });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(end.state.stopAnswer).toBe('lost');
    expect(run.actions()).toEqual(['stop', 'start']);
  });

  it('reports survivors after a stop without an answer once its bound has passed', async () => {
    const run = drive(beginRemediation('restart', 0, GRACEFUL_60), {
      lists: [ORPHAN_AND_CURRENT],
      stop: error('timeout'),
    });
    const end = await run.end();
    expect(end.kind).toBe('failed');
    expect(end.state.remainingPids).toEqual(ORPHAN_AND_CURRENT);
    expect(run.actions()).toEqual(['stop']);
    const lastLook = run.calls.at(-1)?.at ?? 0;
    expect(lastLook - (end.state.stopSentAt ?? 0)).toBeGreaterThanOrEqual(60_000 + STOP_MARGIN_MS);
  });

  it('a stop answered "Error (1)" that leaves HAProxy running fails without a start', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT],
      stop: 'Error (1)\n\n',
    });
    const end = await run.end();
    expect(end.kind).toBe('failed');
    expect(end.state).toMatchObject({ stopAnswer: 'error', remainingPids: ORPHAN_AND_CURRENT });
    expect(run.actions()).toEqual(['stop']);
    // Settled within a few looks of the answer, not after the whole stop bound.
    expect(run.clock.now() - (end.state.stopEndedAt ?? 0)).toBeLessThanOrEqual(
      SETTLE_AFTER_ANSWER_MS + EXIT_POLL_MS,
    );
  });

  it.each(['session-expired', 'csrf-rejected', 'forbidden', 'api-key-rejected'] as const)(
    'a stop refused with %s stopped nothing: it fails at once, no start',
    async (kind) => {
      const run = drive(beginRemediation('restart', 0, HARD), {
        lists: [ORPHAN_AND_CURRENT],
        stop: error(kind),
      });
      const end = await run.end();
      expect(end.kind).toBe('failed');
      expect(end.state.error?.kind).toBe(kind);
      expect(run.actions()).toEqual(['stop']);
    },
  );

  it('does not stop at all when the process list cannot be read first', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [error('forbidden', '/api/diagnostics/activity/get_activity')],
    });
    const end = await run.end();
    expect(end.kind).toBe('failed');
    expect(end.state).toMatchObject({ stopSentAt: null, error: { kind: 'forbidden' } });
    expect(run.actions()).toEqual([]);
  });

  it('the session expiring between stop and start cuts the run off, start unsent', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [
        ORPHAN_AND_CURRENT,
        error('session-expired', '/api/diagnostics/activity/get_activity'),
      ],
    });
    const end = await run.end();
    expect(end.kind).toBe('cut-off');
    expect(end.state).toMatchObject({ startSentAt: null, error: { kind: 'session-expired' } });
    expect(run.actions()).toEqual(['stop']);
    // The journal's last word is a state a later run can finish.
    expect(resumeDecision(run.saved.at(-1) ?? state(), run.clock.now(), run.clock.now())).toBe(
      'follow',
    );
  });

  it('a start refused by an expired session is journaled as not sent', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, []],
      start: error('session-expired', '/api/haproxy/service/start'),
    });
    const end = await run.end();
    expect(end.kind).toBe('cut-off');
    expect(run.saved.at(-1)).toMatchObject({ step: 'following', startSentAt: null });
  });

  it('a start answered "Error (1)" is handed to the check, which will find HAProxy stopped', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, []],
      start: 'Error (1)\n\n',
    });
    const end = await run.end();
    expect(end).toMatchObject({ kind: 'check', state: { startAnswer: 'error' } });
    expect(run.actions()).toEqual(['stop', 'start']);
  });

  it('a start whose connection is lost is handed to the check, never sent twice', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, []],
      start: error('network', '/api/haproxy/service/start'),
    });
    const end = await run.end();
    expect(end).toMatchObject({ kind: 'check', state: { startAnswer: 'lost' } });
    expect(run.actions()).toEqual(['stop', 'start']);
  });

  it('keeps following through passing list errors, then starts', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, error('server', '/x'), error('timeout', '/x'), []],
    });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(run.actions()).toEqual(['stop', 'start']);
  });

  it('does not start when someone else already did during the stop', async () => {
    const run = drive(beginRemediation('restart', 0, HARD), {
      lists: [ORPHAN_AND_CURRENT, [42_000]],
      stop: error('timeout'),
    });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(run.actions()).toEqual(['stop']);
  });
});

describe('driveRemediation: resumed from a journal', () => {
  const journaled = (patch: Partial<RemediationState>) =>
    state({ pidsBefore: ORPHAN_AND_CURRENT, stopSentAt: T0, ...patch });

  it.each<[string, Partial<RemediationState>]>([
    ['stopping (request died with the worker)', { step: 'stopping' }],
    ['following', { step: 'following', stopAnswer: 'lost', giveUpAt: T0 + 20_000 }],
    ['start due, not sent', { step: 'starting', stopAnswer: 'ok' }],
    ['cut off by an error', { step: 'cut-off', error: null }],
  ])('from %s: never a second stop, start once none is left', async (_name, patch) => {
    const run = drive(journaled(patch), { lists: [[41_233], []] });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(run.actions()).toEqual(['start']);
    expect(run.calls[0]?.what).toBe('list');
  });

  it('from "start sent": never a second start', async () => {
    const run = drive(journaled({ step: 'starting', startSentAt: T0 + 1_000 }), { lists: [[]] });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(run.calls).toEqual([]);
  });

  it('saves nothing before the firewall answers, so a dead session does not look alive', async () => {
    const run = drive(journaled({ step: 'following' }), {
      lists: [error('session-expired', '/api/diagnostics/activity/get_activity')],
    });
    const end = await run.end();
    expect(end.kind).toBe('cut-off');
    expect(run.saved).toEqual([]);
  });
});

describe('driveRemediation: Start HAProxy', () => {
  it('starts when no haproxy runs', async () => {
    const run = drive(beginRemediation('start', 0, null), { lists: [[]] });
    const end = await run.end();
    expect(end).toMatchObject({ kind: 'check', state: { startAnswer: 'ok' } });
    expect(run.actions()).toEqual(['start']);
  });

  it('does not start a HAProxy that already runs again', async () => {
    const run = drive(beginRemediation('start', 0, null), { lists: [[42_000]] });
    const end = await run.end();
    expect(end.kind).toBe('check');
    expect(run.actions()).toEqual([]);
  });

  it('a refused start fails with the reason', async () => {
    const run = drive(beginRemediation('start', 0, null), {
      lists: [[]],
      start: error('csrf-rejected', '/api/haproxy/service/start'),
    });
    const end = await run.end();
    expect(end).toMatchObject({ kind: 'failed', state: { error: { kind: 'csrf-rejected' } } });
  });
});
