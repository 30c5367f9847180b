/**
 * What the admin should see for a check: pure, so every state is tested without a browser.
 * All firewall-provided text (command lines, configtest output) stays plain strings; the
 * components render them as text nodes only.
 *
 * Longer than most files on purpose: every check state maps to its view here, so the wording of
 * all states is read and kept consistent together; each state is a small pure function.
 */
import type {
  ClassifiedProcess,
  ConfigChanges,
  ProcessRole,
  StopSettings,
  Verdict,
} from '../core/model.ts';
import { stopDuration } from '../core/stop-duration.ts';
import { namedProcesses, otherPidsOf } from '../core/verdict-pids.ts';
import type { CheckError, CheckRecord, RemediationState } from '../shared/check-state.ts';
import { firewallName } from '../shared/origins.ts';
import { restartOffered, startOffered } from '../shared/remediation-offers.ts';
import { standingFailure } from '../shared/page-failure.ts';
import type { MessageKey, Translate } from './i18n.ts';

export type Tone = 'progress' | 'ok' | 'warning' | 'danger';

export interface ProcessRow {
  readonly pid: number;
  readonly role: ProcessRole | 'unknown';
  readonly roleLabel: string;
  readonly command: string;
}

export interface CheckView {
  /** The firewall the check is about (`host[:port]`), named in the panel. */
  readonly firewall: string;
  readonly tone: Tone;
  /** `alert` interrupts screen readers: only for states that need the admin now. */
  readonly live: 'status' | 'alert';
  /** A compact one-line indicator rather than a panel. */
  readonly compact: boolean;
  readonly title: string;
  readonly lines: readonly string[];
  /** Firewall text shown pre-formatted (configtest alerts), as text. */
  readonly detail: string | null;
  readonly processes: readonly ProcessRow[];
  /** Epoch ms the countdown runs to (draining). */
  readonly countdownTo: number | null;
  /** Offer "Restart HAProxy" (src/shared/remediation-offers.ts, as the background allows it). */
  readonly canRestart: boolean;
  readonly restarting: boolean;
  /** Offer "Start HAProxy": no haproxy runs, or may not after a restart was cut off. */
  readonly canStart: boolean;
  /** "Start HAProxy" was clicked and runs. */
  readonly starting: boolean;
  /** What the restart button costs in the firewall's stop mode, said next to it. */
  readonly restartCost: string | null;
  /** The zero-downtime alternative for admins with a shell, next to the restart button. */
  readonly alternative: { readonly note: string; readonly commands: readonly string[] } | null;
  /** A stop under way: from the stop request (epoch ms) for as long as it may take. */
  readonly stopProgress: { readonly from: number; readonly expectedMs: number } | null;
  readonly canCheckAgain: boolean;
  /** The browser does not trust the certificate: offer to open the GUI to accept it. */
  readonly canOpenGui: boolean;
  readonly manualCommands: readonly string[];
  /** Hide by itself after this long (the clean confirmation). */
  readonly autoHideMs: number | null;
}

const ROLE_KEYS: Record<ProcessRole, MessageKey> = {
  current: 'roleCurrent',
  predecessor: 'rolePredecessor',
  orphan: 'roleOrphan',
};

export const CLEAN_AUTO_HIDE_MS = 6_000;

export function describeCheck(record: CheckRecord, t: Translate): CheckView {
  // The buttons follow the rule the background enforces: offered exactly when allowed.
  return {
    ...describeState(record, t),
    canRestart: restartOffered(record),
    canStart: startOffered(record),
  };
}

