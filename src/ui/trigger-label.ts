/** What started a check, in words, for the options page's cards and history. */
import type { CheckTrigger } from '../core/model.ts';
import type { MessageKey, Translate } from './i18n.ts';

// A Record over the union: a trigger added to CheckTrigger without a label fails the type-check.
const TRIGGER_KEYS: Readonly<Record<CheckTrigger, MessageKey>> = {
  apply: 'triggerApply',
  restart: 'triggerRestart',
  start: 'triggerStart',
  remediation: 'triggerRemediation',
  manual: 'triggerManual',
  acme: 'triggerAcme',
  'page-open': 'triggerPageOpen',
  watch: 'triggerWatch',
  'ha-backup': 'triggerHaBackup',
};

/**
 * The label of a stored trigger. History and last looks come from storage, where an older or a
 * newer version may have written a trigger this one does not know: that is shown as it is, and
 * an inherited name (`constructor`, `__proto__`) never resolves to anything.
 */
export function triggerLabel(trigger: string, t: Translate): string {
  return Object.hasOwn(TRIGGER_KEYS, trigger) ? t(TRIGGER_KEYS[trigger as CheckTrigger]) : trigger;
}
