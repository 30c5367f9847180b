/**
 * What happens to a firewall without any GUI request, as automation, cron or an admin on SSH does
 * it (docs/opnsense.md §3): the stand-in's shell-like control endpoint runs the configd action itself.
 */
import type { Sim } from '../../sim/index.ts';
import { waitFor } from '../../support/wait.ts';

export interface OrphanLeft {
  /** The process that should have ended with the reload and still serves the old configuration. */
  readonly orphanPid: number;
  /** The process the reload started (in the pidfile). */
  readonly currentPid: number;
}

/**
 * `configctl haproxy reload` from the shell with the `orphanOnReload` fault: the new process starts
 * without `-sf`/`-st`, the old one keeps listening. The fault is cleared again, so what follows
 * (a restart, an Apply) behaves as on a healthy firewall; a restart keeps the orphan all the same
 * (rc restart signals only the pidfile PID, docs/opnsense.md §2).
 */
export async function orphanFromTheShell(sim: Sim): Promise<OrphanLeft> {
  const [orphanPid] = await sim.haproxyPids();
  if (orphanPid === undefined) throw new Error('haproxy is not running on the stand-in');
  sim.setFaults({ orphanOnReload: true });
  const output = await sim.shell('configctl haproxy reload');
  sim.setFaults({ orphanOnReload: false });
  if (output !== 'OK') throw new Error(`configctl haproxy reload answered ${output}`);
  await waitFor(async () => (await sim.haproxyPids()).length === 2, {
    what: 'the reload to leave an orphan',
    timeoutMs: 10_000,
  });
  const currentPid = (await sim.haproxyPids()).find((pid) => pid !== orphanPid);
  if (currentPid === undefined) throw new Error('the reload started no new process');
  return { orphanPid, currentPid };
}
