/**
 * The page-open figures as their own block of docs/benchmarks.md and their own JSON
 * (bench/results/page-open-latest.json plus a dated copy), so `BENCH_ONLY=page-open` can renew
 * them without the rest of the benchmark.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Machine } from './machine.ts';
import type {
  OtherPageCost,
  PageOpenMeasurement,
  PageOpenScenario,
  Requests,
} from './page-open.ts';
import { PAGE_OPEN_SCENARIOS } from './page-open.ts';
import { DOC_PATH, RESULTS_DIR, writeFormatted, type Target } from './report.ts';
import { fmt, round, summarize } from './stats.ts';

export const PAGE_OPEN_BLOCK_START = '<!-- bench:page-open:start (written by npm run bench) -->';
export const PAGE_OPEN_BLOCK_END = '<!-- bench:page-open:end -->';

export interface PageOpenResults extends PageOpenMeasurement {
  readonly schema: 1;
  readonly startedAt: string;
  readonly machine: Machine;
  readonly targets: Target[];
}

const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
const counts = (values: readonly number[]) => fmt(summarize(values), '', 0);
const yes = (met: boolean) => (met ? 'met' : '**missed**');
const INFO_PATH = '/api/haproxy/statistics/info';
const INFO = `GET ${INFO_PATH}`;

function endpoints(requests: readonly Requests[]): string {
  const keys = [...new Set(requests.flatMap((r) => Object.keys(r.byEndpoint)))].sort();
  if (keys.length === 0) return 'none';
  return keys
    .map((key) => {
      const values = [...new Set(requests.map((r) => r.byEndpoint[key] ?? 0))].sort(
        (a, b) => a - b,
      );
      return `${key.replace(/^(GET|POST) \/api\//, '$1 ')} ×${values.join('/')}`;
    })
    .join('; ');
}

export function pageOpenTargets(m: PageOpenMeasurement): Target[] {
  const opens = m.runs;
  const reloads = opens.flatMap((run) => run.reloads);
  const orphans = opens.filter((run) => run.scenario === 'orphan');
  const cleans = opens.filter((run) => run.scenario === 'clean');
  const shellReloads = opens.flatMap((run) => (run.afterShellReload ? [run.afterShellReload] : []));
  const otherTotal = m.otherPages.reduce((sum, page) => sum + page.requests.total, 0);
  return [
    {
      what: 'process-list calls per HAProxy page open, no look at that firewall within 10 min',
      target: '≤ 1',
      measured: `${counts(opens.map((r) => r.requests.processList))} in ${opens.length} opens; control ${m.control.processList}`,
      met: opens.every((r) => r.requests.processList <= 1),
    },
    {
      what: 'calls per reload of the HAProxy page within the 10 min, nothing changed',
      target: '1 statistics/info, 0 process-list',
      measured: `${counts(reloads.map((r) => r.requests.total))} (${endpoints(reloads.map((r) => r.requests))}); process-list ${reloads.reduce((sum, r) => sum + r.requests.processList, 0)} in ${reloads.length} reloads`,
      met:
        reloads.length > 0 &&
        reloads.every((r) => r.requests.total === 1 && r.requests.byEndpoint[INFO] === 1),
    },
    {
      what: 'an orphan left from the shell within the 10 min: the warning on the next page open',
      target: 'statistics/info first, then one look (1 process-list); the warning, every time',
      measured: `${shellReloads.filter((r) => r.panelShown && r.verdict === 'duplicate').length}/${shellReloads.length} shown; statistics/info first in ${shellReloads.filter((r) => r.firstPath === INFO_PATH).length}/${shellReloads.length}; process-list ${counts(shellReloads.map((r) => r.requests.processList))}; page open → verdict ${fmt(summarize(shellReloads.map((r) => r.openToVerdictMs)), ' ms', 0)}`,
      met:
        shellReloads.length > 0 &&
        shellReloads.every(
          (r) =>
            r.panelShown &&
            r.verdict === 'duplicate' &&
            r.firstPath === INFO_PATH &&
            r.requests.processList === 1,
        ),
    },
    {
      what: `requests on pages where nothing happens (${m.otherPages.map((p) => p.label).join(', ')})`,
      target: 'none',
      measured: `${otherTotal}; the HAProxy page on the same stand-in: ${m.control.total} (the method's control)`,
      met: otherTotal === 0 && m.control.processList === 1,
    },
    {
      what: 'an orphan left from the shell: the warning on opening the page, within one look',
      target: 'the warning, every time',
      measured: `${orphans.filter((r) => r.panelShown && r.verdict === 'duplicate').length}/${orphans.length} shown; page open → verdict ${fmt(summarize(orphans.map((r) => r.openToVerdictMs)), ' ms', 0)}`,
      met: orphans.length > 0 && orphans.every((r) => r.panelShown && r.verdict === 'duplicate'),
    },
    {
      what: 'a clean firewall: nothing on the page',
      target: 'no panel, not even briefly',
      measured: `panel shown in ${cleans.filter((r) => r.panelShown).length} of ${cleans.length} opens and ${reloads.filter((r) => r.panelShown).length} of ${reloads.length} reloads`,
      met: cleans.every((r) => !r.panelShown) && reloads.every((r) => !r.panelShown),
    },
  ];
}

export function renderPageOpenMarkdown(r: PageOpenResults): string {
  const m = r.machine;
  const scenarioRows = (Object.keys(PAGE_OPEN_SCENARIOS) as PageOpenScenario[]).map((scenario) => {
    const runs = r.runs.filter((run) => run.scenario === scenario);
    return [
      PAGE_OPEN_SCENARIOS[scenario],
      String(runs.length),
      [...new Set(runs.map((run) => run.verdict))].join(', '),
      `${runs.filter((run) => run.panelShown).length}/${runs.length}`,
      counts(runs.map((run) => run.requests.total)),
      `${counts(runs.map((run) => run.requests.processList))} / ${counts(runs.map((run) => run.recordProcessListCalls))}`,
      endpoints(runs.map((run) => run.requests)),
      fmt(summarize(runs.map((run) => run.openToVerdictMs)), ' ms', 0),
    ];
  });
  const shellReloads = r.runs.flatMap((run) =>
    run.afterShellReload ? [run.afterShellReload] : [],
  );
  scenarioRows.push([
    'the same clean stand-in within the 10 min, after `configctl haproxy reload` left an orphan',
    String(shellReloads.length),
    [...new Set(shellReloads.map((run) => run.verdict))].join(', '),
    `${shellReloads.filter((run) => run.panelShown).length}/${shellReloads.length}`,
    counts(shellReloads.map((run) => run.requests.total)),
    `${counts(shellReloads.map((run) => run.requests.processList))} / ${counts(shellReloads.map((run) => run.recordProcessListCalls))}`,
    endpoints(shellReloads.map((run) => run.requests)),
    fmt(summarize(shellReloads.map((run) => run.openToVerdictMs)), ' ms', 0),
  ]);
  const reloads = r.runs.flatMap((run) => run.reloads);
  const pageRows = (pages: readonly OtherPageCost[]) =>
    pages.map((page) => [
      `${page.label} \`${page.path}\``,
      String(page.requests.total),
      endpoints([page.requests]),
    ]);
  return [
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpuModel}, ${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. Requests from the extension counted at the stand-in from the navigation to ${round(r.quietMs / 1000, 1)} s after the look's verdict (or the page's \`load\`); medians with (min–max).`,
    table(
      ['what', 'target', 'measured', ''],
      r.targets.map((t) => [t.what, t.target, t.measured, yes(t.met)]),
    ),
    table(
      [
        'HAProxy page opened on',
        'opens',
        'verdict of the look',
        'panel shown',
        'extension API requests',
        'process-list calls (stand-in / CheckRecord)',
        'by endpoint',
        'page open → verdict',
      ],
      scenarioRows,
    ),
    table(
      ['page', 'extension API requests', 'by endpoint'],
      [
        ...pageRows(r.otherPages),
        [
          `reload of the HAProxy page within the 10 min, nothing changed (${reloads.length} reloads)`,
          counts(reloads.map((reload) => reload.requests.total)),
          endpoints(reloads.map((reload) => reload.requests)),
        ],
        [
          'control: the HAProxy page, first open on that stand-in',
          String(r.control.total),
          endpoints([r.control]),
        ],
      ],
    ),
  ].join('\n\n');
}

export async function writePageOpenResults(
  r: PageOpenResults,
  markdown: string,
): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/page-open-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/page-open-latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/page-open-latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(PAGE_OPEN_BLOCK_START);
    const end = doc.indexOf(PAGE_OPEN_BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + PAGE_OPEN_BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
