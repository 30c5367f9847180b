/**
 * The Apply verdicts in both CPU modes as their own block of docs/benchmarks.md and their own
 * JSON (bench/results/verdicts-latest.json plus a dated copy), so `BENCH_ONLY=verdicts` renews
 * them without the page, restart and watch parts; the targets also go into the main table.
 */
import type { BackgroundSummary, Machine } from './machine.ts';
import {
  endpoints,
  POLL_INTERVAL_MS,
  RESULTS_DIR,
  table,
  writeDocBlock,
  writeFormatted,
  type ScenarioSummary,
  type Target,
} from './report.ts';
import { fmt, round, type Summary } from './stats.ts';
import type { ApplyRun } from './verdict-timing.ts';

export const VERDICTS_BLOCK_START = '<!-- bench:verdicts:start (written by npm run bench) -->';
export const VERDICTS_BLOCK_END = '<!-- bench:verdicts:end -->';

/** The look that decides an Apply's verdict: process list, `show info`, status, diff. */
export const DECIDING_LOOK_TARGET = 4;

export interface VerdictsResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: Machine;
  readonly background: BackgroundSummary;
  readonly config: { readonly applyRuns: number; readonly quietMs: number };
  readonly verdicts: ScenarioSummary[];
  readonly targets: Target[];
  readonly samples: { readonly applies: ApplyRun[] };
}

const ms = (s: Summary) => fmt(s, ' ms', 0);
const n = (s: Summary) => fmt(s, '', 0);
const yes = (met: boolean) => (met ? 'met' : '**missed**');
const mode = (v: ScenarioSummary) => (v.cpus === 'single' ? '1 CPU' : 'several');
const windowFloor = (v: ScenarioSummary) => v.cpus === 'single' && v.scenario === 'duplicate';

/** Time to verdict in every scenario and mode. */
export function verdictTimeTargets(verdicts: readonly ScenarioSummary[]): Target[] {
  return verdicts.map((v) => ({
    what: `time to verdict: ${v.label}`,
    target: windowFloor(v)
      ? `≤ end of the drain window + one polling interval (${POLL_INTERVAL_MS} ms)`
      : `≤ floor + one polling interval (${POLL_INTERVAL_MS} ms)`,
    measured: `${ms(v.timeToVerdictMs)}; floor ${ms(v.floorMs)}; over floor ${ms(v.overFloorMs)}`,
    met: v.overFloorMs.median <= POLL_INTERVAL_MS,
  }));
}

/** Calls per Apply now that the deciding look reads `export/diff`, and silence after it. */
export function applyCallTargets(verdicts: readonly ScenarioSummary[], quietMs: number): Target[] {
  const deciding = verdicts.map((v) => `${v.scenario} (${mode(v)}) ${n(v.decidingLookCalls)}`);
  const baseline = verdicts.map((v) => v.baselineCalls.max);
  const runs = verdicts.reduce((sum, v) => sum + v.runs, 0);
  const withDiff = verdicts.reduce((sum, v) => sum + v.diffInDecidingLook, 0);
  const after = verdicts.flatMap((v) => v.afterFinal.requests);
  return [
    {
      what: 'calls per Apply with the diff, in the look that decides',
      target: `≤ ${DECIDING_LOOK_TARGET}`,
      measured:
        `${deciding.join('; ')}; before the reload (baseline) ` +
        `${[...new Set([Math.min(...baseline), Math.max(...baseline)])].join('–')} more`,
      met: verdicts.every((v) => v.decidingLookCalls.max <= DECIDING_LOOK_TARGET),
    },
    {
      what: '`GET export/diff` read in the look that decides',
      target: 'every Apply',
      measured: `${withDiff} of ${runs}`,
      met: withDiff === runs,
    },
    {
      what: 'API requests once an Apply verdict is final',
      target: `none (watched ${quietMs / 1000} s after each)`,
      measured: `${after.reduce((a, b) => a + b, 0)} in ${after.length} windows`,
      met: after.every((count) => count === 0),
    },
  ];
}

export function verdictTargets(verdicts: readonly ScenarioSummary[], quietMs: number): Target[] {
  return [...verdictTimeTargets(verdicts), ...applyCallTargets(verdicts, quietMs)];
}

