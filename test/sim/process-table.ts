/**
 * Builds what OPNsense's `/api/diagnostics/activity/get_activity` answers — FreeBSD
 * `top -aHSTn` parsed into `{headers, details}` — from Linux /proc (docs/opnsense.md §4).
 * The haproxy rows are the real processes of one sim, one row per thread; the other rows are
 * fabricated look-alikes a naive "grep haproxy" would trip over.
 */
import { loadavg, totalmem, freemem, uptime } from 'node:os';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userName, type ProcessDetails } from './proc.ts';

export interface ActivityRow {
  PID: string;
  THR: string;
  USERNAME: string;
  PRI: string;
  NICE: string;
  SIZE: string;
  RES: string;
  STATE: string;
  C: string;
  TIME: string;
  WCPU: string;
  COMMAND: string;
}

export interface Activity {
  headers: string[];
  details: ActivityRow[];
}

const CLOCK_TICKS = 100;

const C_ESCAPES: Readonly<Record<number, string>> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x5c: '\\\\',
};

/**
 * One argument as FreeBSD top shows it (strvis C style): printable ASCII as is, the usual C
 * escapes, any other byte as `\ooo` — so a newline in an argument cannot split a row.
 */
export function escapeArg(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const named = C_ESCAPES[b];
    if (named !== undefined) out += named;
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/**
 * The COMMAND column of `top -a` (usr.bin/top/machine.c): the escaped arguments joined by
 * spaces; ` (<comm>)` when the first argument's base name is not the process name; then
 * `{<thread name>}` when the process has threads. A process without arguments is `[comm]`.
 */
export function topCommand(
  argv: readonly Uint8Array[],
  comm: string,
  threadName: string | null,
): string {
  const thread = threadName === null ? '' : `{${threadName}}`;
  if (argv.length === 0) return `[${comm}${thread}]`;
  const args = argv.map(escapeArg).join(' ');
  const first = Buffer.from(argv[0] ?? new Uint8Array()).toString('utf8');
  const suffix = basename(first) === comm ? '' : ` (${comm})`;
  return `${args}${suffix}${thread}`;
}

/** FreeBSD top's memory format: K until the number gets long, then M, G. */
export function formatKilobytes(bytes: number): string {
  let value = Math.round(bytes / 1024);
  for (const unit of ['K', 'M', 'G']) {
    if (value < 10000) return `${value}${unit}`;
    value = Math.round(value / 1024);
  }
  return `${value}T`;
}

export function formatCpuTime(ticks: number): string {
  const seconds = Math.floor(ticks / CLOCK_TICKS);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * FreeBSD shows the wait channel of a sleeping thread; Linux' wchan is the nearest thing. An
 * event-loop wait is what FreeBSD calls `kqread` (haproxy uses kqueue there, epoll here).
 */
function topState(state: string, wchan: string, processor: number): string {
  if (state === 'R') return `CPU${processor}`;
  if (state === 'Z') return 'zomb';
  if (state === 'T') return 'STOP';
  if (wchan.includes('epoll')) return 'kqread';
  return (wchan || (state === 'I' ? 'idle' : 'select')).slice(0, 6);
}

/** Rows for one real process: one per thread, each naming its thread when there are several. */
export function processRows(proc: ProcessDetails): ActivityRow[] {
  const threaded = proc.threads.length > 1;
  return proc.threads.map((t) => ({
    PID: String(proc.pid),
    THR: String(t.tid),
    USERNAME: userName(proc.uid),
    PRI: String(t.priority),
    NICE: String(t.nice),
    SIZE: formatKilobytes(proc.vsizeBytes),
    RES: formatKilobytes(proc.rssBytes),
    STATE: topState(t.state, t.wchan, t.processor),
    C: String(t.processor),
    TIME: formatCpuTime(t.ticks),
    WCPU: '0.00%',
    COMMAND: topCommand(proc.argvBytes, proc.comm, threaded ? t.comm : null),
  }));
}

interface LookAlike {
  argv: string[];
  comm: string;
  user: string;
  thread?: string;
}

// What shows up next to haproxy on a real OPNsense (docs/opnsense.md §4): none of these is a HAProxy
// process, though each mentions it or sits where it would.
const LOOK_ALIKES: readonly LookAlike[] = [
  { argv: [], comm: 'idle', user: 'root', thread: 'idle: cpu0' },
  { argv: [], comm: 'idle', user: 'root', thread: 'idle: cpu1' },
  {
    argv: [
      '/usr/local/bin/python3',
      '/usr/local/opnsense/scripts/OPNsense/HAProxy/socketCommand.py',
      'show',
      'info',
    ],
    comm: 'python3.11',
    user: 'root',
  },
  { argv: ['/usr/local/bin/haproxy-cli'], comm: 'haproxy-cli', user: 'root' },
  { argv: ['grep', 'haproxy'], comm: 'grep', user: 'root' },
  { argv: ['/usr/bin/tail', '-F', '/var/log/haproxy.log'], comm: 'tail', user: 'root' },
  {
    argv: ['/usr/sbin/syslogd', '-s', '-c', '-c', '-l', '/var/dhcpd/var/run/log'],
    comm: 'syslogd',
    user: 'root',
  },
  { argv: ['/bin/sh', '-c', 'echo haproxy\nreload'], comm: 'sh', user: 'root' },
  // A cron job of the ACME client's automation: `&&` and `2>&1` in a command line arrive as
  // `&amp;&amp;` and `2&gt;&amp;1` in session mode (htmlspecialchars, docs/opnsense.md §4).
  {
    argv: [
      '/bin/sh',
      '-c',
      '/usr/local/sbin/configctl acmeclient cron-auto-renew && /usr/local/sbin/configctl haproxy reload >/dev/null 2>&1',
    ],
    comm: 'sh',
    user: 'root',
  },
  {
    argv: ['/usr/local/bin/php-cgi'],
    comm: 'php-cgi',
    user: 'root',
  },
];

/** Fabricated rows for the look-alikes; their PIDs never equal a real haproxy PID. */
export function lookAlikeRows(avoid: ReadonlySet<number>): ActivityRow[] {
  let pid = 90000;
  return LOOK_ALIKES.map((l, i) => {
    while (avoid.has(pid)) pid++;
    const row: ActivityRow = {
      PID: String(pid),
      THR: String(100000 + i),
      USERNAME: l.user,
      PRI: l.argv.length === 0 ? '155' : '20',
      NICE: '0',
      SIZE: l.argv.length === 0 ? '0B' : '24M',
      RES: l.argv.length === 0 ? '16K' : '12M',
      STATE: l.argv.length === 0 ? 'RUN' : 'select',
      C: String(i % 2),
      TIME: '0:00',
      WCPU: l.argv.length === 0 ? '98.50%' : '0.00%',
      COMMAND: topCommand(
        l.argv.map((a) => Buffer.from(a)),
        l.comm,
        l.thread ?? null,
      ),
    };
    pid++;
    return row;
  });
}

function lastPid(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/)[4] ?? '0';
  } catch {
    return '0';
  }
}

