/**
 * A vitest `globalSetup` for suites that start sims (add `globalSetup: ['test/sim/global-setup.ts']`
 * to a project): before the run it removes what a crashed earlier run left behind, after it
 * anything this run leaked. Sims of other test runs still alive on the machine are left alone.
 */
import { killLeftoverSimProcesses } from './cleanup.ts';

export default function setup(): () => void {
  report('before', killLeftoverSimProcesses());
  return () => {
    report('after', killLeftoverSimProcesses());
  };
}

function report(
  when: string,
  { killed, removedDirs }: ReturnType<typeof killLeftoverSimProcesses>,
) {
  if (killed.length > 0 || removedDirs.length > 0) {
    console.warn(
      `[sim] ${when} the run: killed haproxy ${killed.join(', ') || '-'}; removed ${removedDirs.length} dir(s)`,
    );
  }
}
