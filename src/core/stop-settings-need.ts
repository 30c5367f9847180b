/**
 * When a look needs `settings/get` (the plugin's stop settings), and when the process list already
 * says them. Pure. The observation loop asks this before the call: the answer carries userlist
 * passwords and costs a request, so it is read only when a drain window matters.
 */
import type { ProcessPicture, StopSettings } from './model.ts';

/**
 * The stop settings only matter for a drain window, and a window only for a second haproxy
 * process: a look whose list shows one process at most decides without them, which keeps the
 * look that confirms a clean Apply at four calls (docs/benchmarks.md). The caller reads them
 * when this says so, before deciding.
 */
export function needsStopSettings(picture: ProcessPicture): boolean {
  return picture.processes.length > 1;
}

/**
 * Hard mode, as the newest process's own command line shows it: OPNsense's rc reload passes `-st`
 * only with `haproxy_hardstop=YES`, which the plugin writes when graceful stop is off, and the same
 * rc file makes the rc stop send SIGTERM (docs/opnsense.md §2). So a current process started with
 * `-st` tells the stop mode without `settings/get`; `hard-stop-after` plays no part in hard mode.
 * Null when the line does not show it (graceful `-sf`, a fresh start, a cut or hidden line).
 */
export function stopSettingsShownBy(
  picture: ProcessPicture,
  currentPid: number,
): StopSettings | null {
  if (picture.commandLinesHidden === true) return null;
  const current = picture.processes.find((process) => process.pid === currentPid);
  if (!current || current.commandCut || current.signalMode !== 'hard') return null;
  return { mode: 'hard', hardStopAfterMs: null };
}
