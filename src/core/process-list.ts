/**
 * Reads OPNsense's process list (`/api/diagnostics/activity/get_activity`) into the haproxy
 * processes it shows. The list is FreeBSD `top -aHSTn` output split into columns by
 * `opnsense/core` `scripts/systemhealth/activity.py`: one row per thread, the PID mapped from the
 * thread id through `procstat -ath` (and left `""` when a thread was not in that earlier snapshot).
 *
 * Longer than most files on purpose: it is one parser of top's command formatting (escapes, the
 * `(comm)` suffix, thread names, cut lines, the 1-CPU split), read in one pass, each branch with
 * its source (docs/opnsense.md §4).
 */
import { isRecord, ownField } from './json-fields.ts';
import type { HaproxyProcess, ProcessPicture } from './model.ts';

/** What one COMMAND field says about a haproxy process. */
export type ParsedHaproxyCommand = Omit<HaproxyProcess, 'pid' | 'threads'>;

/**
 * How the end of a COMMAND field looked. FreeBSD top (`usr.bin/top/machine.c`,
 * `format_next_process`) prints the arguments, then ` (<comm>)` and/or `{<thread name>}`; the
 * whole line is then cut to the display width. A visible suffix, even a cut one, proves that
 * the arguments before it are complete.
 */
type Suffix = 'none' | 'complete' | 'cut';

interface CommandParts {
  /** The arguments exactly as printed (escaped), suffixes removed. */
  readonly args: string;
  readonly suffix: Suffix;
}

const THREAD_SUFFIX = /\{[^{}]*\}$/;
const CUT_THREAD_SUFFIX = /\{[^{}]*$/;
const COMM_SUFFIX = / \([^()]*\)$/;
const CUT_COMM_SUFFIX = / \([^()]*$/;

/** HAProxy options that take the next argument as their value (haproxy.c, `init_args`). */
const VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-f',
  '-p',
  '-x',
  '-L',
  '-C',
  '-n',
  '-N',
  '-m',
  '-S',
  '-cc',
]);

/** Tokens that cannot end a real haproxy command line: `top` cut the line there. */
const DANGLING_TOKENS: ReadonlySet<string> = new Set(['-', '-s', '-sf', '-st', ...VALUE_OPTIONS]);

// FreeBSD's pid_max is 99 999; anything past a 32-bit pid_t is not a PID at all.
const MAX_PID = 2_147_483_647;

// Command lines are cut to the terminal width by top; a longer field is not from top.
const MAX_COMMAND_LENGTH = 65_536;

/**
 * The haproxy process described by one COMMAND field of `get_activity`, or null when the field
 * is not a haproxy process: the base name of the first argument must be exactly `haproxy`
 * (so not `haproxy-cli`, `grep haproxy`, a python script or a bracketed kernel-style name).
 */
export function parseCommand(command: string): ParsedHaproxyCommand | null {
  // Typed callers cannot pass anything else, but the value comes from a JSON answer.
  const text: unknown = command;
  if (typeof text !== 'string' || text.length > MAX_COMMAND_LENGTH) return null;
  return parseParts(splitSuffixes(text));
}

/**
 * The haproxy processes in a `get_activity` answer, threads folded into one entry per PID and
 * sorted by PID. Never throws: anything unexpected is skipped, and a haproxy-looking row that
 * cannot be tied to a process is counted in `unattributedRows` so the list is not trusted.
 */
