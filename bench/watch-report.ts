/**
 * The watch's requests as their own block of docs/benchmarks.md and their own JSON
 * (bench/results/watch-latest.json plus a dated copy), so `BENCH_ONLY=watch` renews them in about
 * four minutes without the rest.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Machine } from './machine.ts';
import { DOC_PATH, RESULTS_DIR, writeFormatted } from './report.ts';
import { round } from './stats.ts';
import type { WatchRequestsResult } from './watch-requests.ts';

export const WATCH_BLOCK_START = '<!-- bench:watch:start (written by npm run bench) -->';
export const WATCH_BLOCK_END = '<!-- bench:watch:end -->';

export interface WatchResults extends WatchRequestsResult {
  readonly schema: 1;
  readonly startedAt: string;
  readonly machine: Machine;
}

export interface WatchTarget {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function watchTargets(r: WatchRequestsResult): WatchTarget[] {
  const interval = r.intervalMinutes * 60_000;
  const leaks = r.looks.reduce((sum, look) => sum + look.withoutKeyOrWithCookie, 0);
  return [
    {
      what: 'requests while the watch is off',
      target: `none (watched ${r.off.windowMs / 1000} s, one interval and more)`,
      measured: String(r.off.requests),
      met: r.off.requests === 0,
    },
    {
      what: 'watch requests without the API key, or with the GUI session cookie',
      target: 'none (the session would be kept alive for ever, docs/opnsense.md §4)',
      measured: `${leaks} of ${r.looks.reduce((sum, look) => sum + look.apiCalls, 0)}`,
      met: leaks === 0,
    },
    {
      what: 'orphan made from the shell → the look that names it',
      target: `≤ one interval (${r.intervalMinutes} min)`,
      measured: `${(r.orphanFoundAfterMs / 1000).toFixed(1)} s`,
      met: r.orphanFoundAfterMs <= interval,
    },
  ];
}

export function renderWatchMarkdown(r: WatchResults): string {
  const m = r.machine;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lookHeader = [
    'look',
    'result',
    'API calls',
    'of which process list',
    'by endpoint',
    'first request → answer',
    'since the previous look',
  ];
  const lookRows = r.looks.map((look) =>
    line([
      look.kind,
      `\`${look.result}\``,
      String(look.apiCalls),
      String(look.processListCalls),
      Object.entries(look.byEndpoint)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([endpoint, count]) => `${count} × \`${endpoint}\``)
        .join(', '),
      `${Math.round(look.spanMs)} ms`,
      look.sincePreviousMs === null ? '–' : `${(look.sincePreviousMs / 1000).toFixed(1)} s`,
    ]),
  );
  const targetHeader = ['what', 'target', 'measured', 'met'];
  const targetRows = watchTargets(r).map((t) =>
    line([t.what, t.target, t.measured, t.met ? 'met' : '**missed**']),
  );
  return [
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpuModel}, ${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. Interval ${r.intervalMinutes} min, one firewall, no GUI tab open.`,
    [line(lookHeader), line(lookHeader.map(() => '---')), ...lookRows].join('\n'),
    [line(targetHeader), line(targetHeader.map(() => '---')), ...targetRows].join('\n'),
  ].join('\n\n');
}

export async function writeWatchResults(r: WatchResults, markdown: string): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/watch-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/watch-latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/watch-latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(WATCH_BLOCK_START);
    const end = doc.indexOf(WATCH_BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + WATCH_BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
