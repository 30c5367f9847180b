/**
 * Decides what one observation of the firewall says about the last reload. Pure: no clock, no
 * browser, no network; the caller passes `now`.
 *
 * The facts behind the rules (measured with a real HAProxy in daemon mode): the newest process
 * owns the stats socket, so `show info` names it; its argv names its predecessors after
 * `-sf`/`-st`; a predecessor drains for at most the old config's `hard-stop-after`; a process
 * that no live process names was never told to stop, so it serves the old config forever.
 *
 * Longer than most files on purpose: the rules form one decision (the -sf/-st chain, the drain
 * window, the 1-CPU rule, not-live), each reading the others' results; split apart they could
 * disagree.
 */
import type {
  Baseline,
  ClassifiedProcess,
  ConfigChanges,
  CurrentProcessInfo,
  HaproxyProcess,
  Observation,
  StopSettings,
  UnverifiableReason,
  Verdict,
} from './model.ts';

/** How long a process told to stop with `-st` may take to go (it takes about 0.2 s). */
export const HARD_MODE_WINDOW_MS = 5_000;
/** Added to `hard-stop-after`: the old process is signalled only after the new one parsed its config. */
export const DRAIN_MARGIN_MS = 5_000;
/** Drain window when graceful and `hard-stop-after` is unset: HAProxy would wait forever. */
export const DEFAULT_DRAIN_WINDOW_MS = 300_000;

/**
 * `Uptime_sec` is whole seconds and `observation.at` is taken when the slowest answer arrived
 * (`get_activity` takes 1–2 s), so a start computed from them is late by up to a few seconds.
 */
const START_SLACK_MS = 2_000;

/** How long a predecessor may outlive the start of the process that told it to stop. */
export function drainWindowMs(settings: StopSettings, defaultDrainWindowMs: number): number {
  if (settings.mode === 'hard') return HARD_MODE_WINDOW_MS;
  const hardStopAfter = settings.hardStopAfterMs;
  if (hardStopAfter !== null && Number.isFinite(hardStopAfter) && hardStopAfter >= 0) {
    return hardStopAfter + DRAIN_MARGIN_MS;
  }
  return Number.isFinite(defaultDrainWindowMs) && defaultDrainWindowMs >= 0
    ? defaultDrainWindowMs
    : DEFAULT_DRAIN_WINDOW_MS;
}

export interface VerdictInput {
  /** The state before the user's action; null for a check nobody triggered. */
  readonly baseline: Baseline | null;
  readonly observation: Observation;
  /** Epoch ms, same clock as `observation.at` and `baseline.takenAt`. */
  readonly now: number;
  /** The user's drain window for graceful mode without `hard-stop-after`. */
  readonly defaultDrainWindowMs: number;
  /**
   * `export/diff` read in the same look, after a reload the extension followed (see
   * config-diff.ts `readsConfigDiff`); null or absent when it was empty or not read.
   */
  readonly undeployedChanges?: ConfigChanges | null;
}

