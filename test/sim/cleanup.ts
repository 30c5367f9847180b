/**
 * Makes sure no haproxy outlives the sim that started it: exit/signal handlers while sims run,
 * and `killLeftoverSimProcesses()` for what a crashed run left behind. Processes are found in
 * /proc by their config path (`<tmpdir>/hrg-sim-*`) and killed by PID, never by name.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { haproxyPidsForConfig, haproxyPidsWhere, isAlive, readArgv } from './proc.ts';

export const SIM_DIR_PREFIX = join(tmpdir(), 'hrg-sim-');
const OWNER_FILE = 'owner.pid';
/** A sim dir this young may still be waiting for its owner file; leave it alone. */
const GRACE_MS = 10_000;

export interface LiveSim {
  readonly dir: string;
  readonly configPath: string;
  stop(): Promise<void>;
}

const live = new Set<LiveSim>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killSync(sim: LiveSim): void {
  for (const pid of haproxyPidsForConfig(sim.configPath)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  rmSync(sim.dir, { recursive: true, force: true });
}

// Only synchronous work is possible in 'exit'. Node also emits 'exit' after an uncaught
// exception, so no 'uncaughtException' listener is needed (one would stop the crash itself).
function onExit(): void {
  for (const sim of live) killSync(sim);
}

function onSignal(signal: NodeJS.Signals): void {
  const all = [...live];
  removeHandlers();
  void Promise.allSettled(all.map((s) => s.stop())).finally(() => {
    // Re-raise so the process ends the way the signal meant (exit status 128+n).
    process.kill(process.pid, signal);
  });
}

function installHandlers(): void {
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function removeHandlers(): void {
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Records that this process owns `dir`, so other runs can tell a live sim from a leftover. */
export function claimSimDir(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
}

export function registerLiveSim(sim: LiveSim): () => void {
  if (live.size === 0) installHandlers();
  live.add(sim);
  return () => {
    live.delete(sim);
    if (live.size === 0) removeHandlers();
  };
}

function ownerOf(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isLiveHere(dir: string): boolean {
  for (const sim of live) if (sim.dir === dir) return true;
  return false;
}

/**
 * A sim dir is left over when no running sim owns it: its owner process is gone, or it is this
 * process but the sim was never stopped. With `all`, sims of other live processes count too.
 */
function isLeftover(dir: string, all: boolean): boolean {
  if (isLiveHere(dir)) return false;
  const owner = ownerOf(dir);
  if (owner === null) {
    try {
      return Date.now() - statSync(dir).mtimeMs > GRACE_MS;
    } catch {
      return false;
    }
  }
  return all || owner === process.pid || !isAlive(owner);
}

export interface SimProcess {
  readonly pid: number;
  readonly dir: string;
  readonly owner: number | null;
}

/** Every live haproxy started by any sim on this machine (config under `<tmpdir>/hrg-sim-*`). */
export function listSimHaproxyProcesses(): SimProcess[] {
  return haproxyPidsWhere((arg) => arg.startsWith(SIM_DIR_PREFIX)).flatMap((pid) => {
    const config = readArgv(pid)?.find((arg) => arg.startsWith(SIM_DIR_PREFIX));
    if (config === undefined) return [];
    const dir = dirname(config);
    return [{ pid, dir, owner: ownerOf(dir) }];
  });
}

export interface LeftoverReport {
  readonly killed: number[];
  readonly removedDirs: string[];
}

/**
 * Kills (SIGKILL, by PID) the haproxy processes of left-over sims and removes their temp dirs.
 * Safe to call while other test runs are active: their sims are not left over (unless `all`).
 */
export function killLeftoverSimProcesses({ all = false }: { all?: boolean } = {}): LeftoverReport {
  const killed: number[] = [];
  for (const p of listSimHaproxyProcesses()) {
    if (!isLeftover(p.dir, all)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
      killed.push(p.pid);
    } catch {
      // Gone already.
    }
  }
  const removedDirs: string[] = [];
  const base = dirname(SIM_DIR_PREFIX);
  const prefix = SIM_DIR_PREFIX.slice(base.length + 1);
  for (const name of readdirSync(base)) {
    const dir = join(base, name);
    if (!name.startsWith(prefix) || !isLeftover(dir, all)) continue;
    rmSync(dir, { recursive: true, force: true });
    removedDirs.push(dir);
  }
  return { killed, removedDirs };
}
