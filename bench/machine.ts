/** What the figures were measured on: they mean little without it. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';
import { dirname, join } from 'node:path';
import { SIM_DIR_PREFIX } from '../test/sim/index.ts';
import { BROWSER_DIR_PREFIX, CHROMIUM_PATH } from './browsers.ts';

export interface Machine {
  readonly cpuModel: string;
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
  readonly chromium: string;
  readonly haproxy: string;
  readonly playwright: string;
  /** The commit measured, with `+dirty` when src/ had uncommitted changes. */
  readonly commit: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // `chromium --version` exits non-zero on Debian's wrapper yet prints the version;
    // `pgrep` exits 1 when nothing matches.
    const out = (error as { stdout?: string }).stdout;
    return typeof out === 'string' ? out : '';
  }
}

/** The binary the stand-in runs (test/sim/index.ts picks it the same way). */
function haproxyBinary(): string {
  const candidates = [process.env.HRG_SIM_HAPROXY, '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'];
  return (
    candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c)) ?? 'haproxy'
  );
}

function firstMatch(text: string, pattern: RegExp): string {
  return pattern.exec(text)?.[0]?.trim() ?? 'unknown';
}

export function describeMachine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKiB = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  let os = 'unknown';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // Not every system has it.
  }
  const playwright = (
    JSON.parse(readFileSync('node_modules/playwright-core/package.json', 'utf8')) as {
      version: string;
    }
  ).version;
  const commit = run('git', ['rev-parse', '--short', 'HEAD']).trim();
  const dirty = run('git', ['status', '--porcelain', '--', 'src', 'manifest.json']).trim() !== '';
  return {
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    nproc: availableParallelism(),
    memoryGiB: Math.round((memKiB / 1024 / 1024) * 10) / 10,
    os,
    kernel: release(),
    node: process.version,
    chromium: firstMatch(run(CHROMIUM_PATH, ['--version']), /Chromium [\d.]+/),
    haproxy: firstMatch(run(haproxyBinary(), ['-v']), /HAProxy version \S+/),
    playwright,
    commit: `${commit}${dirty ? '+dirty' : ''}`,
  };
}

/** Whatever else kept the machine busy: on 2 cores another test run skews every timing. */
export interface Background {
  readonly loadAverage1m: number;
  /** Chromium processes that are not the benchmark's (other test runs). */
  readonly foreignChromium: number;
  /** haproxy processes that are not the benchmark's. */
  readonly foreignHaproxy: number;
  /** A few of their command lines, to tell whose they were. */
  readonly examples: string[];
}

function pidsNamed(name: string): number[] {
  return run('pgrep', ['-x', name])
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function parentOf(pid: number): number | null {
  try {
    // The fields after the command name, which is in parentheses and may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** Ours: started from this process, or a browser of ours by its profile folder (set by us). */
function isOurs(pid: number): boolean {
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // gone already
  }
  // A dying process has no command line left, and may already hang below init.
  if (cmdline === '' || cmdline.includes(`/${BROWSER_DIR_PREFIX}`)) return true;
  for (let current: number | null = pid, hops = 0; current !== null && hops < 64; hops++) {
    if (current === process.pid) return true;
    if (current <= 1) return false;
    current = parentOf(current);
  }
  return false;
}

/**
 * A haproxy process is someone else's when it runs no stand-in config, or one of a stand-in whose
 * owner file names another process. Decided per process from its own command line, so one that
 * starts while we look cannot be misfiled; a stand-in that is just being removed counts as nobody's.
 */
function isForeignHaproxy(pid: number): boolean {
  const args = commandLine(pid).split(' ');
  if (args.join('') === '') return false; // exiting: a launcher that just forked the daemon
  const config = args.find((arg) => arg.startsWith(SIM_DIR_PREFIX));
  if (config === undefined) return true;
  try {
    return Number(readFileSync(join(dirname(config), 'owner.pid'), 'utf8')) !== process.pid;
  } catch {
    return false;
  }
}

/** Load and processes of others right now (our browsers by their profile, our sims by owner). */
export function background(): Background {
  const chromium = pidsNamed('chromium').filter((pid) => !isOurs(pid));
  const haproxy = pidsNamed('haproxy').filter(isForeignHaproxy);
  return {
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    foreignChromium: chromium.length,
    foreignHaproxy: haproxy.length,
    examples: [...chromium.slice(0, 2), ...haproxy.slice(0, 2)].map(commandLine),
  };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160);
  } catch {
    return '';
  }
}

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy over the next `windowMs` (0–1), from /proc/stat. */
export async function cpuBusy(windowMs = 2_000): Promise<number> {
  const a = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const b = cpuTimes();
  return b.total === a.total ? 0 : (b.busy - a.busy) / (b.total - a.total);
}

export interface BackgroundSummary {
  readonly atStart: Background;
  /** The most seen at once while the benchmark ran (sampled every few seconds). */
  readonly maxDuring: Background;
  readonly samples: number;
}

/** Samples `background()` every 5 s until stopped. */
export function sampleBackground(): { stop(): BackgroundSummary } {
  const atStart = background();
  const max = { ...atStart, examples: [...atStart.examples] };
  let samples = 1;
  const timer = setInterval(() => {
    const now = background();
    samples++;
    max.loadAverage1m = Math.max(max.loadAverage1m, now.loadAverage1m);
    max.foreignChromium = Math.max(max.foreignChromium, now.foreignChromium);
    max.foreignHaproxy = Math.max(max.foreignHaproxy, now.foreignHaproxy);
    for (const example of now.examples) {
      if (max.examples.length < 6 && !max.examples.includes(example)) max.examples.push(example);
    }
  }, 5_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return { atStart, maxDuring: max, samples };
    },
  };
}
