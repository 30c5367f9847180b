import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { standingFailure } from '../../../src/shared/page-failure.ts';
import { checkRecord, classified } from '../check-fixtures.ts';

const process = classified(41_001, 'current');

function record(phase: CheckRecord['phase'], verdict: Verdict | null): CheckRecord {
  return checkRecord({
    phase,
    outcome: { step: 'reconfigure', ok: false, detail: 'failed' },
    failure: 'reload-failed',
    verdict,
    processListCalls: 0,
    apiCalls: 0,
  });
}

describe('standingFailure', () => {
  it.each<[string, CheckRecord['phase'], Verdict | null, string | null]>([
    ['not yet looked at', 'observing', null, null],
    ['looked, nothing read (an error)', 'done', null, 'reload-failed'],
    [
      'the old process is still the only one',
      'done',
      { kind: 'not-reloaded', current: process },
      'reload-failed',
    ],
    ['HAProxy is down', 'done', { kind: 'stopped' }, 'reload-failed'],
    [
      'an old process still drains',
      'done',
      { kind: 'draining', processes: [process], deadline: 1 },
      'reload-failed',
    ],
    [
      'the look could not tell',
      'done',
      { kind: 'unverifiable', reason: 'no-current-info', processes: [] },
      'reload-failed',
    ],
    ['the look proves a clean reload', 'done', { kind: 'clean', current: process }, null],
    ['the look finds an orphan', 'done', { kind: 'duplicate', processes: [process] }, null],
  ])('%s: %s', (_name, phase, verdict, expected) => {
    expect(standingFailure(record(phase, verdict))).toBe(expected);
  });

  it('is null for a check without a page-reported failure', () => {
    expect(standingFailure({ ...record('done', null), failure: null })).toBeNull();
  });
});
