/**
 * Runs the remediation's steps (remediation.ts) against the firewall's API until start was sent
 * or the run ends otherwise. Clock, timers, client and the journal's save are passed in, so every
 * step, fault and resume runs in unit tests.
 */
import { stopDuration } from '../../core/stop-duration.ts';
import type { StopSettings } from '../../core/model.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import { isRefusal } from '../../opnsense/errors.ts';
import type { ActionAnswer, RemediationState } from '../../shared/check-state.ts';
import type { TimerHandle, Timers } from '../../shared/timers.ts';
import { toCheckError } from '../checks/check-error.ts';
import { afterProcessList, answerOf, followDeadline, stopEnded } from './remediation.ts';

/** Between two looks at the process list while stop ends the processes. */
export const EXIT_POLL_MS = 500;
/** While a long stop request is pending, the journal notes every so often that the run is alive. */
export const HEARTBEAT_MS = 10_000;

export type RemediationEnd =
  /** Start was sent, or HAProxy was started by someone else: verify with a check. */
  | { readonly kind: 'check'; readonly state: RemediationState }
  /** Over with HAProxy in a known state: nothing stopped, or old processes survived stop. */
  | { readonly kind: 'failed'; readonly state: RemediationState }
  /** An error after stop: HAProxy may be stopped; the journal stays for the next run. */
  | { readonly kind: 'cut-off'; readonly state: RemediationState };

export interface RemediationDeps extends Timers {
  readonly client: Pick<OpnsenseClient, 'processes' | 'serviceAction'>;
  readonly stopSettings: StopSettings | null;
  now(): number;
  /** Persists the journal and shows the state; awaited before each request that acts. */
  save(state: RemediationState): Promise<void>;
}

/**
 * Runs the remediation from `initial` until start was sent or it ends otherwise. A state from a
 * journal may say a request was sent: that request died with the run that sent it.
 */
export async function driveRemediation(
  initial: RemediationState,
  deps: RemediationDeps,
): Promise<RemediationEnd> {
  let state = initial;
  const save = async (next: RemediationState) => {
    state = next;
    await deps.save(state);
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      deps.setTimer(resolve, ms);
    });
  const failed = async (patch: Partial<RemediationState>): Promise<RemediationEnd> => {
    await save({ ...state, ...patch, step: 'failed' });
    return { kind: 'failed', state };
  };
  const cutOff = (error: unknown): RemediationEnd => ({
    kind: 'cut-off',
    state: { ...state, error: toCheckError(error) },
  });

  // Before anything acts: the PIDs now, which also proves the list can be read to follow the stop.
  const fresh = (state.kind === 'restart' ? state.stopSentAt : state.startSentAt) === null;
  if (fresh) {
    let pids: number[];
    try {
      pids = (await deps.client.processes()).processes.map((process) => process.pid);
    } catch (error) {
      return failed({ error: toCheckError(error) });
    }
    if (state.kind === 'start' && pids.length > 0) {
      // Already running again (the admin, a cron job, another tab): starting twice would not help.
      await save({ ...state, pidsBefore: pids, step: 'checking' });
      return { kind: 'check', state };
    }
    state = { ...state, pidsBefore: pids };
  }

  if (state.step === 'stopping' && state.stopSentAt === null) {
    await save({ ...state, stopSentAt: deps.now() });
    let answer: ActionAnswer;
    try {
      answer = await withHeartbeat(
        deps.client.serviceAction('stop', {
          timeoutMs: stopDuration(deps.stopSettings).requestLimitMs,
        }),
        deps,
        () => deps.save(state),
      ).then(answerOf);
    } catch (error) {
      // Refused before configd ran it: nothing was stopped, HAProxy runs as before.
      if (isRefusal(error)) return failed({ error: toCheckError(error) });
      // A timeout or a lost connection proves nothing: the stop may be draining or done.
      answer = 'lost';
    }
    await save(stopEnded(state, deps.now(), answer));
  } else if (state.stopSentAt !== null && state.startSentAt === null && state.step !== 'checking') {
    // From a journal (see resumeDecision): a stop request it says was sent died with the run
    // that sent it. Not saved until the firewall answers, so the journal's sign of life stays
    // that of the last real progress.
    const now = deps.now();
    state = {
      ...state,
      step: 'following',
      error: null,
      stopAnswer: state.stopAnswer ?? 'lost',
      giveUpAt: Math.max(state.giveUpAt ?? 0, followDeadline(state, now, 'lost')),
    };
  }

  while (state.step === 'following') {
    let pids: number[];
    try {
      pids = (await deps.client.processes()).processes.map((process) => process.pid);
    } catch (error) {
      if (isRefusal(error) || deps.now() >= (state.giveUpAt ?? 0)) return cutOff(error);
      await sleep(EXIT_POLL_MS);
      continue;
    }
    const next = afterProcessList(state, deps.now(), pids);
    if (next === 'started-elsewhere') {
      await save({ ...state, step: 'checking', remainingPids: [] });
      return { kind: 'check', state };
    }
    if (next === 'survivors') return failed({ remainingPids: pids });
    if (next === 'wait') {
      // Also the journal's sign of life while the run follows a long stop.
      await save({ ...state, remainingPids: pids });
      await sleep(EXIT_POLL_MS);
      continue;
    }
    await save({ ...state, step: 'starting', remainingPids: [] });
  }

  if (state.step === 'starting') {
    if (state.startSentAt !== null) {
      // Sent by a run that was cut off: never a second start. The check says what came of it.
      await save({ ...state, step: 'checking' });
      return { kind: 'check', state };
    }
    await save({ ...state, startSentAt: deps.now() });
    let startAnswer: ActionAnswer;
    try {
      startAnswer = answerOf(await deps.client.serviceAction('start'));
    } catch (error) {
      if (isRefusal(error)) {
        // Refused, so not carried out: the next run may still send it (once).
        if (state.kind === 'start') {
          return failed({ startSentAt: null, error: toCheckError(error) });
        }
        await save({ ...state, step: 'following', startSentAt: null });
        return cutOff(error);
      }
      startAnswer = 'lost';
    }
    await save({ ...state, step: 'checking', startAnswer });
    return { kind: 'check', state };
  }
  return { kind: 'check', state };
}

/** Saves the state every HEARTBEAT_MS while `pending` runs, so the journal shows the run is alive. */
async function withHeartbeat<T>(
  pending: Promise<T>,
  deps: Timers,
  beat: () => Promise<void>,
): Promise<T> {
  let settled = false;
  const schedule = (): TimerHandle =>
    deps.setTimer(() => {
      if (settled) return;
      void beat().finally(() => {
        if (!settled) handle = schedule();
      });
    }, HEARTBEAT_MS);
  let handle = schedule();
  try {
    return await pending;
  } finally {
    settled = true;
    deps.clearTimer(handle);
  }
}
