/**
 * Runs real haproxy processes the way OPNsense does: the FreeBSD rc script's start/stop/reload
 * (net/haproxy/files/haproxy.in), the plugin's rc-wrapper.sh (hard prefix in hard mode) and the
 * configd actions that chain them (actions_haproxy.conf: `reload || restart`, `stop; killall`).
 * Faults bend exactly one step each; see faults.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Faults } from './faults.ts';
import { renderConfig, renderReloadFaultFragment } from './haproxy-config.ts';
import { stopModeOf, type HaproxyModel } from './model.ts';
import {
  haproxyPidsForConfig,
  isAlive,
  isHaproxyArgv,
  readArgv,
  serverSideInode,
  socketInodes,
} from './proc.ts';
import { socketCommand } from './stats-socket.ts';
import { heldWithin } from '../support/wait.ts';

export interface ServicePaths {
  readonly dir: string;
  /** The running configuration: what haproxy processes load. */
  readonly config: string;
  /** The generated one (OPNsense's `haproxy.conf.staging`), deployed only if `haproxy -c` passes. */
  readonly staging: string;
  readonly pidfile: string;
  readonly socket: string;
  /** Fragment the reloadFails fault adds to a reload (see haproxy-config.ts). */
  readonly reloadFault: string;
  /** haproxy's own stdout/stderr (launcher messages), appended per launch. */
  readonly log: string;
}

export interface ServiceOptions {
  readonly binary: string;
  readonly dir: string;
  readonly frontendPort: number;
  readonly model: () => HaproxyModel;
  readonly faults: () => Readonly<Faults>;
}

/** What a configd action returns: configd itself only says `OK` or `Error (<exit code>)`. */
export interface ActionResult {
  readonly ok: boolean;
  /** What the rc script / haproxy printed, for the sim's log and tests. */
  readonly detail: string;
  /** True when the failure was injected by reloadFails (configd's fallback is then skipped). */
  readonly injected?: boolean;
}

export type ServiceStatus = 'running' | 'stopped' | 'disabled';

interface LaunchResult {
  code: number | null;
  output: string;
}

/**
 * How long configd lets an action run (about 120 s). rc's `wait_for_pids` itself waits for ever,
 * so this is what bounds a graceful stop when `hard-stop-after` is empty.
 */
export const CONFIGD_ACTION_TIMEOUT_MS = 120_000;

/**
 * What the configtestAlert fault adds to `global`: "Maximum connections" rendered as `maxconn`,
 * and the same keyword again from "Custom options". haproxy warns with an ALERT and goes on.
 */
export const CONFIGTEST_ALERT_OPTIONS: readonly string[] = ['maxconn 400', 'maxconn 400'];

/** What the configInvalid fault adds to `global`: a keyword haproxy rejects, so `-c` fails. */
export const CONFIG_INVALID_OPTIONS: readonly string[] = ['hrg-not-a-keyword on'];

const ok = (detail: string): ActionResult => ({ ok: true, detail });
const fail = (detail: string, injected = false): ActionResult => ({ ok: false, detail, injected });

export function servicePaths(dir: string): ServicePaths {
  return {
    dir,
    config: join(dir, 'haproxy.conf'),
    staging: join(dir, 'haproxy.conf.staging'),
    pidfile: join(dir, 'haproxy.pid'),
    socket: join(dir, 'haproxy.socket'),
    reloadFault: join(dir, 'reload-fault.conf'),
    log: join(dir, 'haproxy.log'),
  };
}

export type HaproxyService = ReturnType<typeof createHaproxyService>;

