/**
 * The configtest ALERT lines a new Apply check inherits from the one it replaces on its tab.
 */
import type { CheckTrigger } from '../../core/model.ts';
import type { CheckRecord } from '../../shared/check-state.ts';

/**
 * "Try anyway?" posts reconfigure after a configtest that reported ALERT lines, and that request
 * begins a new Apply check replacing the one the page's configtest answered: the alerts go with it,
 * so a not-live verdict can show why (docs/opnsense.md §3, §8).
 */
export function carriedAlerts(previous: CheckRecord | null, trigger: CheckTrigger): string | null {
  if (trigger !== 'apply' || !previous) return null;
  const outcome = previous.outcome;
  if (outcome?.step === 'configtest' && !outcome.ok && outcome.detail.includes('ALERT')) {
    return outcome.detail;
  }
  return previous.configtestAlerts ?? null;
}
