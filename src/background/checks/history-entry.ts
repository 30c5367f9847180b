/** Reduces a finished check to the line kept in the history: times, verdict and PIDs only. */
import { verdictResult } from '../../core/verdict-result.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import type { HistoryEntry } from '../../shared/messages.ts';
import { standingFailure } from '../../shared/page-failure.ts';

export function historyEntryFor(record: CheckRecord): HistoryEntry {
  const verdict = record.verdict;
  let currentPid: number | null = null;
  let otherPids: number[] = [];
  if (
    verdict?.kind === 'clean' ||
    verdict?.kind === 'not-live' ||
    verdict?.kind === 'not-reloaded'
  ) {
    currentPid = verdict.current.process.pid;
  } else if (verdict?.kind === 'draining' || verdict?.kind === 'duplicate') {
    currentPid = verdict.processes.find((entry) => entry.role === 'current')?.process.pid ?? null;
    otherPids = verdict.processes
      .filter((entry) => entry.role !== 'current')
      .map((entry) => entry.process.pid);
  } else if (verdict?.kind === 'unverifiable') {
    otherPids = verdict.processes.map((process) => process.pid);
  }
  const remediation = record.remediation;
  const failure = standingFailure(record);
  const result = failure
    ? failure
    : record.error && record.phase === 'done'
      ? `error:${record.error.kind}`
      : remediation?.step === 'failed'
        ? 'remediation-failed'
        : remediation?.step === 'cut-off'
          ? 'remediation-cut-off'
          : verdict
            ? verdictResult(verdict)
            : 'unfinished';
  return {
    at: record.verdictAt ?? record.startedAt,
    origin: record.origin,
    trigger: record.trigger,
    result,
    currentPid,
    otherPids,
    remediation: remediation && {
      kind: remediation.kind,
      step: remediation.step,
      interruption: remediation.interruption,
      outageMs: remediation.outageMs,
    },
  };
}
