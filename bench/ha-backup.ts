/**
 * HA pairs: the time from the master's answer to "Synchronize and Restart" (Status › High
 * Availability, which restarts HAProxy on the backup, docs/opnsense.md §8) to the extension's
 * verdict on the backup, in real Chromium with the e2e build against an HA pair of stand-ins
 * (test/sim/README.md "HA pair"). Target: at most one process-list call on the backup plus one
 * polling interval. Also counted at the stand-ins: the backup's API calls per HA restart (the
 * look) and the master's (`hasync/get`, to find the backup). Its own block of docs/benchmarks.md
 * and its own JSON; `BENCH_ONLY=ha-backup` runs it alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CheckRecord } from '../src/shared/check-state.ts';
import { orphanFromTheShell } from '../test/e2e/support/behind-the-gui.ts';
import { logIn, openHaproxyPage } from '../test/e2e/support/opnsense-page.ts';
import { fetchFromSim, startSimPair, type Sim, type SimPair } from '../test/sim/index.ts';
import type { BenchBrowser } from './browsers.ts';
import { waitForRecord } from './check-records.ts';
import { track } from './cleanup.ts';
import type { Machine } from './machine.ts';
import { DOC_PATH, POLL_INTERVAL_MS, RESULTS_DIR, writeFormatted, type Target } from './report.ts';
import { fmt, round, summarize } from './stats.ts';

export const HA_BLOCK_START = '<!-- bench:ha-backup:start (written by npm run bench) -->';
export const HA_BLOCK_END = '<!-- bench:ha-backup:end -->';

export type HaScenario = 'orphan' | 'clean';
const SCENARIOS: Readonly<Record<HaScenario, string>> = {
  orphan: 'an orphan on the backup (left by `configctl haproxy reload` from its shell)',
  clean: 'a clean backup',
};

export interface HaRun {
  readonly scenario: HaScenario;
  readonly verdict: string;
  /** The restart request's `responseEnd` in the master's page → the backup check's `verdictAt`. */
  readonly answerToVerdictMs: number;
  /** One `get_activity` on the backup, timed from node right after: the floor's unit. */
  readonly processListMs: number;
  readonly backupApiCalls: number;
  readonly backupProcessLists: number;
  readonly recordProcessListCalls: number;
  /** The extension's calls to the master for it: `hasync/get`. */
  readonly masterApiCalls: number;
}

export interface HaResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly machine: Machine;
  readonly runs: HaRun[];
  readonly targets: Target[];
}

const PROCESS_LIST = '/api/diagnostics/activity/get_activity';

async function timedProcessList(sim: Sim): Promise<number> {
  const { key, secret } = sim.credentials.apiKey;
  const started = performance.now();
  const response = await fetchFromSim(sim, PROCESS_LIST, {
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
  });
  await response.text();
  return performance.now() - started;
}

async function haRun(browser: BenchBrowser, scenario: HaScenario): Promise<HaRun> {
  const pair: SimPair = await startSimPair();
  const stop = track(`sim pair ${pair.master.url}`, () => pair.stop());
  const page = await browser.context.newPage();
  try {
    const { master, backup } = pair;
    // The admin used the backup's GUI once: its session, and the extension knows the backup.
    await logIn(page, backup.url, backup.credentials.admin.user, backup.credentials.admin.password);
    await openHaproxyPage(page, backup.url);
    await waitForRecord(browser, backup.url, (r) => r.phase === 'done', {
      what: 'the page-open look at the backup',
      timeoutMs: 60_000,
    });
    if (scenario === 'orphan') await orphanFromTheShell(backup);
    await logIn(page, master.url, master.credentials.admin.user, master.credentials.admin.password);
    await page.goto(`${master.url}/ui/core/hasync_status`);
    const button = page.locator(
      '#grid_services tr[data-row-id="haproxy"] [data-service_action="restart"]',
    );
    await button.waitFor();
    const since = Date.now();
    const path = '/api/core/hasync_status/restart/haproxy/';
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === path, {
      timeout: 60_000,
    });
    await button.click();
    await (await answered).finished();
    const answeredAt = await page.evaluate((wanted) => {
      const entry = performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname === wanted)
        .at(-1) as PerformanceResourceTiming | undefined;
      return entry ? performance.timeOrigin + entry.responseEnd : Number.NaN;
    }, path);
    const check: CheckRecord = await waitForRecord(
      browser,
      backup.url,
      (r) => r.trigger === 'ha-backup' && r.phase === 'done',
      { what: "the HA backup's check", timeoutMs: 60_000 },
    );
    const processListMs = await timedProcessList(backup);
    const backupApi = backup
      .requests({ since })
      .filter((r) => r.path.startsWith('/api/') && !r.apiKey);
    return {
      scenario,
      verdict: check.verdict?.kind ?? `error:${check.error?.kind ?? '?'}`,
      answerToVerdictMs: (check.verdictAt ?? Number.NaN) - answeredAt,
      processListMs,
      backupApiCalls: backupApi.length,
      backupProcessLists: backupApi.filter((r) => r.path === PROCESS_LIST).length,
      recordProcessListCalls: check.processListCalls,
      masterApiCalls: master.requests({ since }).filter((r) => r.path === '/api/core/hasync/get')
        .length,
    };
  } finally {
    await page.close().catch(() => undefined);
    await stop();
  }
}

