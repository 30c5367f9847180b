/**
 * The one-click remediation as a step machine: "Restart HAProxy" is stop (which alone ends every
 * haproxy process on OPNsense), wait until none is left, start; "Start HAProxy" is start alone.
 * The pure functions below decide each next step from the state and what the firewall said;
 * `driveRemediation` runs them against the API. Clock, timers, client and the journal are
 * passed in, so every step, fault and resume runs in unit tests.
 *
 * The state is saved (journal in `storage.local`, see remediation-journal.ts) before each request
 * that changes the firewall goes out, so a run cut off anywhere — service worker stopped, browser
 * closed, session expired — is finished by the next one: never a second stop, never a second
 * start, and only shortly after the click (facts §2: a stop that never gets its start leaves
 * every site behind HAProxy down).
 */
import type { StopSettings, Verdict } from '../../core/model.ts';
import { stopDuration, STOP_MARGIN_MS } from '../../core/stop-duration.ts';
import { currentPidOf, pidsOf } from '../../core/verdict-pids.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import { OpnsenseError, type OpnsenseErrorKind } from '../../opnsense/errors.ts';
import type {
  ActionAnswer,
  CheckError,
  RemediationKind,
  RemediationState,
} from '../../shared/check-state.ts';

/** Between two looks at the process list while stop ends the processes. */
export const EXIT_POLL_MS = 500;
/** After stop answered, the processes it ended may linger a moment in `top`'s list. */
export const SETTLE_AFTER_ANSWER_MS = 5_000;
/** After a stop without an answer, the list is followed at least this long. */
export const FOLLOW_AFTER_LOST_MS = 15_000;
/**
 * A run cut off after stop is finished only this soon after the extension last ran it; later,
 * the admin may have stopped HAProxy on purpose meanwhile, so the extension asks instead.
 */
export const RESUME_WINDOW_MS = 3 * 60_000;
/** While a long stop request is pending, the journal notes every so often that the run is alive. */
export const HEARTBEAT_MS = 10_000;

/** Refusals that prove the request was not carried out (OPNsense refuses before the action). */
const REFUSED: ReadonlySet<OpnsenseErrorKind> = new Set([
  'session-expired',
  'forbidden',
  'csrf-rejected',
  'api-key-rejected',
  'not-installed',
]);

export function toCheckError(error: unknown, endpoint = ''): CheckError {
  if (error instanceof OpnsenseError) {
    return {
      kind: error.kind,
      privilege: error.privilege,
      status: error.status,
      endpoint: error.endpoint,
    };
  }
  return { kind: 'network', privilege: null, status: null, endpoint };
}

function isRefusal(error: unknown): boolean {
  return error instanceof OpnsenseError && REFUSED.has(error.kind);
}

/** configd answers `OK` or `Error (<exit code>)` (facts §4); the plugin may append newlines. */
export function answerOf(response: string): ActionAnswer {
  return /^OK\b/.test(response.trim()) ? 'ok' : 'error';
}

/** The state right after the click, before anything was read or sent. */
export function beginRemediation(
  kind: RemediationKind,
  now: number,
  stopSettings: StopSettings | null,
): RemediationState {
  return {
    kind,
    step: kind === 'restart' ? 'stopping' : 'starting',
    startedAt: now,
    pidsBefore: [],
    stopExpectedMs: kind === 'restart' ? stopDuration(stopSettings).expectedMs : null,
    stopSentAt: null,
    stopEndedAt: null,
    stopAnswer: null,
    giveUpAt: null,
    startSentAt: null,
    startAnswer: null,
    newPid: null,
    outageMs: null,
    interruption: null,
    remainingPids: [],
    error: null,
  };
}

/** Until when the process list is followed after the stop request ended. */
export function followDeadline(state: RemediationState, now: number, answer: ActionAnswer): number {
  if (answer !== 'lost') return now + SETTLE_AFTER_ANSWER_MS;
  // No answer: the stop may still be draining on the firewall, up to its bound.
  const sentAt = state.stopSentAt ?? now;
  const expected = state.stopExpectedMs ?? 0;
  return Math.max(sentAt + expected + STOP_MARGIN_MS, now + FOLLOW_AFTER_LOST_MS);
}

export function stopEnded(
  state: RemediationState,
  now: number,
  answer: ActionAnswer,
): RemediationState {
  return {
    ...state,
    step: 'following',
    stopEndedAt: now,
    stopAnswer: answer,
    giveUpAt: followDeadline(state, now, answer),
  };
}

