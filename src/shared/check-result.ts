/**
 * The short result string of a check, as the history, the last look and the labels name it: a
 * verdict's name (core/verdict-result.ts), a page failure that stands (page-failure.ts), `error:<kind>`, or how a restart
 * click ended. Written here only; ui/verdict-label.ts turns it into words.
 */
import { verdictResult } from '../core/verdict-result.ts';
import type { CheckRecord } from './check-state.ts';
import { standingFailure } from './page-failure.ts';

const ERROR_PREFIX = 'error:';

/** The error kind an `error:<kind>` result names; null for any other result. */
export function errorKindOf(result: string): string | null {
  return result.startsWith(ERROR_PREFIX) ? result.slice(ERROR_PREFIX.length) : null;
}

/** What the page claimed, or the error that ended the check: both outrank what a look saw. */
function failureOrError(record: CheckRecord): string | null {
  const failure = standingFailure(record);
  if (failure) return failure;
  return record.error && record.phase === 'done' ? ERROR_PREFIX + record.error.kind : null;
}

/** What the check's newest look found; null while it found nothing yet. Pure. */
export function lookResult(record: CheckRecord): string | null {
  return failureOrError(record) ?? (record.verdict ? verdictResult(record.verdict) : null);
}

/**
 * How the check ended, for the history: what it found, unless a restart click after it failed or
 * was cut off; `unfinished` for a check that ended without an answer. Pure.
 */
export function historyResult(record: CheckRecord): string {
  const step = record.remediation?.step;
  const remediation =
    step === 'failed' ? 'remediation-failed' : step === 'cut-off' ? 'remediation-cut-off' : null;
  return (
    failureOrError(record) ??
    remediation ??
    (record.verdict ? verdictResult(record.verdict) : 'unfinished')
  );
}
