/**
 * The Apply scenarios (clean, orphan, draining) run several times in each CPU mode, and their
 * summaries: time to verdict, floors, and the calls of the baseline and of each look.
 */
import type { ScenarioSummary } from './report.ts';
import { summarize } from './stats.ts';
import {
  runApply,
  SCENARIOS,
  type ApplyRun,
  type CpuMode,
  type RunContext,
  type Scenario,
} from './verdict-timing.ts';

export interface VerdictRunsOptions {
  readonly runs: number;
  readonly modes: readonly CpuMode[];
  /** Click "Restart HAProxy" after each multi-CPU orphan (the remediation figures). */
  readonly remediate: boolean;
  readonly progress: (message: string) => void;
}

const MODE_LABEL: Readonly<Record<CpuMode, string>> = { multi: '', single: ', 1 CPU' };

/** Runs every Apply; each one's last quiet window overlaps the next run (see runApply). */
export async function runApplies(
  ctx: RunContext,
  { runs, modes, remediate, progress }: VerdictRunsOptions,
): Promise<ApplyRun[]> {
  const pending: Promise<{ ok: true; run: ApplyRun } | { ok: false; error: unknown }>[] = [];
  for (const cpus of modes) {
    for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
      for (let i = 1; i <= runs; i++) {
        progress(`Apply ${scenario}${MODE_LABEL[cpus]} ${i}/${runs}`);
        const { done } = await runApply(ctx, scenario, {
          cpus,
          // The restart is measured once, on the multi-CPU stand-in.
          remediate: remediate && cpus === 'multi',
        });
        pending.push(
          done.then(
            (r) => ({ ok: true, run: r }) as const,
            (error: unknown) => ({ ok: false, error }) as const,
          ),
        );
      }
    }
  }
  progress('waiting for the last quiet windows');
  const settled = await Promise.all(pending);
  for (const s of settled) if (!s.ok) throw s.error;
  return settled.flatMap((s) => (s.ok ? [s.run] : []));
}

export function endpointCounts(
  counts: readonly Record<string, number>[],
): Record<string, number[]> {
  const keys = new Set(counts.flatMap((c) => Object.keys(c)));
  const result: Record<string, number[]> = {};
  for (const key of [...keys].sort()) result[key] = counts.map((c) => c[key] ?? 0);
  return result;
}

export const CONFIG_DIFF = 'GET /api/haproxy/export/diff';

export function scenarioSummary(
  scenario: Scenario,
  cpus: CpuMode,
  runs: readonly ApplyRun[],
  quietMs: number,
): ScenarioSummary {
  const of = runs.filter((r) => r.scenario === scenario && r.cpus === cpus);
  const deciding = of.map((r) => r.looks.looks[r.looks.looks.length - 1]);
  return {
    scenario,
    cpus,
    label: `${SCENARIOS[scenario].label}${cpus === 'single' ? ', 1 CPU (fault singleCpu)' : ''}`,
    runs: of.length,
    finalVerdicts: of.map((r) => r.finalVerdict),
    timeToVerdictMs: summarize(of.map((r) => r.timeToVerdictMs)),
    timeToFirstVerdictMs: summarize(of.map((r) => r.timeToFirstVerdictMs)),
    floorMs: summarize(of.map((r) => r.floorMs)),
    overFloorMs: summarize(of.map((r) => r.timeToVerdictMs - r.floorMs)),
    processListMs: summarize(of.map((r) => r.processListMs)),
    observationMs: summarize(of.map((r) => r.observationMs)),
    extensionProcessListServerMs: summarize(of.flatMap((r) => r.extensionProcessListServerMs)),
    requests: summarize(of.map((r) => r.requests.total)),
    processListCalls: summarize(of.map((r) => r.requests.processList)),
    recordProcessListCalls: summarize(of.map((r) => r.record.processListCalls)),
    recordApiCalls: summarize(of.map((r) => r.record.apiCalls)),
    byEndpoint: endpointCounts(of.map((r) => r.requests.byEndpoint)),
    baselineCalls: summarize(of.map((r) => r.looks.baseline.total)),
    looks: summarize(of.map((r) => r.looks.looks.length)),
    decidingLookCalls: summarize(deciding.map((look) => look?.total ?? 0)),
    decidingLookByEndpoint: endpointCounts(deciding.map((look) => look?.byEndpoint ?? {})),
    diffInDecidingLook: deciding.filter((look) => (look?.byEndpoint[CONFIG_DIFF] ?? 0) > 0).length,
    afterFinal: { windowMs: quietMs, requests: of.map((r) => r.after.requests.total) },
  };
}
