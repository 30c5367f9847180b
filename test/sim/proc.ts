/**
 * Reads Linux /proc: which processes exist, their argument vectors, threads and counters.
 * Everything here tolerates a process vanishing between two reads (it then simply is not listed).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

export interface ThreadStat {
  readonly tid: number;
  readonly comm: string;
  /** Linux state letter: R, S, D, Z, T, I, … */
  readonly state: string;
  readonly processor: number;
  readonly priority: number;
  readonly nice: number;
  /** utime + stime in clock ticks. */
  readonly ticks: number;
  readonly wchan: string;
}

export interface ProcessDetails {
  readonly pid: number;
  /** Raw argument bytes, so unusual characters can be shown escaped rather than decoded. */
  readonly argvBytes: readonly Buffer[];
  readonly argv: readonly string[];
  readonly comm: string;
  readonly state: string;
  readonly uid: number;
  readonly vsizeBytes: number;
  readonly rssBytes: number;
  readonly threads: readonly ThreadStat[];
}

const PAGE_SIZE = 4096;

export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name)) pids.push(Number(name));
  }
  return pids;
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

export function readArgvBytes(pid: number): Buffer[] | null {
  const raw = readOrNull(`/proc/${pid}/cmdline`);
  if (raw === null) return null;
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      parts.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < raw.length) parts.push(raw.subarray(start));
  return parts;
}

export function readArgv(pid: number): string[] | null {
  return readArgvBytes(pid)?.map((b) => b.toString('utf8')) ?? null;
}

interface StatFields {
  comm: string;
  state: string;
  ticks: number;
  priority: number;
  nice: number;
  vsize: number;
  rssPages: number;
  processor: number;
}

/** `/proc/<pid>/stat`; the command name is in parentheses and may itself contain them. */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // f[0] is field 3 of proc(5).
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const num = (field: number) => Number(f[field - 3] ?? 0);
  return {
    comm: text.slice(open + 1, close),
    state: f[0] ?? '?',
    ticks: num(14) + num(15),
    priority: num(18),
    nice: num(19),
    vsize: num(23),
    rssPages: num(24),
    processor: num(39),
  };
}

function readStat(path: string): StatFields | null {
  const raw = readOrNull(path);
  return raw === null ? null : parseStat(raw.toString('utf8'));
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readStat(`/proc/${pid}/stat`);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** A HAProxy process is one whose first argument's base name is exactly `haproxy` (docs/opnsense.md §4). */
export function isHaproxyArgv(argv: readonly string[]): boolean {
  const first = argv[0];
  return first !== undefined && basename(first) === 'haproxy';
}

/** Live haproxy processes whose argument vector contains `configPath` as one argument. */
export function haproxyPidsForConfig(configPath: string): number[] {
  return listPids().filter((pid) => {
    const argv = readArgv(pid);
    return argv !== null && isHaproxyArgv(argv) && argv.includes(configPath) && isAlive(pid);
  });
}

/** Live haproxy processes for which `match` accepts some argument. */
export function haproxyPidsWhere(match: (arg: string) => boolean): number[] {
  return listPids().filter((pid) => {
    const argv = readArgv(pid);
    return argv !== null && isHaproxyArgv(argv) && argv.some(match) && isAlive(pid);
  });
}

export function readProcess(pid: number): ProcessDetails | null {
  const argvBytes = readArgvBytes(pid);
  const stat = readStat(`/proc/${pid}/stat`);
  const status = readOrNull(`/proc/${pid}/status`)?.toString('utf8');
  if (argvBytes === null || stat === null || status === undefined) return null;
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
  let tids: number[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return null;
  }
  const threads: ThreadStat[] = [];
  for (const tid of tids.sort((a, b) => a - b)) {
    const t = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (t === null) continue;
    const wchan = readOrNull(`/proc/${pid}/task/${tid}/wchan`)?.toString('utf8') ?? '';
    threads.push({
      tid,
      comm: readOrNull(`/proc/${pid}/task/${tid}/comm`)?.toString('utf8').trim() ?? t.comm,
      state: t.state,
      processor: t.processor,
      priority: t.priority,
      nice: t.nice,
      ticks: t.ticks,
      wchan: wchan === '0' ? '' : wchan,
    });
  }
  return {
    pid,
    argvBytes,
    argv: argvBytes.map((b) => b.toString('utf8')),
    comm: stat.comm,
    state: stat.state,
    uid,
    vsizeBytes: stat.vsize,
    rssBytes: stat.rssPages * PAGE_SIZE,
    threads,
  };
}

/** Socket inodes a process holds open (`socket:[inode]` links in /proc/<pid>/fd). */
export function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1] !== undefined) inodes.add(m[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return inodes;
}

/**
 * Inode of the server side of the IPv4 TCP connection from 127.0.0.1:`clientPort` to
 * 127.0.0.1:`serverPort`, from /proc/net/tcp, or null while the kernel has not created it.
 */
export function serverSideInode(serverPort: number, clientPort: number): string | null {
  const text = readOrNull('/proc/net/tcp')?.toString('utf8') ?? '';
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const local = `0100007F:${hex(serverPort)}`;
  const remote = `0100007F:${hex(clientPort)}`;
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] === local && cols[2] === remote) return cols[9] ?? null;
  }
  return null;
}

let passwdCache: Map<number, string> | null = null;

export function userName(uid: number): string {
  if (passwdCache === null) {
    passwdCache = new Map();
    const text = readOrNull('/etc/passwd')?.toString('utf8') ?? '';
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id) passwdCache.set(Number(id), name);
    }
  }
  return passwdCache.get(uid) ?? String(uid);
}
