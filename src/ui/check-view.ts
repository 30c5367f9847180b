/**
 * What the admin should see for a check: pure, so every state is tested without a browser.
 * All firewall-provided text (command lines, configtest output) stays plain strings; the
 * components render them as text nodes only.
 */
import type { ClassifiedProcess, HaproxyProcess, ProcessRole, Verdict } from '../core/model.ts';
import type { CheckError, CheckRecord } from '../shared/check-state.ts';
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
  readonly canRestart: boolean;
  readonly restarting: boolean;
  readonly canCheckAgain: boolean;
  /** The browser does not trust the certificate: offer to open the GUI to accept it. */
  readonly canOpenGui: boolean;
  readonly manualCommands: readonly string[];
  /** Hide by itself after this long (the clean confirmation). */
  readonly autoHideMs: number | null;
}

export const ROLE_KEYS: Record<ProcessRole, MessageKey> = {
  current: 'roleCurrent',
  predecessor: 'rolePredecessor',
  orphan: 'roleOrphan',
};

export const CLEAN_AUTO_HIDE_MS = 6_000;

export function describeCheck(record: CheckRecord, t: Translate): CheckView {
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
        ? describeVerdict(record.verdict, base, t).title
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
    const errorView = describeError(record.error, t);
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
  const view = describeVerdict(verdict, base, t);
  if (record.remediation?.step === 'done' && verdict.kind === 'clean') {
    return { ...view, title: t('remediationDoneTitle', [verdict.current.process.pid]) };
  }
  if (record.phase !== 'done' && verdict.kind !== 'draining') {
    // A provisional answer (a second look is planned): keep showing progress.
    return base;
  }
  return view;
}

function describeVerdict(verdict: Verdict, base: CheckView, t: Translate): CheckView {
  switch (verdict.kind) {
    case 'clean':
      return {
        ...base,
        tone: 'ok',
        title: t('cleanTitle', [verdict.current.process.pid]),
        autoHideMs: CLEAN_AUTO_HIDE_MS,
      };
    case 'draining': {
      const predecessors = verdict.processes.filter((entry) => entry.role !== 'current');
      return {
        ...base,
        title: t('drainingTitle', [predecessors.map((entry) => entry.process.pid).join(', ')]),
        lines: [t('drainingBody')],
        processes: verdict.processes.map((entry) => classifiedRow(entry, t)),
        countdownTo: verdict.deadline,
      };
    }
    case 'duplicate':
      return {
        ...base,
        tone: 'danger',
        live: 'alert',
        compact: false,
        title: t('duplicateTitle'),
        lines: [t('duplicateBody', [verdict.processes.length]), t('duplicateFix')],
        processes: verdict.processes.map((entry) => classifiedRow(entry, t)),
        canRestart: true,
        canCheckAgain: true,
        manualCommands: [],
      };
    case 'not-reloaded':
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('notReloadedTitle'),
        lines: [t('notReloadedBody', [verdict.current.process.pid])],
        processes: [classifiedRow(verdict.current, t)],
        canCheckAgain: true,
      };
    case 'stopped':
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('stoppedTitle'),
        lines: [t('stoppedBody')],
        canCheckAgain: true,
      };
    case 'unverifiable':
      return {
        ...base,
        tone: 'warning',
        live: 'alert',
        compact: false,
        title: t('unverifiableTitle'),
        lines: [t(`unverifiable_${verdict.reason.replaceAll('-', '_')}` as MessageKey)],
        processes: verdict.processes.map((process) => unknownRow(process, t)),
        canCheckAgain: true,
      };
  }
}

function describeRemediation(record: CheckRecord, base: CheckView, t: Translate): CheckView {
  const remediation = record.remediation;
  if (!remediation) return base;
  if (remediation.step === 'failed') {
    const pids = remediation.remainingPids;
    const lines = [t('remediationFailedBody')];
    if (remediation.error) lines.unshift(describeError(remediation.error, t).title);
    return {
      ...base,
      tone: 'danger',
      live: 'alert',
      compact: false,
      title: t('remediationFailedTitle'),
      lines,
      processes: record.verdict ? rowsFor(record.verdict, t) : [],
      canCheckAgain: true,
      canRestart: remediation.error !== null,
      manualCommands: manualCommands(pids),
    };
  }
  const key: MessageKey =
    remediation.step === 'stopping'
      ? 'remediationStopping'
      : remediation.step === 'starting'
        ? 'remediationStarting'
        : 'remediationChecking';
  return {
    ...base,
    compact: false,
    title: t('remediationTitle'),
    lines: [t(key)],
    restarting: true,
    processes: record.verdict ? rowsFor(record.verdict, t) : [],
  };
}

/** `https://fw.lan:8443` → `fw.lan:8443`: the name the admin typed or sees in the address bar. */
function firewallName(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** The commands an admin runs on the firewall when the one-click restart could not clear it. */
export function manualCommands(remainingPids: readonly number[]): string[] {
  const commands = ['configctl haproxy stop', "ps -axww -o pid,command | grep '[h]aproxy'"];
  if (remainingPids.length > 0) commands.push(`kill ${remainingPids.join(' ')}`);
  commands.push('configctl haproxy start');
  return commands;
}

function describeError(error: CheckError, t: Translate): { title: string; lines: string[] } {
  const key = `error_${error.kind.replaceAll('-', '_')}` as MessageKey;
  return { title: t(key, [error.privilege ?? '']), lines: [] };
}

function rowsFor(verdict: Verdict, t: Translate): ProcessRow[] {
  switch (verdict.kind) {
    case 'clean':
    case 'not-reloaded':
      return [classifiedRow(verdict.current, t)];
    case 'draining':
    case 'duplicate':
      return verdict.processes.map((entry) => classifiedRow(entry, t));
    case 'unverifiable':
      return verdict.processes.map((process) => unknownRow(process, t));
    case 'stopped':
      return [];
  }
}

function classifiedRow(entry: ClassifiedProcess, t: Translate): ProcessRow {
  return {
    pid: entry.process.pid,
    role: entry.role,
    roleLabel: t(ROLE_KEYS[entry.role]),
    command: entry.process.argv.join(' '),
  };
}

function unknownRow(process: HaproxyProcess, t: Translate): ProcessRow {
  return {
    pid: process.pid,
    role: 'unknown',
    roleLabel: t('roleUnknown'),
    command: process.argv.join(' '),
  };
}