export type AfterList =
  /** No haproxy left: send start. */
  | 'start'
  /** A process that was not there before the click: someone (or something) started HAProxy. */
  | 'started-elsewhere'
  /** Old processes are still ending: look again. */
  | 'wait'
  /** Old processes outlived the deadline: the stop did not clear them. */
  | 'survivors';

export function afterProcessList(
  state: RemediationState,
  now: number,
  pids: readonly number[],
): AfterList {
  if (pids.length === 0) return 'start';
  if (pids.some((pid) => !state.pidsBefore.includes(pid))) return 'started-elsewhere';
  return now < (state.giveUpAt ?? now) ? 'wait' : 'survivors';
}

export type ResumeDecision =
  /** Cut off after stop, recently: follow the list, then start (never a second stop). */
  | 'follow'
  /** Start was sent (or nothing was): only look, never start again. */
  | 'check'
  /** Cut off after stop too long ago: look, and leave the start to the admin. */
  | 'ask';

/** What a new run does with a journal it finds. `aliveAt`: when the run last made progress. */
export function resumeDecision(
  state: RemediationState,
  aliveAt: number,
  now: number,
): ResumeDecision {
  // Start went out (or may have): never a second one.
  if (state.startSentAt !== null) return 'check';
  // Nothing acted yet, or a Start click cut off before its request: look, the view offers Start.
  if (state.kind === 'start' || state.stopSentAt === null) return 'check';
  const beforeStart =
    state.step === 'stopping' ||
    state.step === 'following' ||
    state.step === 'starting' ||
    state.step === 'cut-off';
  if (!beforeStart) return 'check';
  return now - aliveAt <= RESUME_WINDOW_MS ? 'follow' : 'ask';
}

export type RemediationEnd =
  /** Start was sent, or HAProxy was started by someone else: verify with a check. */
  | { readonly kind: 'check'; readonly state: RemediationState }
  /** Over with HAProxy in a known state: nothing stopped, or old processes survived stop. */
  | { readonly kind: 'failed'; readonly state: RemediationState }
  /** An error after stop: HAProxy may be stopped; the journal stays for the next run. */
  | { readonly kind: 'cut-off'; readonly state: RemediationState };

export interface RemediationDeps {
  readonly client: Pick<OpnsenseClient, 'processes' | 'serviceAction'>;
  readonly stopSettings: StopSettings | null;
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
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
  deps: Pick<RemediationDeps, 'setTimer' | 'clearTimer'>,
  beat: () => Promise<void>,
): Promise<T> {
  let handle: unknown;
  let settled = false;
  const schedule = () => {
    handle = deps.setTimer(() => {
      if (settled) return;
      void beat().finally(() => {
        if (!settled) schedule();
      });
    }, HEARTBEAT_MS);
  };
  schedule();
  try {
    return await pending;
  } finally {
    settled = true;
    deps.clearTimer(handle);
  }
}

/**
 * Notes the first observation of a process that was not there before the click: the end of the
 * unavailability the panel reports (counted from the stop request, a little more than the
 * frontend saw: the new process listened before it was observed).
 */
export function noteObservation(
  state: RemediationState,
  verdict: Verdict,
  at: number,
): RemediationState {
  if (state.newPid !== null) return state;
  const current = currentPidOf(verdict);
  if (current === null || state.pidsBefore.includes(current)) return state;
  return {
    ...state,
    newPid: current,
    outageMs: state.stopSentAt === null ? null : Math.max(0, at - state.stopSentAt),
  };
}

/**
 * The remediation's last step once its check is final: `done` only for a verified clean,
 * `stopped` when no haproxy runs (the admin's Start click), `failed` otherwise. A run left to
 * the admin that found HAProxy running again claims nothing: null, the verdict speaks alone.
 */
export function settleRemediation(
  state: RemediationState,
  verdict: Verdict | null,
  verdictAt: number | null,
): RemediationState | null {
  if (state.step !== 'checking') return state;
  const noted = verdict && verdictAt !== null ? noteObservation(state, verdict, verdictAt) : state;
  if (verdict?.kind === 'stopped') return { ...noted, step: 'stopped', remainingPids: [] };
  if (state.interruption === 'left-to-admin') return null;
  // Alone on the previous configuration is still a restart that cleared every orphan.
  if (verdict?.kind === 'clean' || verdict?.kind === 'not-live') {
    return { ...noted, step: 'done', remainingPids: [] };
  }
  return { ...noted, step: 'failed', remainingPids: pidsOf(verdict) };
}
