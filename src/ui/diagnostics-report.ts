/**
 * The plain-text diagnostics an admin pastes into an upstream issue (opnsense/plugins#4651,
 * haproxy/haproxy#2945): what the last look at a firewall saw, and nothing the extension keeps
 * secret. Pure: it reads one check record and nothing else, so what it can leak is what the
 * record holds: PIDs, command lines, the three stop settings, `show info`'s version and uptime.
 * Never the CSRF token, an API key or any other part of settings/get (the record has none). The
 * firewall's address only when the admin asks for it; without it, the host is also masked in
 * command lines. English whatever the UI language: upstream trackers are read in English.
 */
import type { ClassifiedProcess, HaproxyProcess, StopSettings, Verdict } from '../core/model.ts';
import { PRIVILEGE } from '../opnsense/endpoints.ts';
import type { CheckRecord } from '../shared/check-state.ts';

export interface DiagnosticsInput {
  readonly record: CheckRecord;
  /** The extension's own version, from its manifest. */
  readonly extensionVersion: string;
  /** The admin ticked "include the firewall's address". */
  readonly includeAddress: boolean;
}

// The firmware API (`/api/core/firmware/info`) lists the OPNsense and os-haproxy package versions,
// but its ACL entry is "System: Firmware", a privilege beyond the two the extension asks for
// (docs/opnsense.md §4): the report says so instead of calling it.
const FIRMWARE_PRIVILEGE = 'System: Firmware';
const NOT_READ = `not read (needs privilege ${FIRMWARE_PRIVILEGE}; the extension asks only for ${PRIVILEGE.haproxy} and ${PRIVILEGE.systemActivity})`;
const MASKED_HOST = '<firewall>';

const VERDICT_MEANINGS: Record<Verdict['kind'], string> = {
  clean: 'exactly one haproxy process, the one owning the stats socket',
  draining:
    'the new process named its predecessor after -sf/-st; the predecessor is inside its drain window',
  duplicate:
    'a haproxy process that no live process named after -sf/-st (an orphan), or a predecessor past its drain deadline, runs next to the current one',
  'not-live':
    'one new haproxy process, alone, but export/diff is not empty: the new configuration failed its check and OPNsense kept the previous one',
  'not-reloaded': 'the only haproxy process is the one from before the action',
  stopped: 'no haproxy process runs',
  unverifiable: 'missing or contradictory data; nothing was concluded',
};

/** Why a process got its role: the verdict's reason codes, spelt out. */
const PROCESS_REASONS: Readonly<Record<string, string>> = {
  'owns-stats-socket': 'its PID is the one `show info` reports',
  'only-process-from-before': 'the only process, and it ran before the action',
  'named-by-current': 'the current process names it after -sf/-st',
  'named-by-predecessor': 'a predecessor of the current process names it after -sf/-st',
  'maybe-named-by-cut-line': 'a cut command line may name it',
  'named-by-other': 'named after -sf/-st only by a process that is itself not current',
  'not-named': 'no live haproxy process names it after -sf/-st',
  'past-deadline': 'told to stop, but still running after its drain deadline',
  'service-disabled': 'the HAProxy service is disabled, yet it runs',
  // A 1-CPU firewall's process list carries no command lines (docs/opnsense.md §4): time decides.
  'command-lines-hidden':
    'inside the drain window of the current process (no command lines to read)',
  'outlived-drain-window': 'still running after the drain window of the current process',
};

/** Reasons that only a 1-CPU firewall's list gives (the verdict decided by time alone). */
const ONE_CPU_REASONS: ReadonlySet<string> = new Set([
  'command-lines-hidden',
  'outlived-drain-window',
]);