export function createHaproxyService(options: ServiceOptions) {
  const { binary, frontendPort } = options;
  const paths = servicePaths(options.dir);
  const held: Socket[] = [];
  // One service action at a time: two quick Apply clicks must not interleave half a reload
  // with half a restart (the processes and the pidfile are shared state).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(action: () => Promise<T>): Promise<T> => {
    const next = queue.then(action, action);
    queue = next.catch(() => undefined);
    return next;
  };

  writeFileSync(paths.reloadFault, renderReloadFaultFragment(join(paths.dir, 'missing')));

  function renderCurrent(): string {
    return renderConfig({
      model: options.model(),
      paths,
      frontendPort,
      globalCustomOptions: [
        ...(options.faults().configtestAlert ? CONFIGTEST_ALERT_OPTIONS : []),
        ...(options.faults().configInvalid ? CONFIG_INVALID_OPTIONS : []),
      ],
    });
  }

  /** OPNsense's "template reload": the model becomes haproxy.conf.staging. */
  function writeConfig(): void {
    writeFileSync(paths.staging, renderCurrent());
  }

  /**
   * setup.sh `deploy`: the staging file replaces the running one only if `haproxy -c` passes on
   * it; either way it exits 0 and the reload or start goes on, with the previous file if need be.
   */
  async function deploy(): Promise<void> {
    const check = await run(['-q', '-c', '-f', paths.staging]);
    if (check.code === 0) copyFileSync(paths.staging, paths.config);
  }

  function readPidfile(): number[] {
    try {
      return readFileSync(paths.pidfile, 'utf8')
        .split(/\s+/)
        .filter((s) => /^\d+$/.test(s))
        .map(Number);
    } catch {
      return [];
    }
  }

  /** rc.subr `check_pidfile`: the first pidfile PID, if it is alive and is a haproxy. */
  function pidfilePid(): number | null {
    const pid = readPidfile()[0];
    if (pid === undefined || !isAlive(pid)) return null;
    const argv = readArgv(pid);
    return argv !== null && isHaproxyArgv(argv) ? pid : null;
  }

  function pids(): number[] {
    return haproxyPidsForConfig(paths.config);
  }

  function run(args: string[]): Promise<LaunchResult> {
    return new Promise((resolve) => {
      execFile(binary, args, { timeout: 10_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      });
    });
  }

  /**
   * Starts a haproxy launcher and waits for it to exit (it forks the daemon and leaves).
   * Its output goes to a file, not a pipe: the daemon child inherits the descriptors, and a
   * pipe it keeps open would keep this process' event loop busy.
   */
  async function launch(args: string[]): Promise<LaunchResult> {
    const before = fileSize(paths.log);
    const fd = openSync(paths.log, 'a');
    let code: number | null;
    try {
      const child = spawn(binary, args, { stdio: ['ignore', fd, fd], detached: true });
      code = await new Promise<number | null>((resolve) => {
        child.on('error', () => {
          resolve(127);
        });
        child.on('exit', (c) => {
          resolve(c);
        });
      });
    } finally {
      closeSync(fd);
    }
    const output = readFileSync(paths.log).subarray(before).toString('utf8');
    return { code, output };
  }

  /** rc `start`: refuse when running, check the config, launch, wait for the pidfile. */
  async function rcStart(): Promise<ActionResult> {
    const running = pidfilePid();
    if (running !== null) return fail(`haproxy already running? (pid=${running}).`);
    const check = await run(['-q', '-c', '-f', paths.config]);
    if (check.code !== 0) return fail(check.output);
    // startFails: the same unbindable listener as reloadFails, so haproxy itself exits 1.
    const fault = options.faults().startFails ? ['-f', paths.reloadFault] : [];
    const started = await launch(['-q', '-f', paths.config, ...fault, '-p', paths.pidfile]);
    if (started.code !== 0) return fail(started.output);
    if (
      !(await heldWithin(() => pidfilePid() !== null, {
        what: 'a live PID in the pidfile',
        timeoutMs: 5000,
        intervalMs: 25,
      }))
    ) {
      return fail('haproxy exited 0 but no live PID appeared in the pidfile');
    }
    return ok('Starting haproxy.');
  }

  function stopSignal(): NodeJS.Signals {
    // rc-wrapper.sh runs `hardstop` (SIGTERM) in hard mode, plain `stop` (SIGUSR1) otherwise.
    return stopModeOf(options.model().general) === 'hard' ? 'SIGTERM' : 'SIGUSR1';
  }

  /**
   * rc `stop`: signal only the pidfile PID and wait until it has exited (`wait_for_pids`); an
   * orphan is not touched. After SIGUSR1 (graceful) the process first drains its connections,
   * up to its `hard-stop-after`, for ever when that is empty: configd's action limit is then
   * the only bound. The holdConnection fault gives it a connection to drain.
   */
  async function rcStop(): Promise<ActionResult> {
    const pid = pidfilePid();
    if (pid === null) return fail('haproxy not running?');
    if (options.faults().holdConnection) await holdConnection();
    signal(pid, stopSignal());
    const gone = await heldWithin(() => !isAlive(pid), {
      what: `haproxy ${pid} to exit`,
      timeoutMs: CONFIGD_ACTION_TIMEOUT_MS,
      intervalMs: 50,
    });
    return gone ? ok('Stopping haproxy.') : fail(`haproxy (pid ${pid}) still running`);
  }

  /** rc `reload`: check, then launch a new process naming the pidfile PID(s) after -sf/-st. */
  async function rcReload(): Promise<ActionResult> {
    const check = await run(['-q', '-c', '-f', paths.config]);
    if (check.code !== 0) {
      return fail(`Error found in ${paths.config} - not reloading current process!`);
    }
    if (pidfilePid() === null) return fail('haproxy not running?');
    const faults = options.faults();
    const mode = stopModeOf(options.model().general);
    const args = ['-q', '-f', paths.config];
    if (faults.reloadFails) args.push('-f', paths.reloadFault);
    args.push('-p', paths.pidfile);
    if (mode === 'seamless') args.push('-x', paths.socket);
    // The field bug: the new process is started without telling the old one to go.
    if (!faults.orphanOnReload)
      args.push(mode === 'hard' ? '-st' : '-sf', ...readPidfile().map(String));
    const launched = await launch(args);
    // The launcher writes the new PID to the pidfile before it exits.
    if (launched.code !== 0) return fail(launched.output, faults.reloadFails);
    return ok('Reloading haproxy.');
  }

  /** rc.subr `restart`: stop (its failure ignored, its wait included), then start. */
  async function rcRestart(): Promise<ActionResult> {
    await rcStop();
    return rcStart();
  }

  function signal(pid: number, sig: NodeJS.Signals): void {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }

  /** `killall haproxy`, narrowed to this sim's processes; waits until they are gone. */
  async function killAll(): Promise<void> {
    const noneLeft = () => pids().length === 0;
    for (const pid of pids()) signal(pid, 'SIGTERM');
    if (
      !(await heldWithin(noneLeft, { what: 'no haproxy left', timeoutMs: 3000, intervalMs: 25 }))
    ) {
      for (const pid of pids()) signal(pid, 'SIGKILL');
      await heldWithin(noneLeft, { what: 'no haproxy left', timeoutMs: 3000, intervalMs: 25 });
    }
  }

  function releaseHeldConnections(): void {
    for (const socket of held.splice(0)) socket.destroy();
  }

  /** Opens one silent connection; resolves with the PID that accepted it, if any did. */
  async function openSilentConnection(): Promise<number | null> {
    const socket = connect({ host: '127.0.0.1', port: frontendPort });
    socket.on('error', () => undefined);
    held.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => {
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (!connected || socket.localPort === undefined) return null;
    const clientPort = socket.localPort;
    let holder: number | null = null;
    await heldWithin(
      () => {
        const inode = serverSideInode(frontendPort, clientPort);
        holder =
          inode === null ? null : (pids().find((pid) => socketInodes(pid).has(inode)) ?? null);
        return holder !== null;
      },
      { what: 'the process holding the connection', timeoutMs: 3000, intervalMs: 25 },
    );
    return holder;
  }

  /**
   * holdConnection: a connection that sends nothing, held until the sim or the service stops,
   * accepted by the pidfile process (the one a reload or stop signals). Next to an orphan the
   * kernel may hand a connection to either, so it tries a few; the extra ones stay held too.
   * Waiting for the accept matters: a reload must not close the listener with it still queued.
   */
  async function holdConnection(): Promise<void> {
    const target = pidfilePid();
    if (target === null) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      if ((await openSilentConnection()) === target) return;
    }
  }

  /** A PID nothing runs under (just below pid_max, where PIDs are rarely in use). */
  function deadPid(): number {
    let pid = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) - 1;
    while (pid > 1 && (isAlive(pid) || readArgv(pid) !== null)) pid--;
    return pid;
  }

  /** configd `reload`: deploy, then `rc reload || rc restart`, with the faults that bend it. */
  async function configdReload(): Promise<ActionResult> {
    await deploy();
    const faults = options.faults();
    if (faults.stalePidfile) writeFileSync(paths.pidfile, `${deadPid()}\n`);
    if (faults.holdConnection) await holdConnection();
    const reloaded = await rcReload();
    if (reloaded.ok || reloaded.injected === true) return reloaded;
    return rcRestart();
  }

  return {
    paths,
    writeConfig,
    pids,
    pidfilePid,

    status(): ServiceStatus {
      if (pidfilePid() !== null) return 'running';
      return options.model().general.enabled === '1' ? 'stopped' : 'disabled';
    },

    /** configtest: template reload, then `haproxy -c` of the result, output as haproxy printed it. */
    configtest(): Promise<string> {
      return serial(async () => {
        writeConfig();
        return (await run(['-c', '-f', paths.staging])).output;
      });
    },

    /** configd `start`: deploy, then rc start. */
    start(): Promise<ActionResult> {
      return serial(async () => {
        await deploy();
        return rcStart();
      });
    },

    /** configd `reload` as `configctl haproxy reload` runs it: the config on disk, no template. */
    reload(): Promise<ActionResult> {
      return serial(configdReload);
    },

    /** configd `restart`: deploy, then rc restart. */
    restart(): Promise<ActionResult> {
      return serial(async () => {
        await deploy();
        return rcRestart();
      });
    },

    /**
     * configd `stop`: `rc-wrapper.sh stop; killall haproxy; exit 0` — rc stop (which waits for
     * the pidfile PID), then every haproxy of this sim, and only then the answer.
     */
    stop(): Promise<ActionResult> {
      return serial(async () => {
        const began = Date.now();
        const faults = options.faults();
        if (faults.stopFails) return fail('stop failed (stopFails fault): nothing was signalled');
        await rcStop();
        const left = faults.slowStopMs - (Date.now() - began);
        if (left > 0) await delay(left);
        await killAll();
        releaseHeldConnections();
        return ok('Stopping haproxy.');
      });
    },

    /**
     * The plugin's reconfigure: template reload, then reload when running, start otherwise.
     * Its answer does not depend on the outcome (ServiceController returns "ok" regardless).
     */
    reconfigure(): Promise<ActionResult> {
      return serial(async () => {
        const model = options.model();
        const running = pidfilePid() !== null;
        if (running && model.general.enabled !== '1') {
          await rcStop();
          await killAll();
        }
        writeConfig();
        if (model.general.enabled !== '1') return ok('disabled');
        if (running) return configdReload();
        await deploy();
        return rcStart();
      });
    },

    /**
     * What `export/diff` shows (configd `haproxy configdiff`): `diff -Naur running staging`,
     * the staging file generated from the model as it is now. Empty when the running file is
     * the generated one: nothing pending, or an Apply deployed it.
     */
    pendingDiff(): Promise<string> {
      writeConfig();
      return new Promise((resolve) => {
        // diff exits 1 when the files differ: its output is the answer either way.
        execFile('diff', ['-Naur', paths.config, paths.staging], (_error, stdout) => {
          resolve(stdout);
        });
      });
    },

    /**
     * One client that opens a connection to the pidfile process now and sends nothing, held until
     * that process ends (or the sim stops): a graceful stop of that process then drains until
     * `hard-stop-after`, and only that once (docs/opnsense.md §2, §8: the restart the dashboard
     * widget times out on). The holdConnection fault is the same at every stop and reload.
     */
    holdClientConnection(): Promise<void> {
      return holdConnection();
    },

    showInfo(): Promise<string | null> {
      return socketCommand(paths.socket, 'show info');
    },

    /** Ends every process of this sim at once (sim teardown, not an OPNsense action). */
    async destroy(): Promise<void> {
      releaseHeldConnections();
      await killAll();
    },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
