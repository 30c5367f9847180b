/** The short name of a check's result, for the popup and the history. */
import { errorKindOf, lookResult } from '../shared/check-result.ts';
import type { CheckRecord } from '../shared/check-state.ts';
import type { MessageKey, Translate } from './i18n.ts';

export function resultLabel(result: string, t: Translate): string {
  // Verdicts that hold together (an orphan, and the change not live): each named.
  if (result.includes('+')) {
    return result
      .split('+')
      .map((part) => resultLabel(part, t))
      .join(' · ');
  }
  const errorKind = errorKindOf(result);
  if (errorKind !== null) return `${t('verdict_error')} (${errorKind})`;
  const key = `verdict_${result.replaceAll('-', '_')}` as MessageKey;
  const label = t(key);
  return label === key ? result : label;
}

export function checkLabel(check: CheckRecord, t: Translate): string {
  if (check.phase !== 'done' && check.verdict?.kind !== 'draining') return t('verdict_checking');
  return resultLabel(lookResult(check) ?? 'unverifiable', t);
}
