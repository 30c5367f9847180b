/** The PIDs a verdict names: every haproxy process it saw, and the current one. */
import type { Verdict } from './model.ts';

export function pidsOf(verdict: Verdict | null): number[] {
  if (!verdict) return [];
  switch (verdict.kind) {
    case 'clean':
    case 'not-live':
    case 'not-reloaded':
      return [verdict.current.process.pid];
    case 'draining':
    case 'duplicate':
      return verdict.processes.map((entry) => entry.process.pid);
    case 'unverifiable':
      return verdict.processes.map((process) => process.pid);
    case 'stopped':
      return [];
  }
}

/** The process that owns the stats socket, when the verdict identified one. */
export function currentPidOf(verdict: Verdict | null): number | null {
  if (!verdict) return null;
  if (verdict.kind === 'clean' || verdict.kind === 'not-live' || verdict.kind === 'not-reloaded')
    return verdict.current.process.pid;
  if (verdict.kind === 'draining' || verdict.kind === 'duplicate') {
    return verdict.processes.find((entry) => entry.role === 'current')?.process.pid ?? null;
  }
  return null;
}
