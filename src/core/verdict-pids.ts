/** The processes a verdict names, with their roles: every list of PIDs shown or kept is cut from here. */
import type { HaproxyProcess, ProcessRole, Verdict } from './model.ts';

export interface NamedProcess {
  readonly process: HaproxyProcess;
  /** Null when the verdict could not tell the roles apart (unverifiable). */
  readonly role: ProcessRole | null;
}

/** Every haproxy process the verdict saw, in the verdict's order. */
export function namedProcesses(verdict: Verdict | null): readonly NamedProcess[] {
  if (!verdict) return [];
  switch (verdict.kind) {
    case 'clean':
    case 'not-live':
    case 'not-reloaded':
      return [{ process: verdict.current.process, role: 'current' }];
    case 'draining':
    case 'duplicate':
      return verdict.processes;
    case 'unverifiable':
      return verdict.processes.map((process) => ({ process, role: null }));
    case 'stopped':
      return [];
  }
}

export function pidsOf(verdict: Verdict | null): number[] {
  return namedProcesses(verdict).map((entry) => entry.process.pid);
}

/** The process that owns the stats socket, when the verdict identified one. */
export function currentPidOf(verdict: Verdict | null): number | null {
  return namedProcesses(verdict).find((entry) => entry.role === 'current')?.process.pid ?? null;
}

/** Every process but the current one: predecessors and orphans, or all of them when unverifiable. */
export function otherPidsOf(verdict: Verdict | null): number[] {
  return namedProcesses(verdict)
    .filter((entry) => entry.role !== 'current')
    .map((entry) => entry.process.pid);
}