function describeState(record: CheckRecord, t: Translate): CheckView {
  const base: CheckView = {
    firewall: firewallName(record.origin),
    tone: 'progress',
    live: 'status',
    compact: true,
    title: t('checkingTitle'),
    lines: [],
    detail: null,
    processes: [],
    countdownTo: null,
    canRestart: false,
    restarting: false,
    canStart: false,
    starting: false,
    restartCost: null,
    alternative: null,
    stopProgress: null,
    canCheckAgain: false,
    canOpenGui: false,
    manualCommands: [],
    autoHideMs: null,
  };

  if (record.remediation && record.remediation.step !== 'done') {
    return describeRemediation(record, base, t);
  }
  // A failure the page reported is shown after the one look at the firewall, with what it saw.
  if (record.failure && record.phase !== 'done') return base;
  const failure = standingFailure(record);
  if (failure) {
    const [titleKey, bodyKey]: [MessageKey, MessageKey] =
      failure === 'configtest-failed'
        ? ['configtestFailedTitle', 'configtestFailedBody']
        : failure === 'reload-failed'
          ? ['reloadFailedTitle', 'reloadFailedBody']
          : ['actionFailedTitle', 'actionFailedBody'];
    const seen = record.error
      ? describeError(record.error, t).title
      : record.verdict
        ? describeVerdict(record.verdict, base, t, record).title
        : null;
    return {
      ...base,
      tone: 'danger',
      live: 'alert',
      compact: false,
      title: t(titleKey),
      lines: seen ? [t(bodyKey), t('failureLookSaw', [seen])] : [t(bodyKey)],
      detail: record.outcome?.detail || null,
      processes: record.verdict ? rowsFor(record.verdict, t) : [],
      canCheckAgain: true,
    };
  }
  if (record.error && (record.phase === 'done' || record.verdict === null)) {
    const errorView = noBackupLogin(record, t) ?? describeError(record.error, t);
    if (record.phase === 'done') {
      return {
        ...base,
        ...errorView,
        tone: 'danger',
        live: 'alert',
        compact: false,
        canCheckAgain: true,
        canOpenGui: record.error.kind === 'certificate',
      };
    }
    // Still retrying: say what went wrong without raising the alarm yet.
    return { ...base, lines: [errorView.title] };
  }
  const verdict = record.verdict;
  if (!verdict) return base;
  const view = describeVerdict(verdict, base, t, record);
  if (record.remediation?.step === 'done' && verdict.kind === 'clean') {
    return describeRemediationDone(record.remediation, verdict.current.process.pid, view, t);
  }
  if (record.phase !== 'done' && verdict.kind !== 'draining') {
    // A provisional answer (a second look is planned): keep showing progress.
    return base;
  }
  return view;
}

function describeVerdict(
  verdict: Verdict,
  base: CheckView,
  t: Translate,
  record: Pick<CheckRecord, 'stopSettings' | 'outcome'>,
): CheckView {
  const stopSettings = record.stopSettings;
  switch (verdict.kind) {
    case 'clean':
      return {
        ...base,
        tone: 'ok',
        title: t('cleanTitle', [verdict.current.process.pid]),
        autoHideMs: CLEAN_AUTO_HIDE_MS,
      };
    case 'draining':
      return {
        ...base,
        title: t('drainingTitle', [otherPidsOf(verdict).join(', ')]),
        lines: [
          t('drainingBody'),
          ...(timedByWindow(verdict.processes) ? [t('drainingCommandLinesHidden')] : []),
        ],
        processes: rowsFor(verdict, t),
        countdownTo: verdict.deadline,
      };
    case 'duplicate':
      return {
        ...base,
        tone: 'danger',
        live: 'alert',
        compact: false,
        title: t('duplicateTitle'),
        lines: [
          t('duplicateBody', [verdict.processes.length]),
          ...(timedByWindow(verdict.processes) ? [t('duplicateCommandLinesHidden')] : []),
          t('duplicateFix'),
          ...(verdict.notLive ? [t('duplicateNotLive'), changesLine(verdict.notLive, t)] : []),
        ],
        detail: verdict.notLive ? configtestAlerts(record) : null,
        processes: rowsFor(verdict, t),
        restartCost: restartCost(stopSettings, t),
        alternative: zeroDowntimeAlternative(verdict.processes, t),
        canCheckAgain: true,
        manualCommands: [],
      };
    case 'not-live': {
      const alerts = configtestAlerts(record);
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('notLiveTitle'),
        lines: [
          t('notLiveBody'),
          changesLine(verdict.changes, t),
          t('notLiveFix'),
          ...(alerts ? [t('notLiveAlerts')] : []),
        ],
        detail: alerts,
        processes: rowsFor(verdict, t),
        canCheckAgain: true,
      };
    }
    case 'not-reloaded':
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('notReloadedTitle'),
        lines: [t('notReloadedBody', [verdict.current.process.pid])],
        processes: rowsFor(verdict, t),
        canCheckAgain: true,
      };
    case 'stopped':
      return stoppedView(base, t, null);
    case 'unverifiable':
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('unverifiableTitle'),
        lines: [t(`unverifiable_${verdict.reason.replaceAll('-', '_')}` as MessageKey)],
        processes: rowsFor(verdict, t),
        canCheckAgain: true,
      };
  }
}

/**
 * Decided by time, not by the `-sf` chain: the firewall's list shows only the first word of each
 * command (one CPU, docs/opnsense.md §4), and the panel says why it waits or what it concluded.
 */
function timedByWindow(processes: readonly ClassifiedProcess[]): boolean {
  return processes.some(
    (entry) => entry.reason === 'command-lines-hidden' || entry.reason === 'outlived-drain-window',
  );
}

