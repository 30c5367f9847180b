/**
 * The one-click remediation's steps as pure decisions: "Restart HAProxy" is stop (which alone
 * ends every haproxy process on OPNsense), wait until none is left, start; "Start HAProxy" is
 * start alone. Each function decides the next step from the state and what the firewall said;
 * remediation-drive.ts runs them against the API, remediation-coordinator.ts around a check.
 *
 * The state is journaled before each request that changes the firewall goes out, so a run cut
 * off by the service worker or the browser stopping is finished by the next one: never a second
 * stop, never a second start, and only shortly after the click (docs/opnsense.md §2: a stop that
 * never gets its start leaves every site behind HAProxy down). A run cut off by an error is only
 * looked at again, and the start left to the admin.
 */
import type { StopSettings, Verdict } from '../../core/model.ts';
import { stopDuration, STOP_MARGIN_MS } from '../../core/stop-duration.ts';
import { currentPidOf, pidsOf } from '../../core/verdict-pids.ts';
import type { ActionAnswer, RemediationKind, RemediationState } from '../../shared/check-state.ts';

/** After stop answered, the processes it ended may linger a moment in `top`'s list. */
export const SETTLE_AFTER_ANSWER_MS = 5_000;
/** After a stop without an answer, the list is followed at least this long. */
export const FOLLOW_AFTER_LOST_MS = 15_000;
/**
 * A run cut off after stop is finished only this soon after the extension last ran it; later,
 * the admin may have stopped HAProxy on purpose meanwhile, so the extension asks instead.
 */
export const RESUME_WINDOW_MS = 3 * 60_000;

/** configd answers `OK` or `Error (<exit code>)` (docs/opnsense.md §4); the plugin may append newlines. */
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
  /**
   * Look, and leave the start to the admin: cut off after stop too long ago, or cut off by an
   * error the run saw (an expired session, a refusal). Only a worker that died mid-run is
   * finished without asking: the admin may since have stopped HAProxy on purpose, or dismissed
   * the warning, and a page load any script can force must not start it then.
   */
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
  // Journaled by a run that ended on an error (remediation-coordinator.ts), not one that died.
  if (state.step === 'cut-off') return 'ask';
  const beforeStart =
    state.step === 'stopping' || state.step === 'following' || state.step === 'starting';
  if (!beforeStart) return 'check';
  return now - aliveAt <= RESUME_WINDOW_MS ? 'follow' : 'ask';
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