/** The summary lines top prints above the table, filled with this machine's real figures. */
export function topHeaders(threadCount: number, now = new Date()): string[] {
  const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
  const up = Math.floor(uptime());
  const days = Math.floor(up / 86400);
  const hms = [Math.floor(up / 3600) % 24, Math.floor(up / 60) % 60, up % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  const clock = now.toTimeString().slice(0, 8);
  const mb = (n: number) => `${Math.round(n / 1048576)}M`;
  return [
    `last pid: ${lastPid()};  load averages:  ${l1.toFixed(2)},  ${l5.toFixed(2)},  ${l15.toFixed(2)}  up ${days}+${hms}    ${clock}`,
    `${threadCount} threads:   1 running, ${Math.max(threadCount - 1, 0)} sleeping`,
    'CPU:  0.4% user,  0.0% nice,  0.6% system,  0.0% interrupt, 99.0% idle',
    `Mem: ${mb(totalmem() - freemem())} Active, ${mb(freemem())} Free`,
    'Swap: 0 Total, 0 Free',
  ];
}

/** The whole answer: idle rows, the real haproxy threads, then the look-alikes. */
export function activityReport(processes: readonly ProcessDetails[]): Activity {
  const real = processes.flatMap(processRows);
  const fake = lookAlikeRows(new Set(processes.map((p) => p.pid)));
  const [idle0, idle1, ...others] = fake;
  const details = [...(idle0 ? [idle0] : []), ...(idle1 ? [idle1] : []), ...real, ...others];
  return { headers: topHeaders(details.length), details };
}

/** top's columns on a machine with one CPU: no `C` (usr.bin/top/machine.c, SMP only). */
const SINGLE_CPU_COLUMNS = [
  'THR',
  'USERNAME',
  'PRI',
  'NICE',
  'SIZE',
  'RES',
  'STATE',
  'TIME',
  'WCPU',
  'COMMAND',
] as const;

/** Python's `str.split(maxsplit=n)`: whitespace runs split, leading whitespace ignored. */
export function pythonSplit(line: string, maxsplit: number): string[] {
  const pieces: string[] = [];
  let rest = line.replace(/^\s+/, '');
  while (rest !== '' && pieces.length < maxsplit) {
    const match = /\s+/.exec(rest);
    if (!match) break;
    pieces.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') pieces.push(rest.replace(/\s+$/, ''));
  return pieces;
}

/**
 * The answer of a firewall with one CPU (facts §4): each row is the line top prints there
 * (without `C`), split as activity.py does with `line.split(maxsplit=10)`, which is right only
 * for the SMP header: the 10th piece, the first word of the command, becomes COMMAND and the
 * rest is dropped. Core then adds `C: "0"` to every row; the PID comes from procstat as before.
 */
export function singleCpuActivity(report: Activity): Activity {
  const details = report.details.map((row): ActivityRow => {
    const line = SINGLE_CPU_COLUMNS.map((column) => row[column]).join(' ');
    const pieces = pythonSplit(line, 10);
    const field = (index: number): string => pieces[index] ?? '';
    return {
      PID: row.PID,
      THR: field(0),
      USERNAME: field(1),
      PRI: field(2),
      NICE: field(3),
      SIZE: field(4),
      RES: field(5),
      STATE: field(6),
      C: '0',
      TIME: field(7),
      WCPU: field(8),
      COMMAND: field(9),
    };
  });
  return { headers: report.headers, details };
}