/**
 * Never `clean` on missing or contradictory data: such cases are `unverifiable`. Never `clean`
 * either when the reload kept the previous configuration: that is `not-live`, and a duplicate
 * says it too.
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const verdict = decideProcessVerdict(input);
  const changes = input.undeployedChanges ?? null;
  if (changes === null) return verdict;
  if (verdict.kind === 'clean') return { kind: 'not-live', current: verdict.current, changes };
  if (verdict.kind === 'duplicate') return { ...verdict, notLive: changes };
  return verdict;
}

function decideProcessVerdict(input: VerdictInput): Verdict {
  const { baseline, observation } = input;
  const { picture, current, status } = observation;
  const processes = picture.processes;

  if (processes.length === 0) return withoutProcesses(observation);
  // The service is off, so nothing should run: whatever does was left behind.
  if (status === 'disabled') {
    return {
      kind: 'duplicate',
      processes: processes.map((process) => classify(process, 'orphan', null, 'service-disabled')),
    };
  }
  // A failed reload can take the stats socket with it (the new process claims the socket path,
  // cannot bind a listener and exits, as measured with the stand-in). If the one process left is
  // the one from before the click, the reload did not happen, whatever `show info` says.
  const [only] = processes;
  if (
    current === null &&
    only !== undefined &&
    processes.length === 1 &&
    picture.unattributedRows === 0 &&
    baseline !== null &&
    baseline.trigger !== 'manual' &&
    (baseline.currentPid === only.pid || (baseline.pids?.includes(only.pid) ?? false))
  ) {
    return {
      kind: 'not-reloaded',
      current: classify(only, 'current', null, 'only-process-from-before'),
    };
  }
  if (current === null) return unverifiable('no-current-info', processes);
  const currentProcess = processes.find((process) => process.pid === current.pid);
  if (!currentProcess) return unverifiable('current-not-in-list', processes);
  if (current.stopping) return unverifiable('current-stopping', processes);
  // A process that names the current one is the next reload, still starting (show info and the
  // list were read moments apart): it is newer than the current, so it is not an orphan.
  const successorStarting = processes.some(
    (process) => process !== currentProcess && process.predecessorPids.includes(current.pid),
  );
  if (successorStarting) return unverifiable('successor-starting', processes);

  const currentStart = observation.at - current.uptimeSeconds * 1_000;
  // The list shows what ran at `observation.at`; a process is past its deadline only if it was
  // seen alive after it, whatever the clock says now.
  const seenAt = Math.min(input.now, observation.at);
  const timing: Timing = {
    currentStart,
    settings: observation.stopSettings,
    defaultDrainWindowMs: input.defaultDrainWindowMs,
  };
  const others = (
    picture.commandLinesHidden === true
      ? classifyByTime(currentProcess, processes, timing, seenAt)
      : classifyOthers(currentProcess, processes, timing)
  ).map((entry) =>
    entry.deadline !== null && seenAt > entry.deadline
      ? { ...entry, reason: 'past-deadline' }
      : entry,
  );
  const currentEntry = classify(currentProcess, 'current', null, 'owns-stats-socket');
  const all = [currentEntry, ...others].sort((a, b) => a.process.pid - b.process.pid);

  // A proven duplicate stands even on an incomplete list: more processes cannot undo it.
  if (others.some((entry) => entry.role === 'orphan' || entry.reason === 'past-deadline')) {
    return { kind: 'duplicate', processes: all };
  }
  if (picture.unattributedRows > 0) return unverifiable('list-incomplete', processes);
  // The pidfile is gone while haproxy runs: the next reload's `-sf $(cat pidfile)` would leave
  // this process behind, so it is not a state to call clean.
  if (status === 'stopped') return unverifiable('status-contradicts-list', processes);
  if (others.length > 0) {
    const deadline = Math.max(...others.map((entry) => entry.deadline ?? currentStart));
    return { kind: 'draining', processes: all, deadline };
  }
  return judgeSingleProcess(currentEntry, current, currentStart, baseline, processes);
}

/** Final verdicts end a check; `draining` and `unverifiable` call for another look. */
export function isFinal(verdict: Verdict): boolean {
  switch (verdict.kind) {
    case 'clean':
    case 'not-live':
    case 'duplicate':
    case 'not-reloaded':
    case 'stopped':
      return true;
    case 'draining':
    case 'unverifiable':
      return false;
  }
}

function withoutProcesses(observation: Observation): Verdict {
  if (observation.picture.unattributedRows > 0) return unverifiable('list-incomplete', []);
  // show info answered, so a process owns the socket: the list missed it (or it just started).
  if (observation.current !== null) return unverifiable('current-not-in-list', []);
  if (observation.status === 'disabled') return unverifiable('service-disabled', []);
  if (observation.status === 'running') return unverifiable('status-contradicts-list', []);
  return { kind: 'stopped' };
}

interface Timing {
  readonly currentStart: number;
  /** null only when the caller skipped them (see `needsStopSettings`): the longest window then. */
  readonly settings: StopSettings | null;
  readonly defaultDrainWindowMs: number;
}

/** Settings as read, or graceful with no `hard-stop-after`: the longest window, never an early duplicate. */
function settingsOrLongest(settings: StopSettings | null): StopSettings {
  return settings ?? { mode: 'graceful', hardStopAfterMs: null };
}

/**
 * Roles of every process but the current one. A predecessor is named after `-sf`/`-st` by the
 * current process or, down a draining chain, by another predecessor. A cut command line may have
 * lost the name, so it counts as naming what it might have named; that only postpones a
 * duplicate verdict to the deadline, it never hides one.
 *
 * A process with the current one's very argv gets no grace: the daemon-mode launcher exits
 * right after its fork, while two instances started alike (`start` twice, two reloads reading
 * one pidfile) is the field bug itself. A launcher still parsing its config names the current
 * process and is caught as `successor-starting` before this.
 */
function classifyOthers(
  current: HaproxyProcess,
  processes: readonly HaproxyProcess[],
  timing: Timing,
): ClassifiedProcess[] {
  const others = processes.filter((process) => process !== current);
  const chain = new Set<HaproxyProcess>([current]);
  for (let grew = true; grew;) {
    grew = false;
    for (const process of others) {
      if (chain.has(process)) continue;
      if ([...chain].some((namer) => names(namer, process) || mayName(namer, process))) {
        chain.add(process);
        grew = true;
      }
    }
  }

  const deadlineAfter = (namers: readonly HaproxyProcess[]): number =>
    timing.currentStart +
    drainWindowFor(namers, settingsOrLongest(timing.settings), timing.defaultDrainWindowMs);

  return others.map((process) => {
    const namedBy = (candidates: Iterable<HaproxyProcess>): HaproxyProcess[] =>
      [...candidates].filter((namer) => namer !== process && names(namer, process));
    if (chain.has(process)) {
      const namers = namedBy(chain);
      const reason = names(current, process)
        ? 'named-by-current'
        : namers.length > 0
          ? 'named-by-predecessor'
          : 'maybe-named-by-cut-line';
      return classify(process, 'predecessor', deadlineAfter(namers), reason);
    }
    // Told to stop by a process outside the chain (itself an orphan): it is going, but its
    // namer is not, and that namer makes the verdict a duplicate anyway.
    const outsideNamers = namedBy(others);
    if (outsideNamers.length > 0) {
      return classify(process, 'predecessor', deadlineAfter(outsideNamers), 'named-by-other');
    }
    return classify(process, 'orphan', null, 'not-named');
  });
}

