/**
 * The short name a verdict is kept under in the history and a firewall's last look:
 * its kind, with `+not-live` when an orphan verdict also found the configuration not deployed.
 */
import type { Verdict } from './model.ts';

export function verdictResult(verdict: Verdict): string {
  return verdict.kind === 'duplicate' && verdict.notLive ? 'duplicate+not-live' : verdict.kind;
}
