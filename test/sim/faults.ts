/**
 * The faults the stand-in OPNsense can inject, their defaults, their CLI names, and the validation
 * of a JSON patch posted to `POST /__sim/faults`.
 */

/** What a process-list request answers instead of the list. */
export type ProcessListError = 'none' | 'http-500' | 'html' | 'cut-json';

export interface Faults {
  /**
   * A reload starts the new process without `-sf`/`-st`, so nobody signals the old one: both keep
   * listening (SO_REUSEPORT) and split new connections. This is the field bug (docs/opnsense.md §1, §5).
   */
  orphanOnReload: boolean;
  /**
   * Before each reload the pidfile is rewritten to name a dead PID. The rc script's reload then
   * finds "haproxy not running", configd falls back to `restart`, whose stop finds nothing to stop
   * and whose start launches a second process next to the running one.
   */
  stalePidfile: boolean;
  /**
   * Before each reload, stop and restart the sim opens a TCP connection to the frontend that
   * sends nothing and keeps it open, so the old process drains until its `hard-stop-after`
   * (or `timeout client`): in graceful mode a stop then takes about `hard-stop-after`.
   * Released when the service or the sim stops.
   */
  holdConnection: boolean;
  /**
   * The process a reload launches cannot bind one of its listeners, exits 1 and leaves the old
   * process running with the old config; `reconfigure` still answers `{"status":"ok"}`.
   * See README.md "reloadFails" for why configd's `|| restart` is not taken.
   */
  reloadFails: boolean;
  /**
   * configtest's output carries an `[ALERT]` line while the config still loads: the rendered
   * config repeats `maxconn` (as a "Custom options" line that duplicates "Maximum connections"
   * does), which haproxy reports as `'maxconn' already specified. Continuing.` Reload and start
   * work as usual. This is what makes the settings tab's Save & Apply ask "Try anyway?".
   */
  configtestAlert: boolean;
  /**
   * A stop (the haproxy and the System › Services API, and the shell) answers no sooner than
   * this many ms after it began: the rc stop's wait lasts at least this long, then `killall`
   * runs, then the answer goes out. So the pidfile process may be gone early, but an orphan
   * lives until the end. Models a graceful drain that outlasts a client's timeout. 0 = off.
   */
  slowStopMs: number;
  /**
   * The generated configuration fails `haproxy -c` (an unknown keyword in `global`): configtest
   * shows the ALERT, and setup.sh deploy keeps the running file, so reconfigure ("Try anyway?"),
   * start and restart run the previous configuration while answering as usual (facts §8).
   */
  configInvalid: boolean;
  /**
   * A firewall with one CPU: top prints no `C` column, and activity.py's split leaves only the
   * first word of every command (facts §4; process-table.ts `singleCpuActivity`).
   */
  singleCpu: boolean;
  /** The stop action fails as a whole: nothing is signalled, every haproxy keeps running, `Error (1)`. */
  stopFails: boolean;
  /**
   * rc start fails: the process it launches cannot bind one of its listeners and exits 1, so
   * nothing runs; start (and restart's start) answer `Error (1)`.
   */
  startFails: boolean;
  /**
   * A stop over the API is carried out (every haproxy killed), then the HTTP connection is
   * destroyed without an answer, as when a proxy or the browser gives up on a long request.
   */
  dropConnectionAfterStop: boolean;
  /**
   * `false`: the HAProxy plugin is not installed. Every `/api/haproxy/*` path is unknown (404
   * "Endpoint not found" on 25.7, 400 "controller … not found" on 24.1, before any login check),
   * the `/ui/haproxy` pages are not found and System › Services does not list haproxy.
   */
  pluginInstalled: boolean;
  /** `get_activity` takes 1–2 s, like `top -d2` on a real firewall. */
  slowProcessList: boolean;
  processListError: ProcessListError;
  /**
   * The session dies after this many more authenticated API requests (the next one gets 401),
   * then the fault clears itself. `null` = sessions live as long as they are used.
   */
  expireSessionAfterRequests: number | null;
}

export const DEFAULT_FAULTS: Readonly<Faults> = Object.freeze({
  orphanOnReload: false,
  stalePidfile: false,
  holdConnection: false,
  reloadFails: false,
  configtestAlert: false,
  configInvalid: false,
  singleCpu: false,
  slowStopMs: 0,
  stopFails: false,
  startFails: false,
  dropConnectionAfterStop: false,
  pluginInstalled: true,
  slowProcessList: false,
  processListError: 'none',
  expireSessionAfterRequests: null,
});

/** CLI `--fault <name>` values and the patch each stands for. */
export const FAULT_FLAGS: Readonly<Record<string, Partial<Faults>>> = {
  'orphan-on-reload': { orphanOnReload: true },
  'stale-pidfile': { stalePidfile: true },
  'hold-connection': { holdConnection: true },
  'reload-fails': { reloadFails: true },
  'configtest-alert': { configtestAlert: true },
  'config-invalid': { configInvalid: true },
  'single-cpu': { singleCpu: true },
  'stop-fails': { stopFails: true },
  'start-fails': { startFails: true },
  'drop-connection-after-stop': { dropConnectionAfterStop: true },
  'plugin-missing': { pluginInstalled: false },
  'slow-process-list': { slowProcessList: true },
  'process-list-500': { processListError: 'http-500' },
  'process-list-html': { processListError: 'html' },
  'process-list-cut-json': { processListError: 'cut-json' },
};

const BOOLEAN_KEYS = [
  'orphanOnReload',
  'stalePidfile',
  'holdConnection',
  'reloadFails',
  'configtestAlert',
  'configInvalid',
  'singleCpu',
  'stopFails',
  'startFails',
  'dropConnectionAfterStop',
  'pluginInstalled',
  'slowProcessList',
] as const;
const PROCESS_LIST_ERRORS: readonly ProcessListError[] = ['none', 'http-500', 'html', 'cut-json'];

/**
 * Checks a patch that came in as JSON. Throws with a message naming the first bad key, so a typo
 * in a curl command is reported instead of silently ignored.
 */
export function parseFaultPatch(value: unknown): Partial<Faults> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('faults must be a JSON object');
  }
  const patch: Partial<Faults> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'boolean') throw new Error(`${key} must be true or false`);
      patch[key as (typeof BOOLEAN_KEYS)[number]] = v;
    } else if (key === 'processListError') {
      if (!PROCESS_LIST_ERRORS.includes(v as ProcessListError)) {
        throw new Error(`processListError must be one of ${PROCESS_LIST_ERRORS.join(', ')}`);
      }
      patch.processListError = v as ProcessListError;
    } else if (key === 'slowStopMs') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new Error('slowStopMs must be a whole number of ms ≥ 0 (0 = off)');
      }
      patch.slowStopMs = v;
    } else if (key === 'expireSessionAfterRequests') {
      if (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
        patch.expireSessionAfterRequests = v;
      } else {
        throw new Error('expireSessionAfterRequests must be a whole number ≥ 0 or null');
      }
    } else {
      throw new Error(`unknown fault ${key}`);
    }
  }
  return patch;
}