function names(namer: HaproxyProcess, process: HaproxyProcess): boolean {
  return namer !== process && namer.predecessorPids.includes(process.pid);
}

/** `top` may have cut the namer's line: its `-sf` list, or the digits of its last PID, are lost. */
function mayName(namer: HaproxyProcess, process: HaproxyProcess): boolean {
  if (namer === process) return false;
  if (namer.commandCut) return true;
  const last = namer.predecessorPids[namer.predecessorPids.length - 1];
  if (!namer.lastPidMayBeCut || last === undefined) return false;
  const shown = String(last);
  const pid = String(process.pid);
  return pid.length > shown.length && pid.startsWith(shown);
}

/**
 * Roles when the list shows only the first word of each command (one CPU, docs/opnsense.md §4):
 * no `-sf` chain to read, so time decides. Every other process may be a predecessor of the
 * reload that started the current one for as long as that reload's drain window lasts; one
 * still seen after it was never told to stop, or ignored it, and is an orphan. The same rule
 * holds for a look with no reload seen: a current process older than the window leaves none.
 */
function classifyByTime(
  current: HaproxyProcess,
  processes: readonly HaproxyProcess[],
  timing: Timing,
  seenAt: number,
): ClassifiedProcess[] {
  const deadline =
    timing.currentStart +
    drainWindowMs(settingsOrLongest(timing.settings), timing.defaultDrainWindowMs);
  return processes
    .filter((process) => process !== current)
    .map((process) =>
      seenAt > deadline
        ? classify(process, 'orphan', null, 'outlived-drain-window')
        : classify(process, 'predecessor', deadline, 'command-lines-hidden'),
    );
}

/**
 * The namer's own argv says how it stopped its predecessor, and beats the settings, which may
 * have changed since that reload: `-st` ends the old process at once, `-sf` lets it drain.
 * With several namers the longest window wins; without one (a cut line) the settings decide.
 */
function drainWindowFor(
  namers: readonly HaproxyProcess[],
  settings: StopSettings,
  defaultDrainWindowMs: number,
): number {
  const windowFor = (signalMode: HaproxyProcess['signalMode']): number => {
    if (signalMode === 'hard')
      return drainWindowMs({ ...settings, mode: 'hard' }, defaultDrainWindowMs);
    if (signalMode === 'graceful' && settings.mode === 'hard') {
      return drainWindowMs({ ...settings, mode: 'graceful' }, defaultDrainWindowMs);
    }
    return drainWindowMs(settings, defaultDrainWindowMs);
  };
  if (namers.length === 0) return windowFor(null);
  return Math.max(...namers.map((namer) => windowFor(namer.signalMode)));
}

/**
 * One process left. After an action that should have started a new one, it must be new since
 * the baseline: by PID when the baseline knows PIDs, checked against its start time.
 */
function judgeSingleProcess(
  entry: ClassifiedProcess,
  current: CurrentProcessInfo,
  currentStart: number,
  baseline: Baseline | null,
  processes: readonly HaproxyProcess[],
): Verdict {
  if (!baseline || baseline.trigger === 'manual') return { kind: 'clean', current: entry };
  const startedAfterClick = currentStart > baseline.takenAt - START_SLACK_MS;
  const knowsPids = baseline.currentPid !== null || baseline.pids !== null;
  if (!knowsPids) {
    return startedAfterClick ? { kind: 'clean', current: entry } : notReloaded(entry);
  }
  const seenBefore =
    current.pid === baseline.currentPid || (baseline.pids?.includes(current.pid) ?? false);
  if (seenBefore) {
    // Same PID but a fresh start: the PID was reused, or one of the two readings is wrong.
    return startedAfterClick ? unverifiable('pid-reused', processes) : notReloaded(entry);
  }
  // A PID the baseline did not see, yet running since before the click: the baseline missed it.
  return startedAfterClick
    ? { kind: 'clean', current: entry }
    : unverifiable('baseline-contradicts', processes);
}

function notReloaded(current: ClassifiedProcess): Verdict {
  return { kind: 'not-reloaded', current };
}

function classify(
  process: HaproxyProcess,
  role: ClassifiedProcess['role'],
  deadline: number | null,
  reason: string,
): ClassifiedProcess {
  return { process, role, deadline, reason };
}

function unverifiable(reason: UnverifiableReason, processes: readonly HaproxyProcess[]): Verdict {
  return { kind: 'unverifiable', reason, processes };
}