export function readProcessList(answer: unknown): ProcessPicture {
  const details = ownField(answer, 'details');
  if (!Array.isArray(details)) return { processes: [], unattributedRows: 0 };
  const commandLinesHidden = onlyFirstWords(details as readonly unknown[]);

  const rows: ReadRow[] = [];
  for (const entry of details as readonly unknown[]) {
    const row = readRow(entry);
    if (row) rows.push(row);
  }

  const byPid = new Map<number, Folded>();
  const unmapped: ParsedRow[] = [];
  let unattributedRows = 0;
  for (const row of rows) {
    if (row.kind === 'unreadable-haproxy') {
      unattributedRows += 1;
    } else if (row.kind === 'haproxy') {
      if (row.pid === 'invalid') {
        unattributedRows += 1;
      } else if (row.pid === 'unmapped') {
        unmapped.push(row);
      } else {
        const known = byPid.get(row.pid);
        byPid.set(row.pid, {
          best: known && !isBetter(row, known.best) ? known.best : row,
          threads: (known?.threads ?? 0) + 1,
        });
      }
    }
  }

  const pids = [...byPid.keys()].sort((a, b) => a - b);
  // A thread started after the procstat snapshot has no PID; when its command is exactly that
  // of a known process it is most likely that process's thread. Anything else may be a process
  // the list is hiding (a reload started while top was sampling).
  // With one-word commands every haproxy row reads the same, so nothing ties such a row to one.
  for (const row of unmapped) {
    const owner = commandLinesHidden
      ? undefined
      : pids.find((pid) => byPid.get(pid)?.best.parts.args === row.parts.args);
    const folded = owner === undefined ? undefined : byPid.get(owner);
    if (owner !== undefined && folded) {
      byPid.set(owner, { ...folded, threads: folded.threads + 1 });
    } else {
      unattributedRows += 1;
    }
  }

  // Every command is one word there, so equal lengths prove no cut.
  const cutWidth = commandLinesHidden ? null : evidentCutWidth(rows);
  const processes = pids.flatMap((pid): HaproxyProcess[] => {
    const folded = byPid.get(pid);
    if (!folded) return [];
    const { parsed, parts, rawLength } = folded.best;
    const cutAtWidth = parts.suffix === 'none' && rawLength === cutWidth;
    return [
      {
        pid,
        threads: folded.threads,
        ...parsed,
        commandCut: parsed.commandCut || cutAtWidth,
        lastPidMayBeCut: parsed.lastPidMayBeCut,
      },
    ];
  });
  return commandLinesHidden
    ? { processes, unattributedRows, commandLinesHidden }
    : { processes, unattributedRows };
}

/**
 * A firewall with one CPU: `top` prints no `C` column there, yet activity.py splits every row
 * into as many pieces as the SMP header has, so COMMAND keeps only the first word of the command
 * (docs/opnsense.md §4). Told by the answer itself: every row's command is one word, the rows of
 * other programs too (a multi-CPU answer always has commands with arguments, if only `top`'s own
 * `[idle{idle: cpu0}]`).
 */
function onlyFirstWords(details: readonly unknown[]): boolean {
  let commands = 0;
  for (const entry of details) {
    if (!isRecord(entry)) continue;
    const command = ownField(entry, 'COMMAND');
    if (typeof command !== 'string') continue;
    if (/\s/.test(command.trim())) return false;
    commands += 1;
  }
  return commands > 0;
}

type RowPid = number | 'unmapped' | 'invalid';

interface ParsedRow {
  readonly kind: 'haproxy';
  readonly pid: RowPid;
  readonly parts: CommandParts;
  readonly parsed: ParsedHaproxyCommand;
  readonly rawLength: number;
}

type ReadRow =
  | ParsedRow
  | { readonly kind: 'unreadable-haproxy'; readonly rawLength: number }
  | { readonly kind: 'other'; readonly rawLength: number };

interface Folded {
  readonly best: ParsedRow;
  readonly threads: number;
}

function readRow(entry: unknown): ReadRow | null {
  if (!isRecord(entry)) return null;
  const rawCommand = ownField(entry, 'COMMAND');
  if (typeof rawCommand !== 'string' || rawCommand.length > MAX_COMMAND_LENGTH) return null;
  const command = dropShiftedColumns(rawCommand, ownField(entry, 'WCPU'));
  const rawLength = command.trim().length;
  if (isBracketedHaproxy(command)) return { kind: 'unreadable-haproxy', rawLength };
  const parts = splitSuffixes(command);
  const parsed = parseParts(parts);
  if (!parsed) return { kind: 'other', rawLength };
  return { kind: 'haproxy', pid: readPid(ownField(entry, 'PID')), parts, parsed, rawLength };
}

