/**
 * Check records and classified processes for unit tests, with every field filled in, so each
 * test states only what it is about.
 */
import type {
  ClassifiedProcess,
  HaproxyProcess,
  ProcessRole,
  Verdict,
} from '../../src/core/model.ts';
import type { CheckRecord } from '../../src/shared/check-state.ts';

export function haproxyProcess(
  pid: number,
  overrides: Partial<HaproxyProcess> = {},
): HaproxyProcess {
  return {
    pid,
    threads: 1,
    argv: ['/usr/local/sbin/haproxy'],
    predecessorPids: [],
    signalMode: null,
    handoverSocket: null,
    commandCut: false,
    lastPidMayBeCut: false,
    ...overrides,
  };
}

export function classified(
  pid: number,
  role: ProcessRole,
  reason: ClassifiedProcess['reason'] = role === 'current' ? 'owns-stats-socket' : 'not-named',
): ClassifiedProcess {
  return { process: haproxyProcess(pid), role, deadline: null, reason };
}

export function cleanVerdict(pid: number): Verdict {
  return { kind: 'clean', current: classified(pid, 'current') };
}

/** A finished Apply check on tab 1 of https://fw.lan, without a verdict unless given. */
export function checkRecord(overrides: Partial<CheckRecord> = {}): CheckRecord {
  return {
    id: 'c1',
    origin: 'https://fw.lan',
    tabId: 1,
    trigger: 'apply',
    startedAt: 0,
    phase: 'done',
    baseline: null,
    outcome: null,
    failure: null,
    verdict: null,
    verdictAt: null,
    error: null,
    stopSettings: null,
    remediation: null,
    nextObservationAt: null,
    processListCalls: 1,
    apiCalls: 4,
    ...overrides,
  };
}
