/**
 * What the page reported about its own request (configtest failed, reconfigure failed, a service
 * action failed) is a claim made in the page's world, where any script can make it. A check that
 * got one looks at the firewall once (check-runner.ts); afterwards the claim stands unless that
 * look proves otherwise:
 * - `clean`: one process, new since the click (the verdict engine needs both), so the reload
 *   did happen, whatever the page said;
 * - `duplicate`: an orphan serves the old configuration, and that needs the restart whatever
 *   happened to this Apply.
 * Everything else (not reloaded, stopped, unverifiable, draining, an error) is shown with the
 * failure, never as a clean reload.
 */
import type { CheckFailure, CheckRecord } from './check-state.ts';

/** The page-reported failure to show for a check, or null (none, the look still running, or overruled). */
export function standingFailure(record: CheckRecord): CheckFailure | null {
  if (record.failure === null || record.phase !== 'done') return null;
  const seen = record.verdict?.kind;
  return seen === 'clean' || seen === 'duplicate' ? null : record.failure;
}