export function diagnosticsReport(input: DiagnosticsInput): string {
  const { record } = input;
  const url = new URL(record.origin);
  const mask = (text: string) =>
    input.includeAddress ? text : text.split(url.hostname).join(MASKED_HOST);
  const lines: string[] = [
    `HAProxy Reload Guard ${input.extensionVersion}: diagnostics`,
    `Firewall: ${input.includeAddress ? record.origin : 'not included'}`,
    `OPNsense version: ${NOT_READ}`,
    `os-haproxy plugin version: ${NOT_READ}`,
    `HAProxy version (show info): ${record.showInfo?.version ?? 'unknown'}`,
    `Check: ${record.trigger}, started ${iso(record.startedAt)}, phase ${record.phase}`,
    `Last look: ${record.verdictAt === null ? 'none' : iso(record.verdictAt)}`,
    `Time since the last reload (Uptime_sec of the current process): ${uptime(record)}`,
    `Stop settings: ${stopSettingsLine(record.stopSettings)}`,
    '',
    ...verdictLines(record.verdict),
    ...factLines(record.verdict),
    ...outcomeLines(record),
    ...remediationLines(record),
    '',
    'Processes (PID, role, reason, command line):',
    ...processLines(record.verdict, mask),
  ];
  return `${lines.join('\n')}\n`;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function uptime(record: CheckRecord): string {
  const info = record.showInfo;
  if (!info) return 'unknown (show info not read)';
  const since =
    record.verdictAt === null
      ? ''
      : `, started ${iso(record.verdictAt - info.uptimeSeconds * 1_000)}`;
  return `${info.uptimeSeconds} s at the last look (PID ${info.pid}${since}${info.stopping ? ', stopping' : ''})`;
}

function stopSettingsLine(settings: StopSettings | null): string {
  if (!settings) return 'not read';
  const bound =
    settings.hardStopAfterMs === null
      ? 'hard-stop-after not set'
      : `hard-stop-after ${settings.hardStopAfterMs / 1_000} s`;
  return `mode ${settings.mode}, ${bound}`;
}

function verdictLines(verdict: Verdict | null): string[] {
  if (!verdict) return ['Verdict: none yet'];
  const lines = [`Verdict: ${verdict.kind} (${VERDICT_MEANINGS[verdict.kind]})`];
  if (verdict.kind === 'unverifiable') lines.push(`Reason: ${verdict.reason}`);
  if (verdict.kind === 'draining') lines.push(`Drain deadline: ${iso(verdict.deadline)}`);
  return lines;
}

/**
 * The facts that tell an upstream reader what kind of case this is. The `not-live` verdict (a
 * reload that kept the previous configuration) adds one line here when it reaches this branch.
 */
function factLines(verdict: Verdict | null): string[] {
  const facts: string[] = [];
  const classifiedProcesses = verdict ? classifiedOf(verdict) : [];
  if (classifiedProcesses.some((entry) => ONE_CPU_REASONS.has(entry.reason))) {
    facts.push(
      '1-CPU firewall: the process list shows only the first word of each command, so roles were decided by the drain window',
    );
  }
  const notLive =
    verdict?.kind === 'not-live'
      ? verdict.changes
      : verdict?.kind === 'duplicate'
        ? verdict.notLive
        : undefined;
  if (notLive) {
    // A count and section names only: the diff itself carries userlist passwords.
    const where = notLive.sections.length > 0 ? ` in ${notLive.sections.join(', ')}` : '';
    facts.push(
      `Not live: export/diff shows ${notLive.changedLines} changed lines${where}; HAProxy runs the previous configuration`,
    );
  }
  if (classifiedProcesses.some((entry) => entry.process.commandCut)) {
    facts.push('A command line was cut by top: its -sf/-st list may be incomplete');
  }
  return facts.map((fact) => `Fact: ${fact}`);
}

function outcomeLines(record: CheckRecord): string[] {
  const lines: string[] = [];
  // The step and its result only: configtest's output can quote configuration lines.
  if (record.outcome) {
    lines.push(`Page request: ${record.outcome.step} ${record.outcome.ok ? 'ok' : 'failed'}`);
  }
  if (record.error) {
    const status = record.error.status === null ? '' : ` HTTP ${record.error.status}`;
    lines.push(`Error: ${record.error.kind} at ${record.error.endpoint}${status}`);
  }
  return lines;
}

function remediationLines(record: CheckRecord): string[] {
  const remediation = record.remediation;
  if (!remediation) return [];
  const parts = [`${remediation.kind} ${remediation.step}`];
  if (remediation.pidsBefore.length > 0)
    parts.push(`PIDs before ${remediation.pidsBefore.join(' ')}`);
  if (remediation.newPid !== null) parts.push(`new PID ${remediation.newPid}`);
  if (remediation.outageMs !== null) parts.push(`unavailable ${remediation.outageMs / 1_000} s`);
  if (remediation.remainingPids.length > 0) {
    parts.push(`still running ${remediation.remainingPids.join(' ')}`);
  }
  return [`Restart by the extension: ${parts.join(', ')}`];
}

function processLines(verdict: Verdict | null, mask: (text: string) => string): string[] {
  if (!verdict) return ['  (none seen)'];
  const rows: { process: HaproxyProcess; role: string; reason: string }[] =
    verdict.kind === 'unverifiable'
      ? verdict.processes.map((process) => ({ process, role: 'unknown', reason: '-' }))
      : classifiedOf(verdict).map((entry) => ({
          process: entry.process,
          role: entry.role,
          reason: PROCESS_REASONS[entry.reason] ?? entry.reason,
        }));
  if (rows.length === 0) return ['  (none)'];
  return rows.map(
    (row) =>
      `  ${row.process.pid}  ${row.role}  (${row.reason})\n      ${mask(row.process.argv.join(' '))}`,
  );
}

function classifiedOf(verdict: Verdict): readonly ClassifiedProcess[] {
  switch (verdict.kind) {
    case 'clean':
    case 'not-live':
    case 'not-reloaded':
      return [verdict.current];
    case 'draining':
    case 'duplicate':
      return verdict.processes;
    case 'stopped':
    case 'unverifiable':
      return [];
  }
}