/** What was not deployed: a count and the section names, never a line of the diff. */
function changesLine(changes: ConfigChanges, t: Translate): string {
  return changes.sections.length > 0
    ? t('notLiveChanges', [changes.changedLines, changes.sections.join(', ')])
    : t('notLiveChangesUnplaced', [changes.changedLines]);
}

/** The configtest's ALERT lines when the page reported them for this check (page-outcome.ts). */
function configtestAlerts(
  record: Pick<CheckRecord, 'outcome' | 'configtestAlerts'>,
): string | null {
  const outcome = record.outcome;
  if (outcome?.step === 'configtest' && outcome.detail.includes('ALERT')) return outcome.detail;
  return record.configtestAlerts ?? null;
}

function describeRemediation(record: CheckRecord, base: CheckView, t: Translate): CheckView {
  const remediation = record.remediation;
  if (!remediation) return base;
  const rows = record.verdict ? rowsFor(record.verdict, t) : [];
  const errorLine = remediation.error ? describeError(remediation.error, t).title : null;
  const alert = { tone: 'danger', live: 'alert', compact: false, canCheckAgain: true } as const;
  switch (remediation.step) {
    case 'stopped':
      return stoppedView(base, t, remediation);
    case 'cut-off':
      return {
        ...base,
        ...alert,
        title: t('cutOffTitle'),
        lines: [...(errorLine ? [errorLine] : []), t('cutOffBody')],
      };
    case 'failed': {
      const nothingHappened = remediation.stopSentAt === null && remediation.startSentAt === null;
      if (nothingHappened || (remediation.kind === 'start' && remediation.error)) {
        const title = remediation.kind === 'start' ? 'startNotRunTitle' : 'remediationNotRunTitle';
        return {
          ...base,
          ...alert,
          title: t(title),
          lines: errorLine ? [errorLine] : [],
          processes: rows,
        };
      }
      const lines = [t('remediationFailedBody')];
      if (remediation.stopAnswer === 'error') lines.unshift(t('remediationStopErrorBody'));
      if (errorLine) lines.unshift(errorLine);
      return {
        ...base,
        ...alert,
        title: t('remediationFailedTitle'),
        lines,
        processes: rows,
        manualCommands: manualCommands(remediation.remainingPids),
      };
    }
    case 'done':
      return base;
    case 'stopping':
    case 'following':
    case 'starting':
    case 'checking':
      return {
        ...base,
        compact: false,
        title: t(remediation.kind === 'start' ? 'startTitle' : 'remediationTitle'),
        lines: progressLines(remediation, record.stopSettings, t),
        restarting: remediation.kind === 'restart',
        starting: remediation.kind === 'start',
        processes: rows,
        stopProgress:
          remediation.step === 'stopping' && remediation.stopSentAt !== null
            ? { from: remediation.stopSentAt, expectedMs: remediation.stopExpectedMs ?? 0 }
            : null,
      };
  }
}

function progressLines(
  remediation: RemediationState,
  stopSettings: StopSettings | null,
  t: Translate,
): string[] {
  switch (remediation.step) {
    case 'stopping':
      return [t('remediationStopping'), stopWait(stopSettings, t)];
    case 'following': {
      const key: MessageKey =
        remediation.stopAnswer === 'lost'
          ? 'remediationFollowingLost'
          : remediation.stopAnswer === 'error'
            ? 'remediationFollowingError'
            : 'remediationFollowing';
      const lines = [t(key)];
      if (remediation.remainingPids.length > 0) {
        lines.push(t('remediationStillRunning', [remediation.remainingPids.join(', ')]));
      }
      return lines;
    }
    case 'starting':
      return [t('remediationStarting')];
    default:
      return [t('remediationChecking')];
  }
}

/** After a verified restart: the new PID and what it cost. */
function describeRemediationDone(
  remediation: RemediationState,
  pid: number,
  view: CheckView,
  t: Translate,
): CheckView {
  const lines: string[] = [];
  if (remediation.outageMs !== null) {
    lines.push(t('remediationOutage', [seconds(remediation.outageMs), pid]));
  }
  if (remediation.interruption === 'finished') lines.push(t('remediationResumedBody'));
  return {
    ...view,
    title: t(remediation.kind === 'start' ? 'startDoneTitle' : 'remediationDoneTitle', [pid]),
    lines,
  };
}

