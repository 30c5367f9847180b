/**
 * Checks and secrets of firewalls whose access is gone are forgotten, not left to come back:
 * after the admin revokes a host (options, the menu, the browser's settings) and when the
 * background starts.
 */
import type { CheckRunner } from '../checks/check-runner.ts';

export interface RevokedAccessDeps {
  /** Forgets the stored settings and secrets of firewalls no longer granted. */
  forgetRevokedFirewalls(): Promise<unknown>;
  isEnabled(origin: string): Promise<boolean>;
  readonly runner: Pick<CheckRunner, 'all' | 'dismiss'>;
}

export function createRevokedAccess(deps: RevokedAccessDeps) {
  return async function forgetRevoked(): Promise<void> {
    await deps.forgetRevokedFirewalls();
    for (const record of deps.runner.all()) {
      if (!(await deps.isEnabled(record.origin))) await deps.runner.dismiss(record.id);
    }
  };
}