export function renderVerdictsMarkdown(r: VerdictsResults): string {
  const m = r.machine;
  const { atStart, maxDuring } = r.background;
  const out: string[] = [];
  out.push(
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\` in ${Math.round(r.durationS)} s ` +
      `(\`BENCH_ONLY=verdicts\`, ${r.config.applyRuns} Applies per scenario and mode): ${m.cpuModel}, ` +
      `${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. Medians with (min–max).`,
  );
  out.push(
    maxDuring.foreignChromium + maxDuring.foreignHaproxy === 0 && atStart.loadAverage1m < m.nproc
      ? `Nothing else ran: load average ${atStart.loadAverage1m} before the run.`
      : `**Taken on a loaded machine** (load average ${atStart.loadAverage1m} before the run` +
          (maxDuring.foreignChromium + maxDuring.foreignHaproxy > 0
            ? `; up to ${maxDuring.foreignChromium} Chromium and ${maxDuring.foreignHaproxy} ` +
              'haproxy processes of other runs during it'
            : '') +
          '): the times are noisy and pessimistic, the counts are not.',
  );
  out.push(
    table(
      ['what', 'target', 'measured', ''],
      r.targets.map((t) => [t.what, t.target, t.measured, yes(t.met)]),
    ),
  );

  const pairs = (['clean', 'duplicate', 'draining'] as const).map((scenario) => ({
    multi: r.verdicts.find((v) => v.scenario === scenario && v.cpus === 'multi'),
    single: r.verdicts.find((v) => v.scenario === scenario && v.cpus === 'single'),
  }));
  const cell = (v: ScenarioSummary | undefined, what: (v: ScenarioSummary) => string) =>
    v === undefined ? '–' : what(v);
  out.push(
    'Time from the reconfigure answer to the final verdict, several CPUs (whole command lines) ' +
      'against one CPU (first words only). On one CPU an orphan is reported only once the drain ' +
      "window of the reload that started the newest process has passed: its floor is that window's " +
      'end (the process’s start, read from /proc, plus the window of the stop settings).',
  );
  out.push(
    table(
      [
        'scenario',
        'final verdict (several / 1 CPU)',
        'several CPUs: time to verdict',
        'floor',
        '1 CPU: time to verdict',
        'floor',
        'over floor (several / 1 CPU)',
      ],
      pairs.map(({ multi, single }) => [
        (multi ?? single)?.label ?? '?',
        `${cell(multi, (v) => [...new Set(v.finalVerdicts)].join(', '))} / ${cell(single, (v) => [...new Set(v.finalVerdicts)].join(', '))}`,
        cell(multi, (v) => ms(v.timeToVerdictMs)),
        cell(multi, (v) => ms(v.floorMs)),
        cell(single, (v) => ms(v.timeToVerdictMs)),
        cell(single, (v) =>
          windowFloor(v) && v.runs > 0 ? `${ms(v.floorMs)} (window end)` : ms(v.floorMs),
        ),
        `${cell(multi, (v) => ms(v.overFloorMs))} / ${cell(single, (v) => ms(v.overFloorMs))}`,
      ]),
    ),
  );
  out.push(
    'Calls per Apply, counted at the stand-in from the click to the final verdict: the baseline ' +
      "sent before the page's reconfigure request reached the firewall, then each look after it; " +
      'the last look decided the verdict.',
  );
  out.push(
    table(
      [
        'scenario',
        'CPUs',
        'baseline',
        'looks',
        'deciding look',
        'deciding look by endpoint',
        'whole Apply (stand-in / CheckRecord)',
        `in the ${r.config.quietMs / 1000} s after`,
      ],
      r.verdicts.map((v) => [
        v.scenario,
        mode(v),
        n(v.baselineCalls),
        n(v.looks),
        n(v.decidingLookCalls),
        endpoints(v.decidingLookByEndpoint),
        `${n(v.requests)} / ${n(v.recordApiCalls)}`,
        String(v.afterFinal.requests.reduce((a, b) => a + b, 0)),
      ]),
    ),
  );
  out.push(
    table(
      ['scenario', 'CPUs', 'requests by endpoint (whole Apply)'],
      r.verdicts.map((v) => [v.scenario, mode(v), endpoints(v.byEndpoint)]),
    ),
  );
  return out.join('\n\n');
}

export async function writeVerdictsResults(
  r: VerdictsResults,
  markdown: string,
): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const latest = `${RESULTS_DIR}/verdicts-latest.json`;
  const dated = `${RESULTS_DIR}/verdicts-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(latest, json);
  await writeFormatted(dated, json);
  const written = [latest, dated];
  if (await writeDocBlock(VERDICTS_BLOCK_START, VERDICTS_BLOCK_END, markdown)) {
    written.push('docs/benchmarks.md');
  }
  return written;
}
