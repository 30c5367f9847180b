/**
 * When a process started, to 10 ms, from Linux /proc: `starttime` (field 22 of
 * `/proc/<pid>/stat`, clock ticks since boot) against `/proc/uptime`. `show info`'s `Uptime_sec`
 * gives whole seconds only, too coarse for a floor.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/** Epoch ms the process started, or null when it is gone. */
export function processStartedAt(pid: number): number | null {
  let stat: string;
  let uptime: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    uptime = readFileSync('/proc/uptime', 'utf8');
  } catch {
    return null;
  }
  const now = Date.now();
  // Fields after the command name, which sits in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[22 - 3]);
  const uptimeS = Number(uptime.split(' ')[0]);
  if (!Number.isFinite(startTicks) || !Number.isFinite(uptimeS)) return null;
  return now - (uptimeS * 1000 - (startTicks * 1000) / TICKS_PER_SECOND);
}

/** The start of the newest of `pids` still alive, epoch ms; null when none is. */
export function newestStart(pids: readonly number[]): number | null {
  const starts = pids.flatMap((pid) => processStartedAt(pid) ?? []);
  return starts.length === 0 ? null : Math.max(...starts);
}
