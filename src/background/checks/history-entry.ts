/** Reduces a finished check to the line kept in the history: times, verdict and PIDs only. */
import { currentPidOf, otherPidsOf } from '../../core/verdict-pids.ts';
import { historyResult } from '../../shared/check-result.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import type { HistoryEntry } from '../../shared/messages.ts';

export function historyEntryFor(record: CheckRecord): HistoryEntry {
  const remediation = record.remediation;
  return {
    at: record.verdictAt ?? record.startedAt,
    origin: record.origin,
    trigger: record.trigger,
    result: historyResult(record),
    currentPid: currentPidOf(record.verdict),
    otherPids: otherPidsOf(record.verdict),
    remediation: remediation && {
      kind: remediation.kind,
      step: remediation.step,
      interruption: remediation.interruption,
      outageMs: remediation.outageMs,
    },
  };
}
