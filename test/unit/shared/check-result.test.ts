import { describe, expect, it } from 'vitest';
import { errorKindOf, historyResult, lookResult } from '../../../src/shared/check-result.ts';
import type { CheckRecord, RemediationState } from '../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../check-fixtures.ts';

const refused = { kind: 'forbidden', privilege: 'p', status: 403, endpoint: '' } as const;
const configtestFailed: Partial<CheckRecord> = {
  failure: 'configtest-failed',
  outcome: { step: 'configtest', ok: false, detail: '' },
};
const duplicate = {
  kind: 'duplicate',
  processes: [classified(1, 'current'), classified(2, 'orphan')],
} as const;

function remediation(step: RemediationState['step']): RemediationState {
  return {
    kind: 'restart',
    step,
    startedAt: 0,
    pidsBefore: [],
    stopExpectedMs: null,
    stopSentAt: null,
    stopEndedAt: null,
    stopAnswer: null,
    giveUpAt: null,
    startSentAt: null,
    startAnswer: null,
    newPid: null,
    outageMs: null,
    interruption: null,
    remainingPids: [],
    error: null,
  };
}

describe('the result of a check', () => {
  it.each<[string, Partial<CheckRecord>, string | null, string]>([
    ['nothing found yet', { phase: 'observing' }, null, 'unfinished'],
    ['ended without an answer', {}, null, 'unfinished'],
    ['a verdict', { verdict: cleanVerdict(1) }, 'clean', 'clean'],
    ['an error once done', { error: refused }, 'error:forbidden', 'error:forbidden'],
    ['an error while still observing', { phase: 'observing', error: refused }, null, 'unfinished'],
    [
      'a page failure the look did not overrule',
      { ...configtestFailed, verdict: { kind: 'stopped' } },
      'configtest-failed',
      'configtest-failed',
    ],
    [
      'a page failure the look overruled',
      { ...configtestFailed, verdict: cleanVerdict(1) },
      'clean',
      'clean',
    ],
    [
      // The panel shows the failure with what the look saw; every other place says the same.
      'a page failure whose look failed',
      { ...configtestFailed, error: refused },
      'configtest-failed',
      'configtest-failed',
    ],
    [
      'a restart click that failed after a duplicate',
      { verdict: duplicate, remediation: remediation('failed') },
      'duplicate',
      'remediation-failed',
    ],
    [
      'a restart click cut off',
      { verdict: duplicate, remediation: remediation('cut-off') },
      'duplicate',
      'remediation-cut-off',
    ],
    [
      'an error outranks how the click ended',
      { verdict: duplicate, error: refused, remediation: remediation('failed') },
      'error:forbidden',
      'error:forbidden',
    ],
  ])('%s', (_name, overrides, look, history) => {
    const record = checkRecord(overrides);
    expect(lookResult(record)).toBe(look);
    expect(historyResult(record)).toBe(history);
  });
});

describe('errorKindOf', () => {
  it.each<[string, string | null]>([
    ['error:forbidden', 'forbidden'],
    ['error:', ''],
    ['clean', null],
    ['configtest-failed', null],
  ])('%s', (result, kind) => {
    expect(errorKindOf(result)).toBe(kind);
  });
});
