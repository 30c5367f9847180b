/**
 * A tab was closed: its finished checks go, except a warning that still needs the admin (an
 * orphan found from System › Services is still there when its tab is closed): that one waits,
 * on no tab, for the next HAProxy page of its firewall (page-open.ts). Only Dismiss forgets a
 * warning. Unfinished checks run on.
 */
import { needsAdmin } from '../../shared/unrequested-look.ts';
import type { CheckRunner } from '../checks/check-runner.ts';

export async function tabClosed(
  tabId: number,
  runner: Pick<CheckRunner, 'all' | 'adopt' | 'dismiss'>,
): Promise<void> {
  const ending = runner.all().filter((record) => record.tabId === tabId && record.phase === 'done');
  await Promise.all(
    ending.map((record) =>
      needsAdmin(record) ? runner.adopt(record.id, null) : runner.dismiss(record.id),
    ),
  );
}
