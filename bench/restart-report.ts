/**
 * The restart-outage figures as their own block of docs/benchmarks.md and their own JSON
 * (bench/results/restart-latest.json plus a dated copy), so `BENCH_ONLY=restart` can renew them
 * without the hour of page and verdict measurements.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Machine } from './machine.ts';
import { DOC_PATH, RESULTS_DIR, writeFormatted } from './report.ts';
import type { RestartOutageSummary } from './restart-outage.ts';
import { fmt, round } from './stats.ts';

export const RESTART_BLOCK_START = '<!-- bench:restart:start (written by npm run bench) -->';
export const RESTART_BLOCK_END = '<!-- bench:restart:end -->';

export interface RestartResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly machine: Machine;
  readonly summaries: RestartOutageSummary[];
  readonly samples: unknown;
}

const ms = (s: RestartOutageSummary['outageMs']) => fmt(s, ' ms', 0);

export function restartTargetMet(s: RestartOutageSummary): boolean {
  return s.overFloorMs.median <= s.pollIntervalMs;
}

export function renderRestartMarkdown(r: RestartResults): string {
  const m = r.machine;
  const header = [
    'stop mode',
    'runs',
    'outcome',
    'outage at the frontend',
    'floor (stop + start called directly)',
    'over the floor',
    'target: ≤ floor + one poll interval',
    'outage the panel reported',
    'click → verified clean',
    'floor: stop + start requests',
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rows = r.summaries.map((s) =>
    line([
      s.label,
      String(s.runs),
      [...new Set(s.outcomes)].join(', '),
      ms(s.outageMs),
      ms(s.floorOutageMs),
      ms(s.overFloorMs),
      `${restartTargetMet(s) ? 'met' : '**missed**'} (${s.pollIntervalMs} ms)`,
      ms(s.reportedOutageMs),
      ms(s.clickToCleanMs),
      ms(s.floorStopStartMs),
    ]),
  );
  return [
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpuModel}, ${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. Medians with (min–max).`,
    [line(header), line(header.map(() => '---')), ...rows].join('\n'),
  ].join('\n\n');
}

export async function writeRestartResults(r: RestartResults, markdown: string): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/restart-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/restart-latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/restart-latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(RESTART_BLOCK_START);
    const end = doc.indexOf(RESTART_BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + RESTART_BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