export async function measureHaBackup(
  browser: BenchBrowser,
  runs: number,
  progress: (message: string) => void,
): Promise<HaRun[]> {
  const results: HaRun[] = [];
  for (const scenario of Object.keys(SCENARIOS) as HaScenario[]) {
    for (let i = 1; i <= runs; i++) {
      progress(`HA backup: ${scenario} ${i}/${runs}`);
      results.push(await haRun(browser, scenario));
    }
  }
  return results;
}

export function haTargets(runs: readonly HaRun[]): Target[] {
  const over = runs.map((r) => r.answerToVerdictMs - r.processListMs);
  return [
    {
      what: "the master's HA restart answer → the backup's verdict",
      target: `≤ one process-list call + one poll (${POLL_INTERVAL_MS} ms)`,
      measured: `${fmt(summarize(runs.map((r) => r.answerToVerdictMs)), ' ms', 0)}; over one process-list call ${fmt(summarize(over), ' ms', 0)}`,
      met: runs.length > 0 && over.every((ms) => ms <= POLL_INTERVAL_MS),
    },
    {
      what: 'process-list calls on the backup per HA restart',
      target: '1',
      measured: `${fmt(summarize(runs.map((r) => r.backupProcessLists)), '', 0)} at the stand-in; ${fmt(summarize(runs.map((r) => r.recordProcessListCalls)), '', 0)} in the CheckRecord`,
      met: runs.every((r) => r.backupProcessLists === 1),
    },
    {
      what: 'the verdict on the backup',
      target: '`duplicate` with an orphan, `clean` without',
      measured: (Object.keys(SCENARIOS) as HaScenario[])
        .map(
          (s) =>
            `${s}: ${[...new Set(runs.filter((r) => r.scenario === s).map((r) => r.verdict))].join(', ')}`,
        )
        .join('; '),
      met: runs.every((r) => r.verdict === (r.scenario === 'orphan' ? 'duplicate' : 'clean')),
    },
  ];
}

export function renderHaMarkdown(r: HaResults): string {
  const m = r.machine;
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  const rows = (Object.keys(SCENARIOS) as HaScenario[]).map((scenario) => {
    const runs = r.runs.filter((run) => run.scenario === scenario);
    const s = (pick: (run: HaRun) => number, unit = '', digits = 0) =>
      fmt(summarize(runs.map(pick)), unit, digits);
    return [
      SCENARIOS[scenario],
      String(runs.length),
      [...new Set(runs.map((run) => run.verdict))].join(', '),
      s((run) => run.answerToVerdictMs, ' ms'),
      s((run) => run.processListMs, ' ms'),
      s((run) => run.backupApiCalls),
      s((run) => run.backupProcessLists),
      s((run) => run.masterApiCalls),
    ];
  });
  return [
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpuModel}, ${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. A new HA pair of stand-ins per run; medians with (min–max).`,
    table(
      ['what', 'target', 'measured', ''],
      r.targets.map((t) => [t.what, t.target, t.measured, t.met ? 'met' : '**missed**']),
    ),
    table(
      [
        'backup',
        'runs',
        'verdict',
        'HA restart answer → verdict',
        'one process-list call',
        'API calls on the backup',
        'of which process list',
        '`hasync/get` on the master',
      ],
      rows,
    ),
  ].join('\n\n');
}

export async function writeHaResults(r: HaResults, markdown: string): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/ha-backup-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/ha-backup-latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/ha-backup-latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(HA_BLOCK_START);
    const end = doc.indexOf(HA_BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + HA_BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
