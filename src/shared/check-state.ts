/**
 * The state of one check as the background keeps it (in `storage.session`, so it survives the page
 * reloading itself after Apply and the service worker being stopped) and as the UI renders it.
 * Plain JSON: it crosses message channels.
 */
import type { Baseline, CheckTrigger, StopSettings, Verdict } from '../core/model.ts';
import type { OpnsenseErrorKind } from '../opnsense/errors.ts';

export type CheckPhase =
  /** Waiting for the page's own configtest/reconfigure (or service action) to finish. */
  | 'waiting-for-reload'
  /** Reading the firewall and deciding, possibly several times (draining). */
  | 'observing'
  /** Running stop, then start, after the admin clicked "Restart HAProxy". */
  | 'remediating'
  | 'done';

/** What the page's own request said, as seen by the page observer. */
export interface PageOutcome {
  readonly step: 'configtest' | 'reconfigure' | 'service-action';
  readonly ok: boolean;
  /** The configtest alert lines or the reported status; firewall text, rendered as text only. */
  readonly detail: string;
}

export interface CheckError {
  readonly kind: OpnsenseErrorKind;
  readonly privilege: string | null;
  readonly status: number | null;
  readonly endpoint: string;
}

export type RemediationStep = 'stopping' | 'starting' | 'checking' | 'done' | 'failed';

export interface RemediationState {
  readonly step: RemediationStep;
  readonly startedAt: number;
  /** PIDs still alive after stop (the manual commands name them). */
  readonly remainingPids: readonly number[];
  readonly error: CheckError | null;
}

export type CheckFailure = 'configtest-failed' | 'reload-failed' | 'action-failed';

export interface CheckRecord {
  readonly id: string;
  /** The GUI origin, port included: where the API calls go. */
  readonly origin: string;
  readonly tabId: number | null;
  readonly trigger: CheckTrigger;
  readonly startedAt: number;
  readonly phase: CheckPhase;
  readonly baseline: Baseline | null;
  readonly outcome: PageOutcome | null;
  readonly failure: CheckFailure | null;
  readonly verdict: Verdict | null;
  readonly verdictAt: number | null;
  readonly error: CheckError | null;
  readonly stopSettings: StopSettings | null;
  readonly remediation: RemediationState | null;
  /** When the next observation is due (draining, retries); null when none is planned. */
  readonly nextObservationAt: number | null;
  /** Calls made for this check, for the benchmark and the history. */
  readonly processListCalls: number;
  readonly apiCalls: number;
}
