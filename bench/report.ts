/**
 * Turns the measurements into the two outputs: JSON (bench/results/latest.json plus a dated copy,
 * committed so later changes can be compared) and a markdown report (stdout, and the generated
 * block of docs/benchmarks.md).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Background, BackgroundSummary, Machine } from './machine.ts';
import type { InjectedFile } from './page-probes.ts';
import { fmt, round, type Summary } from './stats.ts';
import type { CpuMode, RemediationFloor, Scenario } from './verdict-timing.ts';

export const RESULTS_DIR = 'bench/results';
export const DOC_PATH = 'docs/benchmarks.md';
export const BLOCK_START = '<!-- bench:results:start (written by npm run bench) -->';
export const BLOCK_END = '<!-- bench:results:end -->';

/** One polling interval of the check runner while draining (drainingDelayMs, first 10 s). */
export const POLL_INTERVAL_MS = 1_000;

export interface Target {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface OtherPage {
  readonly label: string;
  readonly path: string;
  readonly contexts: number;
  readonly scripts: string[];
  /** Extension main-thread time there (traced), ms; null when nothing was injected. */
  readonly workMs: Summary | null;
}

export interface ScenarioSummary {
  readonly scenario: Scenario;
  readonly cpus: CpuMode;
  readonly label: string;
  readonly runs: number;
  readonly finalVerdicts: string[];
  readonly timeToVerdictMs: Summary;
  readonly timeToFirstVerdictMs: Summary;
  readonly floorMs: Summary;
  readonly overFloorMs: Summary;
  readonly processListMs: Summary;
  readonly observationMs: Summary;
  readonly extensionProcessListServerMs: Summary;
  readonly requests: Summary;
  readonly processListCalls: Summary;
  readonly recordProcessListCalls: Summary;
  readonly recordApiCalls: Summary;
  readonly byEndpoint: Record<string, number[]>;
  /** Calls sent before the reload reached the firewall (the baseline). */
  readonly baselineCalls: Summary;
  /** Looks after the reload, the deciding one included. */
  readonly looks: Summary;
  /** Calls of the look that decided the final verdict. */
  readonly decidingLookCalls: Summary;
  readonly decidingLookByEndpoint: Record<string, number[]>;
  /** Runs whose deciding look read `export/diff`. */
  readonly diffInDecidingLook: number;
  readonly afterFinal: { readonly windowMs: number; readonly requests: number[] };
}

export interface RemediationSummary {
  readonly runs: number;
  readonly outcomes: string[];
  readonly clickToVerifiedMs: Summary;
  readonly floorMs: Summary;
  readonly stopMs: Summary;
  readonly startMs: Summary;
  readonly requests: Summary;
  readonly byEndpoint: Record<string, number[]>;
  readonly afterFinal: { readonly windowMs: number; readonly requests: number[] };
  readonly floors: RemediationFloor[];
}

export interface BenchResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: Machine;
  readonly background: BackgroundSummary;
  readonly config: {
    readonly loadPairs: number;
    readonly tracedLoads: number;
    readonly applyRuns: number;
    readonly quietMs: number;
  };
  readonly page: {
    readonly injected: InjectedFile[];
    readonly loadEventMs: { readonly with: Summary; readonly without: Summary };
    readonly loadRatio: Summary;
    /** The same measurement between two browsers that both lack the extension: the noise. */
    readonly controlRatio: Summary;
    readonly domContentLoadedRatio: Summary;
    readonly loadAfterDclMs: { readonly with: Summary; readonly without: Summary };
    /** CPU time of the page's main thread spent on the extension (trace `tdur`). */
    readonly mainThreadMs: Summary;
    /** The same events in wall time (includes moments the thread was not running). */
    readonly mainThreadWallMs: Summary;
    readonly evaluateMs: Record<string, Summary>;
    readonly messagingMs: Summary;
    readonly idleAfterMs: Summary;
    readonly longTasksWithExtension: number;
    readonly longestTaskWithExtensionMs: Summary;
    readonly scriptDurationMs: { readonly with: Summary; readonly without: Summary };
    readonly longTasksSeen: { readonly with: Summary; readonly without: Summary };
    readonly heapBytes: { readonly with: Summary; readonly without: Summary };
    readonly domNodes: { readonly with: Summary; readonly without: Summary };
    readonly jsEventListeners: { readonly with: Summary; readonly without: Summary };
    readonly otherPages: OtherPage[];
  };
  readonly verdicts: ScenarioSummary[];
  readonly remediation: RemediationSummary;
  readonly targets: Target[];
  /** Every single measurement, for comparisons the summaries do not cover. */
  readonly samples: unknown;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const yes = (met: boolean) => (met ? 'met' : '**missed**');
const ms = (s: Summary, digits = 0) => fmt(s, ' ms', digits);

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function endpoints(byEndpoint: Record<string, number[]>): string {
  return Object.entries(byEndpoint)
    .map(([endpoint, counts]) => {
      const short = endpoint.replace(/^(GET|POST) \/api\//, '$1 ');
      const values = [...new Set(counts)].sort((a, b) => a - b);
      return `${short} ×${values.join('/')}`;
    })
    .join('; ');
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const p = r.page;
  const out: string[] = [];
  out.push(
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\` in ${Math.round(r.durationS)} s: ` +
      `${m.cpuModel}, ${m.nproc} cores, ${m.memoryGiB} GiB RAM, ${m.os} (kernel ${m.kernel}); ` +
      `${m.chromium} headless, ${m.haproxy}, node ${m.node}, playwright-core ${m.playwright}. ` +
      `Figures are medians with (min–max) over the runs given.`,
  );
  const { atStart, maxDuring } = r.background;
  const foreign = (b: Background) =>
    `${b.foreignChromium} Chromium and ${b.foreignHaproxy} haproxy processes`;
  out.push(
    maxDuring.foreignChromium + maxDuring.foreignHaproxy === 0
      ? `Nothing else ran: load average ${atStart.loadAverage1m} before the run, no other Chromium or haproxy during it.`
      : `**Other test runs shared the machine**, so timings are pessimistic: load average ` +
          `${atStart.loadAverage1m} before the run; up to ${foreign(maxDuring)} not ours during it.`,
  );

  out.push('### Targets');
  out.push(
    table(
      ['what', 'target', 'measured', ''],
      r.targets.map((t) => [t.what, t.target, t.measured, yes(t.met)]),
    ),
  );

  out.push('### Weight on the page');
  out.push(
    table(
      ['measure', 'value'],
      [
        ...p.injected.map((f) => [
          `injected: \`${f.file}\` (${f.world === 'MAIN' ? 'MAIN world' : 'isolated world'})`,
          `${f.bytes} B raw, ${f.gzipBytes} B gzip -9 (${kib(f.bytes)} / ${kib(f.gzipBytes)})`,
        ]),
        [
          `HAProxy page \`load\` event, with / without the extension (${r.config.loadPairs} interleaved pairs)`,
          `${ms(p.loadEventMs.with)} / ${ms(p.loadEventMs.without)}`,
        ],
        ['ratio with / without, per pair', fmt(p.loadRatio, '', 2)],
        [
          'control: the same ratio between two browsers without it (noise)',
          fmt(p.controlRatio, '', 2),
        ],
        ['`DOMContentLoaded` ratio with / without', fmt(p.domContentLoadedRatio, '', 2)],
        [
          '`load` minus `DOMContentLoaded`, with / without',
          `${ms(p.loadAfterDclMs.with)} / ${ms(p.loadAfterDclMs.without)}`,
        ],
        [
          `main-thread CPU time of the extension per load (trace, ${r.config.tracedLoads} loads)`,
          ms(p.mainThreadMs, 1),
        ],
        ...Object.entries(p.evaluateMs).map(([file, s]) => [`… evaluating \`${file}\``, ms(s, 1)]),
        ['… message handling (content-ready answer)', ms(p.messagingMs, 1)],
        [
          'the same events in wall time (the thread may have waited for a core)',
          ms(p.mainThreadWallMs, 1),
        ],
        ['first to last extension work on the page (until idle)', ms(p.idleAfterMs)],
        [
          'long tasks (≥ 50 ms) containing extension work',
          `${p.longTasksWithExtension} in ${r.config.tracedLoads} loads; longest task with extension work ${ms(p.longestTaskWithExtensionMs, 1)}`,
        ],
        [
          'long tasks the page observed (PerformanceObserver), with / without',
          `${fmt(p.longTasksSeen.with, '', 0)} / ${fmt(p.longTasksSeen.without, '', 0)}`,
        ],
        [
          'CDP `ScriptDuration` per load, with / without (cross-check)',
          `${ms(p.scriptDurationMs.with)} / ${ms(p.scriptDurationMs.without)}`,
        ],
        [
          'JS heap of the page after GC (`Runtime.getHeapUsage`), with / without',
          `${kib(p.heapBytes.with.median)} / ${kib(p.heapBytes.without.median)} (+${kib(p.heapBytes.with.median - p.heapBytes.without.median)})`,
        ],
        [
          'DOM nodes / JS event listeners (`Memory.getDOMCounters`), with / without',
          `${fmt(p.domNodes.with, '', 0)} / ${fmt(p.domNodes.without, '', 0)} nodes; ${fmt(p.jsEventListeners.with, '', 0)} / ${fmt(p.jsEventListeners.without, '', 0)} listeners`,
        ],
      ],
    ),
  );

  out.push(
    'Other OPNsense pages (CDP `Runtime.executionContextCreated` + `Debugger.scriptParsed`):',
  );
  out.push(
    table(
      ['page', 'extension contexts', 'extension scripts parsed', 'extension main-thread CPU time'],
      p.otherPages.map((o) => [
        `${o.label} \`${o.path}\``,
        String(o.contexts),
        o.scripts.length === 0 ? 'none' : o.scripts.map((s) => `\`${s}\``).join(', '),
        o.workMs === null ? '–' : ms(o.workMs, 1),
      ]),
    ),
  );

  out.push('### Time to verdict and load on the firewall');
  out.push(
    `From the arrival of the page's reconfigure answer to the final verdict (\`CheckRecord.verdictAt\`). ` +
      `Floor: one direct process-list call on the same stand-in (clean, duplicate), the predecessor's ` +
      `measured exit (draining). Requests are counted at the stand-in, from the click to the final verdict.`,
  );
  out.push(
    table(
      [
        'scenario',
        'runs',
        'final verdict',
        'time to verdict',
        'floor',
        'over floor',
        'extension API requests (stand-in / CheckRecord)',
        'of which process-list calls',
        `requests in the ${r.config.quietMs / 1000} s after the verdict`,
      ],
      r.verdicts.map((v) => [
        v.label,
        String(v.runs),
        [...new Set(v.finalVerdicts)].join(', '),
        ms(v.timeToVerdictMs),
        ms(v.floorMs),
        ms(v.overFloorMs),
        `${fmt(v.requests, '', 0)} / ${fmt(v.recordApiCalls, '', 0)}`,
        `${fmt(v.processListCalls, '', 0)} / ${fmt(v.recordProcessListCalls, '', 0)}`,
        String(v.afterFinal.requests.reduce((a, b) => a + b, 0)),
      ]),
    ),
  );
  out.push(
    table(
      ['scenario', 'requests by endpoint (per Apply)', 'first verdict after', 'process-list call'],
      r.verdicts.map((v) => [
        v.scenario,
        endpoints(v.byEndpoint),
        ms(v.timeToFirstVerdictMs),
        `${ms(v.processListMs, 1)} direct; ${ms(v.extensionProcessListServerMs, 1)} server-side for the extension's`,
      ]),
    ),
  );

  const fix = r.remediation;
  out.push('### Remediation');
  out.push(
    table(
      ['measure', 'value'],
      [
        [
          'runs (after each duplicate above)',
          `${fix.runs}: ${[...new Set(fix.outcomes)].join(', ')}`,
        ],
        ['click on "Restart HAProxy" → verified `clean`', ms(fix.clickToVerifiedMs)],
        [
          'floor: stop → process list → start → list + info + status, called directly',
          `${ms(fix.floorMs)} (stop ${ms(fix.stopMs)}, start ${ms(fix.startMs)})`,
        ],
        ['extension API requests', `${fmt(fix.requests, '', 0)}: ${endpoints(fix.byEndpoint)}`],
        [
          `requests in the ${fix.afterFinal.windowMs / 1000} s after the verified clean`,
          String(fix.afterFinal.requests.reduce((a, b) => a + b, 0)),
        ],
      ],
    ),
  );

  out.push('### Next to the manual procedure');
  out.push(
    'What the seed analysis tells an admin to do after each Apply. None of it is measurable here ' +
      '(it needs a shell on the firewall, other clients and a person), so there are no figures for it; ' +
      'the right-hand column is what the extension does instead, measured above.',
  );
  out.push(
    table(
      ['manual step (seed analysis)', 'what it takes', 'the extension'],
      [
        [
          '`ps aux \\| grep haproxy`: count the processes',
          'SSH/console login; reading PIDs and `-sf` arguments by eye',
          `one process-list call per look (${fmt(r.verdicts[0]?.processListCalls ?? emptySummary(), '', 0)} per clean Apply), verdict ${ms(r.verdicts[0]?.timeToVerdictMs ?? emptySummary())} after the reconfigure answer`,
        ],
        [
          '`sockstat -l`: see which processes hold the port',
          'shell; knowing which PID is old',
          'not needed: the process list and `show info` name the current PID and its predecessors',
        ],
        [
          'testing different user/IP combinations',
          'several clients, IPv4 and IPv6, repeated (the split is random, about half the connections)',
          'not needed: an orphan is seen directly, not through failed logins',
        ],
        [
          '`service haproxy restart` / `pkill -o haproxy`',
          'shell; a restart signals only the pidfile PID, so it does not clear an orphan (docs/opnsense.md §2)',
          `one click: stop (ends every process), start, verified: ${ms(fix.clickToVerifiedMs)}`,
        ],
      ],
    ),
  );
  return out.join('\n\n');
}

function emptySummary(): Summary {
  return {
    n: 0,
    median: Number.NaN,
    min: Number.NaN,
    max: Number.NaN,
    p10: Number.NaN,
    p90: Number.NaN,
  };
}

/** Replaces the generated block between `start` and `end` in docs/benchmarks.md, if both are there. */
export async function writeDocBlock(
  start: string,
  end: string,
  markdown: string,
): Promise<boolean> {
  if (!existsSync(DOC_PATH)) return false;
  const doc = readFileSync(DOC_PATH, 'utf8');
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to <= from) return false;
  await writeFormatted(
    DOC_PATH,
    `${doc.slice(0, from + start.length)}\n\n${markdown}\n\n${doc.slice(to)}`,
  );
  return true;
}

export async function writeFormatted(path: string, text: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

/** JSON for machines, the dated copy, and the generated block of docs/benchmarks.md. */
export async function writeResults(results: BenchResults, markdown: string): Promise<string[]> {
  const json = JSON.stringify(results, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/${results.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(BLOCK_START);
    const end = doc.indexOf(BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