/**
 * activity.py splits each top line on whitespace into 11 columns; a STATE with a space in it
 * (a lock name such as `*vm pa`) shifts the columns, so WCPU then holds the TIME and COMMAND
 * starts with the real WCPU (`0.00% /usr/local/sbin/haproxy …`). Top always prints WCPU with a
 * `%`, which tells the two cases apart.
 */
function dropShiftedColumns(command: string, wcpu: unknown): string {
  if (typeof wcpu !== 'string' || wcpu.trim().endsWith('%')) return command;
  const tokens = command.trim().split(/\s+/);
  const percentAt = tokens.slice(0, 3).findIndex((token) => /^\d+(\.\d+)?%$/.test(token));
  return percentAt < 0 ? command : tokens.slice(percentAt + 1).join(' ');
}

/**
 * top prints `[name]` or `[name{thread}]` when it cannot read a process's arguments: kernel
 * processes, but also a user process that is exiting or swapped out (then `[<name>]`). No kernel
 * process is called haproxy, so such a row is a haproxy process whose command line is unknown.
 */
function isBracketedHaproxy(command: string): boolean {
  const match = /^\[<?([^{}\]<>]*)>?(\{[^{}]*\})?\]$/.exec(command.trim());
  return match?.[1] === 'haproxy';
}

function readPid(value: unknown): RowPid {
  if (value === undefined || value === null) return 'unmapped';
  if (typeof value === 'number') return isPid(value) ? value : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  const text = value.trim();
  if (text === '') return 'unmapped';
  if (!/^\d{1,10}$/.test(text)) return 'invalid';
  const pid = Number(text);
  return isPid(pid) ? pid : 'invalid';
}

function isPid(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= MAX_PID;
}

/** Rows of one process can differ only in how much of their tail the cut left. */
function isBetter(candidate: ParsedRow, known: ParsedRow): boolean {
  const complete = (row: ParsedRow): boolean => row.parts.suffix !== 'none';
  if (complete(candidate) !== complete(known)) return complete(candidate);
  return candidate.parts.args.length > known.parts.args.length;
}

/**
 * The width top cut the lines to, when the answer proves one: a non-haproxy command ends at the
 * same column as the widest line. Two haproxy processes are not enough evidence, since their
 * command lines are naturally of equal length (`-sf 41001` and `-sf 41002`).
 */
function evidentCutWidth(rows: readonly ReadRow[]): number | null {
  let widest = 0;
  for (const row of rows) widest = Math.max(widest, row.rawLength);
  if (widest === 0) return null;
  const othersAtWidest = rows.some((row) => row.kind === 'other' && row.rawLength === widest);
  return othersAtWidest ? widest : null;
}

function splitSuffixes(command: string): CommandParts {
  let args = command.trim();
  let suffix: Suffix = 'none';
  const strip = (complete: RegExp, cut: RegExp): void => {
    const whole = complete.exec(args);
    const partial = whole ? null : cut.exec(args);
    const found = whole ?? partial;
    // A line that is nothing but a suffix has no arguments to protect.
    if (!found || found.index === 0) return;
    args = args.slice(0, found.index).trimEnd();
    if (suffix === 'none') suffix = whole ? 'complete' : 'cut';
  };
  strip(THREAD_SUFFIX, CUT_THREAD_SUFFIX);
  strip(COMM_SUFFIX, CUT_COMM_SUFFIX);
  return { args, suffix };
}

const NON_SERVING_FLAGS: ReadonlySet<string> = new Set(['-c', '-v', '-vv']);

