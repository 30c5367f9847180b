/**
 * The state of one check as the background keeps it (in `storage.session`, so it survives the page
 * reloading itself after Apply and the service worker being stopped) and as the UI renders it.
 * Plain JSON: it crosses message channels.
 */
import type {
  Baseline,
  CheckTrigger,
  CurrentProcessInfo,
  StopSettings,
  Verdict,
} from '../core/model.ts';
import type { OpnsenseErrorKind } from '../opnsense/errors.ts';

export type CheckPhase =
  /** Waiting for the page's own configtest/reconfigure (or service action) to finish. */
  | 'waiting-for-reload'
  /** Reading the firewall and deciding, possibly several times (draining). */
  | 'observing'
  /** Running stop, then start, after the admin clicked "Restart HAProxy" (or start: "Start HAProxy"). */
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

/** "Restart HAProxy" (stop, then start) or "Start HAProxy" (start only, after a stop). */
export type RemediationKind = 'restart' | 'start';

export type RemediationStep =
  /** The stop request is under way (a graceful stop answers only once the process drained). */
  | 'stopping'
  /** The stop request ended without proof (answer, timeout, lost connection): following the process list. */
  | 'following'
  /** The start request is under way; it is sent once per click, never again. */
  | 'starting'
  /** Start answered: the check verifies the result. */
  | 'checking'
  | 'done'
  | 'failed'
  /** No haproxy is running and the extension will not start it by itself: the admin's Start click. */
  | 'stopped'
  /**
   * An error after stop left the firewall's state unknown (session expired, firewall gone):
   * HAProxy may be stopped. The journal lets the next run finish the start.
   */
  | 'cut-off';

/** How a stop or start request ended: answered `OK`, answered otherwise, or no answer (timeout, lost). */
export type ActionAnswer = 'ok' | 'error' | 'lost';

/** Why a remediation was finished (or not) after the extension had been interrupted. */
export type RemediationInterruption =
  /** Cut off after stop, not long ago: the extension finished the start as part of the click. */
  | 'finished'
  /** Cut off too long ago: the admin may have stopped HAProxy on purpose, so it only looks. */
  | 'left-to-admin';

/**
 * One click on "Restart HAProxy" or "Start HAProxy", as far as it got. PIDs, times and steps
 * only: it is also the journal kept in `storage.local` (see remediation-journal.ts).
 */
export interface RemediationState {
  readonly kind: RemediationKind;
  readonly step: RemediationStep;
  /** The click. */
  readonly startedAt: number;
  /** haproxy PIDs read right before stop (or start) was sent. */
  readonly pidsBefore: readonly number[];
  /** How long stop may take with the firewall's stop settings (see core/stop-duration.ts). */
  readonly stopExpectedMs: number | null;
  /** When the stop request went out: HAProxy's unavailability counts from here. */
  readonly stopSentAt: number | null;
  readonly stopEndedAt: number | null;
  readonly stopAnswer: ActionAnswer | null;
  /** Until when the process list is followed after stop before giving up. */
  readonly giveUpAt: number | null;
  readonly startSentAt: number | null;
  readonly startAnswer: ActionAnswer | null;
  /** The process the check found after start, and how long HAProxy was unavailable. */
  readonly newPid: number | null;
  /** From the stop request to the first observation of the new process, ms. */
  readonly outageMs: number | null;
  readonly interruption: RemediationInterruption | null;
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
  /**
   * The firewall whose page `tabId` shows when that is not this check's: an HA master, where the
   * admin clicked "Synchronize and restart" and this check looks at its backup. The badge of that
   * tab tells the result; the panel waits for the backup's own HAProxy page (page-open.ts). Gone
   * once a page of this firewall adopts the check. Absent in every other check.
   */
  readonly clickedOn?: string;
  readonly trigger: CheckTrigger;
  readonly startedAt: number;
  readonly phase: CheckPhase;
  readonly baseline: Baseline | null;
  readonly outcome: PageOutcome | null;
  /**
   * The configtest ALERT lines of the Apply this check continues: after "Try anyway?" the page
   * posts reconfigure under a new check, and the alerts that explain a not-live verdict were
   * reported to the one it replaced (docs/opnsense.md §3). Absent in checks stored by older versions.
   */
  readonly configtestAlerts?: string | null;
  readonly failure: CheckFailure | null;
  readonly verdict: Verdict | null;
  readonly verdictAt: number | null;
  readonly error: CheckError | null;
  readonly stopSettings: StopSettings | null;
  /**
   * `show info` of the current process at the last look (`verdictAt`): its version and uptime go
   * into the diagnostics an admin copies for an upstream report. Absent in checks from before.
   */
  readonly showInfo?: CurrentProcessInfo | null;
  readonly remediation: RemediationState | null;
  /** When the next observation is due (draining, retries); null when none is planned. */
  readonly nextObservationAt: number | null;
  /** Calls made for this check, for the benchmark and the history. */
  readonly processListCalls: number;
  readonly apiCalls: number;
}

const PHASES: readonly unknown[] = ['waiting-for-reload', 'observing', 'remediating', 'done'];

/**
 * Whether a value has a check's outline: the fields the content script tells checks apart by
 * and the parts it reads are of the right kind. The content script's guard: it runs on every
 * HAProxy page load and does not carry the full schema (check-state-schema.ts, which the
 * background reads storage with); the checks it receives are the background's own.
 */
export function isCheckRecord(value: unknown): value is CheckRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record: Partial<Record<keyof CheckRecord, unknown>> = value;
  const objectOrNull = (field: unknown) => field === null || typeof field === 'object';
  return (
    typeof record.id === 'string' &&
    typeof record.origin === 'string' &&
    typeof record.trigger === 'string' &&
    typeof record.startedAt === 'number' &&
    PHASES.includes(record.phase) &&
    (record.verdictAt === null || typeof record.verdictAt === 'number') &&
    (record.verdict === null ||
      (typeof record.verdict === 'object' &&
        'kind' in record.verdict &&
        typeof record.verdict.kind === 'string')) &&
    [record.baseline, record.outcome, record.error, record.stopSettings, record.remediation].every(
      objectOrNull,
    ) &&
    (record.failure === null || typeof record.failure === 'string')
  );
}
