/**
 * Checks, restart journals and secrets of firewalls whose access is gone are forgotten, not left
 * to come back: after the admin revokes a host (options, the menu, the browser's settings) and
 * when the background starts. A journal left would finish (or ask to finish) a restart on the
 * firewall's next page once access is granted again.
 */
import type { CheckRunner } from '../checks/check-runner.ts';

export interface RevokedAccessDeps {
  /** Forgets the stored settings and secrets of firewalls no longer granted. */
  forgetRevokedFirewalls(): Promise<unknown>;
  isEnabled(origin: string): Promise<boolean>;
  readonly runner: Pick<CheckRunner, 'all' | 'dismiss' | 'journaledOrigins' | 'forgetFirewall'>;
}

export function createRevokedAccess(deps: RevokedAccessDeps) {
  return async function forgetRevoked(): Promise<void> {
    await deps.forgetRevokedFirewalls();
    for (const record of deps.runner.all()) {
      if (!(await deps.isEnabled(record.origin))) await deps.runner.dismiss(record.id);
    }
    for (const origin of deps.runner.journaledOrigins()) {
      if (!(await deps.isEnabled(origin))) await deps.runner.forgetFirewall(origin);
    }
  };
}