/** "HAProxy is stopped": every site behind it is down; one click starts it. */
function stoppedView(base: CheckView, t: Translate, remediation: RemediationState | null) {
  const lines = [t('stoppedBody')];
  if (remediation?.startAnswer === 'error') lines.push(t('startFailedBody'));
  if (remediation?.interruption === 'left-to-admin') lines.push(t('stoppedLeftToAdminBody'));
  lines.push(t('stoppedManual'));
  return {
    ...base,
    tone: 'danger',
    live: 'alert',
    compact: false,
    title: t('stoppedTitle'),
    lines,
    canCheckAgain: true,
  } satisfies CheckView;
}

/** Before the click: every connection is cut, and how long stop may take in this stop mode. */
export function restartCost(stopSettings: StopSettings | null, t: Translate): string {
  const duration = stopDuration(stopSettings);
  switch (duration.bound) {
    case 'hard':
      return t('restartCostHard');
    case 'hard-stop-after':
      return t('restartCostGraceful', [seconds(duration.expectedMs)]);
    case 'none':
      return t('restartCostUnbounded', [seconds(duration.expectedMs)]);
    case 'unknown':
      return t('restartCostUnknown', [seconds(duration.expectedMs)]);
  }
}

/** While stop runs: how long it may take, from the settings the check read. */
function stopWait(stopSettings: StopSettings | null, t: Translate): string {
  const duration = stopDuration(stopSettings);
  switch (duration.bound) {
    case 'hard':
      return t('stopWaitHard');
    case 'hard-stop-after':
      return t('stopWaitGraceful', [seconds(duration.expectedMs)]);
    case 'none':
    case 'unknown':
      return t('stopWaitUnbounded', [seconds(duration.expectedMs)]);
  }
}

/**
 * The shell alternative that costs no connection (docs/opnsense.md §5): SIGUSR1 makes an orphan stop
 * listening and finish its open connections while the current process keeps serving. A
 * predecessor past its deadline was already told so and ignores it: only SIGTERM ends it.
 */
function zeroDowntimeAlternative(
  processes: readonly ClassifiedProcess[],
  t: Translate,
): CheckView['alternative'] {
  const orphans = processes.filter((entry) => entry.role === 'orphan');
  if (orphans.length > 0) {
    const pids = orphans.map((entry) => entry.process.pid).join(' ');
    return { note: t('alternativeUsr1'), commands: [`kill -USR1 ${pids}`] };
  }
  const overdue = processes.filter((entry) => entry.role === 'predecessor');
  if (overdue.length === 0) return null;
  const pids = overdue.map((entry) => entry.process.pid).join(' ');
  return { note: t('alternativeKill'), commands: [`kill ${pids}`] };
}

/** Whole seconds, one decimal below 10 s: "2.4", "60". */
export function seconds(ms: number): string {
  const value = ms / 1_000;
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}

/** The commands an admin runs on the firewall when the one-click restart could not clear it. */
export function manualCommands(remainingPids: readonly number[]): string[] {
  const commands = ['configctl haproxy stop', "ps -axww -o pid,command | grep '[h]aproxy'"];
  if (remainingPids.length > 0) commands.push(`kill ${remainingPids.join(' ')}`);
  commands.push('configctl haproxy start');
  return commands;
}

/**
 * An HA backup's check (made from the master's page) that the backup refused: the browser has no
 * session there, or its key is refused. Said plainly, with what to do.
 */
function noBackupLogin(
  record: CheckRecord,
  t: Translate,
): { title: string; lines: string[] } | null {
  const kind = record.error?.kind;
  if (record.trigger !== 'ha-backup') return null;
  if (kind !== 'session-expired' && kind !== 'api-key-rejected') return null;
  return { title: t('haBackupNoCredentials', [firewallName(record.origin)]), lines: [] };
}

function describeError(error: CheckError, t: Translate): { title: string; lines: string[] } {
  const key = `error_${error.kind.replaceAll('-', '_')}` as MessageKey;
  return { title: t(key, [error.privilege ?? '']), lines: [] };
}

/** The processes the verdict names, as rows (the popup's summary line is cut from these too). */
export function rowsFor(verdict: Verdict, t: Translate): ProcessRow[] {
  return namedProcesses(verdict).map((entry) => ({
    pid: entry.process.pid,
    role: entry.role ?? 'unknown',
    roleLabel: t(entry.role === null ? 'roleUnknown' : ROLE_KEYS[entry.role]),
    command: entry.process.argv.join(' '),
  }));
}

/**
 * Whether the panel and the popup offer "Copy diagnostics": for a check that saw something
 * worth reporting (a verdict or an error) and shows it in full, not while a restart runs.
 */
export function offersDiagnostics(record: CheckRecord, view: CheckView): boolean {
  return (
    !view.compact &&
    !view.restarting &&
    !view.starting &&
    (record.verdict !== null || record.error !== null)
  );
}