function parseParts(parts: CommandParts): ParsedHaproxyCommand | null {
  if (parts.args.startsWith('[')) return null;
  const argv = parts.args
    .split(/\s+/)
    .filter((token) => token !== '')
    .map(unescapeToken);
  const program = argv[0];
  if (program === undefined || program.slice(program.lastIndexOf('/') + 1) !== 'haproxy') {
    return null;
  }

  const predecessorPids: number[] = [];
  let signalMode: ParsedHaproxyCommand['signalMode'] = null;
  let handoverSocket: string | null = null;
  let lastTokenIsPid = false;
  let index = 1;
  while (index < argv.length) {
    const token = argv[index] ?? '';
    if (token === '--') break;
    if (token === '-sf' || token === '-st') {
      signalMode = token === '-st' ? 'hard' : 'graceful';
      index += 1;
      // haproxy.c reads PIDs (with atol) until the next argument that starts with `-`.
      for (let next = argv[index]; next !== undefined && !next.startsWith('-');) {
        const pid = leadingPid(next);
        if (pid !== null) predecessorPids.push(pid);
        lastTokenIsPid = pid !== null && index === argv.length - 1;
        index += 1;
        next = argv[index];
      }
      continue;
    }
    // `haproxy -c` (configtest, run by every Apply) and `-v` only print and exit; they never
    // listen, so they are no instance of the service even while `top` catches them.
    if (NON_SERVING_FLAGS.has(token)) return null;
    if (VALUE_OPTIONS.has(token)) {
      const value = argv[index + 1];
      if (token === '-x' && value !== undefined) handoverSocket = value;
      index += 2;
      continue;
    }
    index += 1;
  }

  const last = argv[argv.length - 1] ?? '';
  return {
    argv,
    predecessorPids,
    signalMode,
    handoverSocket,
    commandCut: argv.length > 1 && DANGLING_TOKENS.has(last),
    // A visible suffix was printed after the complete arguments, so the PID was not cut.
    lastPidMayBeCut: lastTokenIsPid && parts.suffix === 'none',
  };
}

/** Like C's atol, which haproxy uses: leading digits count, the rest is ignored. */
function leadingPid(token: string): number | null {
  const digits = /^\+?(\d{1,10})/.exec(token)?.[1];
  if (digits === undefined) return null;
  const pid = Number(digits);
  return isPid(pid) ? pid : null;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['n', 0x0a],
  ['r', 0x0d],
  ['b', 0x08],
  ['a', 0x07],
  ['v', 0x0b],
  ['t', 0x09],
  ['f', 0x0c],
  ['s', 0x20],
  ['E', 0x1b],
]);

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Undoes strvisx(VIS_NL | VIS_CSTYLE), which top applies to each argument: `\n`-style escapes,
 * `\ooo` octal, `\M-x` / `\M^x` meta and `\^x` control forms, and `\` before a printable
 * character. Escapes stand for bytes, so the result is decoded as UTF-8.
 */
function unescapeToken(token: string): string {
  if (!token.includes('\\')) return token;
  const bytes: number[] = [];
  let index = 0;
  while (index < token.length) {
    const char = token[index] ?? '';
    if (char !== '\\' || index === token.length - 1) {
      const codePoint = token.codePointAt(index) ?? 0;
      const text = String.fromCodePoint(codePoint);
      bytes.push(...utf8Encoder.encode(text));
      index += text.length;
      continue;
    }
    const [byte, length] = decodeEscape(token, index + 1);
    bytes.push(byte);
    index += 1 + length;
  }
  return utf8.decode(Uint8Array.from(bytes));
}

/** The byte an escape stands for, and how many characters after the backslash it used. */
function decodeEscape(token: string, at: number): [number, number] {
  const octal = /^[0-7]{1,3}/.exec(token.slice(at, at + 3))?.[0];
  if (octal !== undefined) return [Number.parseInt(octal, 8) & 0xff, octal.length];
  const next = token[at] ?? '';
  const simple = SIMPLE_ESCAPES.get(next);
  if (simple !== undefined) return [simple, 1];
  if (next === 'M' && (token[at + 1] === '-' || token[at + 1] === '^') && at + 2 < token.length) {
    const base = token.charCodeAt(at + 2);
    const low = token[at + 1] === '^' ? controlOf(base) : base;
    return [(low & 0x7f) | 0x80, 3];
  }
  if (next === '^' && at + 1 < token.length) return [controlOf(token.charCodeAt(at + 1)), 2];
  const code = token.charCodeAt(at);
  return [code < 0x80 ? code : 0x3f, 1];
}

function controlOf(code: number): number {
  return code === 0x3f ? 0x7f : code & 0x1f;
}
