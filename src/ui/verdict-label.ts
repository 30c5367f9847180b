/** The short name of a check's result, for the popup and the history. */
import { verdictResult } from '../core/verdict-result.ts';
import type { CheckRecord } from '../shared/check-state.ts';
import { standingFailure } from '../shared/page-failure.ts';
import type { MessageKey, Translate } from './i18n.ts';

export function resultLabel(result: string, t: Translate): string {
  // Verdicts that hold together (an orphan, and the change not live): each named.
  if (result.includes('+'))
    return result
      .split('+')
      .map((part) => resultLabel(part, t))
      .join(' · ');
  if (result.startsWith('error:')) return `${t('verdict_error')} (${result.slice(6)})`;
  const key = `verdict_${result.replaceAll('-', '_')}` as MessageKey;
  const label = t(key);
  return label === key ? result : label;
}

export function checkLabel(check: CheckRecord, t: Translate): string {
  if (check.phase !== 'done' && check.verdict?.kind !== 'draining') return t('verdict_checking');
  if (check.error && check.phase === 'done') return resultLabel(`error:${check.error.kind}`, t);
  const failure = standingFailure(check);
  if (failure) return resultLabel(failure, t);
  return resultLabel(check.verdict ? verdictResult(check.verdict) : 'unverifiable', t);
}
