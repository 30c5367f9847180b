/**
 * The ACME renewal follow as its own block of docs/benchmarks.md and its own JSON
 * (bench/results/acme-latest.json plus a dated copy), so `BENCH_ONLY=acme` renews them alone
 * (about twelve minutes: one case waits for the ten-minute bound).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AcmeFollowCase, AcmeFollowResult } from './acme-follow.ts';
import type { Machine } from './machine.ts';
import { DOC_PATH, RESULTS_DIR, writeFormatted } from './report.ts';
import { round } from './stats.ts';

export const ACME_BLOCK_START = '<!-- bench:acme:start (written by npm run bench) -->';
export const ACME_BLOCK_END = '<!-- bench:acme:end -->';

export interface AcmeResults extends AcmeFollowResult {
  readonly schema: 1;
  readonly startedAt: string;
  readonly machine: Machine;
}

export interface AcmeTarget {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export function acmeTargets(r: AcmeFollowResult): AcmeTarget[] {
  const { calls, timeMs } = r.bounds.later;
  // The schedule's last call before the bound is a minute before it (nextDelayMs).
  const lastCallBeforeBound = timeMs - 60_000;
  const ranToBound = r.cases
    .filter((c) => c.name.includes('no restart'))
    .map((c) => ({
      what: `${c.name}: followed until the bound`,
      target: `last call ≥ ${lastCallBeforeBound / 60_000} min after the click`,
      measured: `${(c.followedForMs / 60_000).toFixed(1)} min`,
      met: c.followedForMs >= lastCallBeforeBound,
    }));
  return [
    ...ranToBound,
    ...r.cases.flatMap((c: AcmeFollowCase) => [
      {
        what: `${c.name}: follow calls`,
        target: c.name.startsWith('settings')
          ? '1 (the restart ran before the answer)'
          : `≤ 1 + ${calls} (the integration request's one, then the renewal's) in ≤ ${timeMs / 60_000} min`,
        measured: `${c.followCalls} in ${(c.followedForMs / 1000).toFixed(1)} s`,
        met: c.name.startsWith('settings')
          ? c.followCalls === 1
          : c.followCalls <= 1 + calls && c.followedForMs <= timeMs,
      },
      {
        what: `${c.name}: requests after the follow ended`,
        target: `0 (watched ${c.quietMs / 1000} s)`,
        measured: String(c.afterEnd),
        met: c.afterEnd === 0,
      },
    ]),
  ];
}

export function renderAcmeMarkdown(r: AcmeResults): string {
  const m = r.machine;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const header = [
    'case',
    '`statistics/info` calls of the follow',
    'followed for',
    'then the check: requests (process lists)',
    'verdict',
    'restart → check',
    'requests after the end',
  ];
  const rows = r.cases.map((c) =>
    line([
      c.name,
      String(c.followCalls),
      `${(c.followedForMs / 1000).toFixed(1)} s`,
      c.checkCalls === 0 ? '–' : `${c.checkCalls} (${c.checkProcessLists})`,
      c.verdict === null ? '–' : `\`${c.verdict}\``,
      c.restartSeenAfterMs === null ? '–' : `${(c.restartSeenAfterMs / 1000).toFixed(1)} s`,
      `${c.afterEnd} in ${c.quietMs / 1000} s`,
    ]),
  );
  const targetHeader = ['what', 'target', 'measured', 'met'];
  const targetRows = acmeTargets(r).map((t) =>
    line([t.what, t.target, t.measured, t.met ? 'met' : '**missed**']),
  );
  return [
    `Measured ${r.startedAt.slice(0, 10)} on commit \`${m.commit}\`: ${m.cpuModel}, ${m.nproc} cores; ${m.chromium} headless, ${m.haproxy}. The automation's restart ${r.restartDelayMs / 1000} s after the answer; bound ${r.bounds.later.calls} calls / ${r.bounds.later.timeMs / 60_000} min.`,
    [line(header), line(header.map(() => '---')), ...rows].join('\n'),
    [line(targetHeader), line(targetHeader.map(() => '---')), ...targetRows].join('\n'),
  ].join('\n\n');
}

export async function writeAcmeResults(r: AcmeResults, markdown: string): Promise<string[]> {
  const json = JSON.stringify(r, (_key, value: unknown) =>
    typeof value === 'number' ? round(value, 3) : value,
  );
  const dated = `${RESULTS_DIR}/acme-${r.startedAt.slice(0, 10)}.json`;
  await writeFormatted(`${RESULTS_DIR}/acme-latest.json`, json);
  await writeFormatted(dated, json);
  const written = [`${RESULTS_DIR}/acme-latest.json`, dated];
  if (existsSync(DOC_PATH)) {
    const doc = readFileSync(DOC_PATH, 'utf8');
    const start = doc.indexOf(ACME_BLOCK_START);
    const end = doc.indexOf(ACME_BLOCK_END);
    if (start >= 0 && end > start) {
      const updated = `${doc.slice(0, start + ACME_BLOCK_START.length)}\n\n${markdown}\n\n${doc.slice(end)}`;
      await writeFormatted(DOC_PATH, updated);
      written.push(DOC_PATH);
    }
  }
  return written;
}
