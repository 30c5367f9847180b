/**
 * The typed picture of a firewall's HAProxy, built from OPNsense API answers by the parsers in
 * this folder. Pure data: no browser or network types here.
 */

/** One haproxy process as seen in the process list (`get_activity`), threads folded together. */
export interface HaproxyProcess {
  readonly pid: number;
  /** Number of per-thread rows seen for this PID (at least 1). */
  readonly threads: number;
  /** The argument vector, C-style escapes decoded, suffixes (` (comm)`, `{thread}`) removed. */
  readonly argv: readonly string[];
  /** PIDs named after `-sf` / `-st`: the predecessors this process was told to stop. */
  readonly predecessorPids: readonly number[];
  /** `-st` (hard) or `-sf` (graceful) when present. */
  readonly signalMode: 'hard' | 'graceful' | null;
  /** Socket named after `-x` (seamless reload), if any. */
  readonly handoverSocket: string | null;
  /**
   * True when the command line was evidently cut to the display width by `top` (a dangling
   * option such as a trailing `-sf` with no PID, or a line that ends exactly where unrelated
   * processes' lines are cut too). A cut line may have lost its `-sf` list.
   */
  readonly commandCut: boolean;
  /**
   * True when the last argument is a PID after `-sf` / `-st` and nothing visible follows it: `top`
   * may have cut the line inside that PID, so `41001` can appear as `410`.
   */
  readonly lastPidMayBeCut: boolean;
}

/** The process list reduced to what matters: haproxy processes and how trustworthy the list is. */
export interface ProcessPicture {
  readonly processes: readonly HaproxyProcess[];
  /**
   * Rows whose command looks like haproxy but whose PID could not be mapped (`PID: ""`) and that
   * do not match a known process's command: the list may be hiding a process. Also counts
   * `[haproxy]` rows: a haproxy process whose arguments could not be read (exiting, swapped out).
   */
  readonly unattributedRows: number;
  /**
   * True when every row's command is a single word: a firewall with one CPU, where the list
   * carries only the first word of each command (docs/opnsense.md §4), so no `-sf`/`-st` chain can
   * be read and only time tells a draining predecessor from an orphan. Absent means false.
   */
  readonly commandLinesHidden?: boolean;
}

/**
 * What `export/diff` (the running configuration against the generated one) says, reduced at once:
 * the diff holds userlist passwords, so no line of it is ever kept (docs/opnsense.md §8).
 */
export interface ConfigChanges {
  /** Lines added or removed. */
  readonly changedLines: number;
  /** The sections the changes are in, as `frontend x`, `userlist y`, `global`; header words only. */
  readonly sections: readonly string[];
}

/** What `statistics/info` says about the newest process (the one owning the stats socket). */
export interface CurrentProcessInfo {
  readonly pid: number;
  readonly uptimeSeconds: number;
  /** `Stopping: "1"` means the process that owns the socket is itself shutting down. */
  readonly stopping: boolean;
  readonly version: string | null;
}

export type StopMode = 'hard' | 'graceful' | 'seamless';

/** The only part of `settings/get` the extension keeps. Everything else is dropped at once. */
export interface StopSettings {
  readonly mode: StopMode;
  /** `hard-stop-after` in milliseconds; null when unset (empty) or unreadable. */
  readonly hardStopAfterMs: number | null;
}

export type ServiceStatus = 'running' | 'stopped' | 'disabled' | 'unknown';

/**
 * What started the check: the admin's action (`apply`, `restart`, `start`, `remediation`,
 * `manual`, and `ha-backup`: "Synchronize and restart" on an HA master, which restarts HAProxy on
 * the backup this check looks at), a restart the ACME client ran for the admin's request and the
 * extension saw happen (`acme`: after a certificate renewal or a change of its HAProxy
 * integration), or a look nobody asked for: opening a HAProxy page (`page-open`) or the opt-in
 * watch (`watch`). Those two take one look and show only what needs the admin.
 */
export type CheckTrigger =
  | 'apply'
  | 'restart'
  | 'start'
  | 'remediation'
  | 'manual'
  | 'ha-backup'
  | 'acme'
  | 'page-open'
  | 'watch';

/** The admin's own actions on HAProxy that a check follows: a reload, a restart, a start. */
export type ActionTrigger = Extract<CheckTrigger, 'apply' | 'restart' | 'start'>;

/** Taken when the user clicked: the state before the action ran. */
export interface Baseline {
  readonly trigger: CheckTrigger;
  /** Epoch ms (browser clock) of the click. */
  readonly takenAt: number;
  /** haproxy PIDs seen before the action; null when the list could not be read in time. */
  readonly pids: readonly number[] | null;
  /** `statistics/info` PID before the action; null when unknown. */
  readonly currentPid: number | null;
}

/** One observation of the firewall, all parts read within a short time of each other. */
export interface Observation {
  /** Epoch ms (browser clock) when the answers arrived. */
  readonly at: number;
  readonly picture: ProcessPicture;
  /** null when `statistics/info` had no answer (stats socket missing). */
  readonly current: CurrentProcessInfo | null;
  readonly status: ServiceStatus;
  /**
   * null when the look did not read them: a list with one haproxy process at most needs no drain
   * window (see stop-settings-need.ts). Without them, a window is the longest one.
   */
  readonly stopSettings: StopSettings | null;
}

export type ProcessRole = 'current' | 'predecessor' | 'orphan';

export interface ClassifiedProcess {
  readonly process: HaproxyProcess;
  readonly role: ProcessRole;
  /** For predecessors: epoch ms after which it counts as a duplicate. */
  readonly deadline: number | null;
  /** Short machine-readable reason, e.g. `named-by-current`, `not-named`, `past-deadline`. */
  readonly reason: string;
}

export type UnverifiableReason =
  | 'no-current-info'
  | 'current-not-in-list'
  | 'current-stopping'
  | 'list-incomplete'
  | 'status-contradicts-list'
  | 'service-disabled'
  | 'pid-reused'
  /** Another process names the current one after `-sf`/`-st`: a reload is under way. */
  | 'successor-starting'
  /** The current PID is not in the baseline, yet the process started well before the click. */
  | 'baseline-contradicts';

export type Verdict =
  | { readonly kind: 'clean'; readonly current: ClassifiedProcess }
  | {
      readonly kind: 'draining';
      readonly processes: readonly ClassifiedProcess[];
      /** Epoch ms by which every predecessor must be gone. */
      readonly deadline: number;
    }
  | {
      readonly kind: 'duplicate';
      readonly processes: readonly ClassifiedProcess[];
      /** The reload that left the orphan also kept the previous configuration (see `not-live`). */
      readonly notLive?: ConfigChanges;
    }
  /**
   * One new process, alone, as after a clean reload, but on the previous configuration: the new
   * one failed `haproxy -c` and OPNsense did not deploy it (docs/opnsense.md §8).
   */
  | {
      readonly kind: 'not-live';
      readonly current: ClassifiedProcess;
      readonly changes: ConfigChanges;
    }
  | { readonly kind: 'not-reloaded'; readonly current: ClassifiedProcess }
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'unverifiable';
      readonly reason: UnverifiableReason;
      readonly processes: readonly HaproxyProcess[];
    };
