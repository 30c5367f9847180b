import { describe, expect, it } from 'vitest';
import type { CheckTrigger } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { isQuietLook, needsAdmin } from '../../../src/shared/unrequested-look.ts';
import { checkRecord, classified, cleanVerdict } from '../check-fixtures.ts';

const duplicate: CheckRecord['verdict'] = {
  kind: 'duplicate',
  processes: [classified(1, 'current'), classified(2, 'orphan')],
};
const error: CheckRecord['error'] = {
  kind: 'forbidden',
  privilege: 'Diagnostics: System Activity',
  status: 403,
  endpoint: '/api/diagnostics/activity/get_activity',
};

describe('isQuietLook', () => {
  it.each<[string, CheckTrigger, Partial<CheckRecord>, boolean]>([
    ['a clean page-open look', 'page-open', { verdict: cleanVerdict(1) }, true],
    ['a clean watch look', 'watch', { verdict: cleanVerdict(1) }, true],
    ['a page-open look under way', 'page-open', { phase: 'observing' }, true],
    [
      'a draining page-open look',
      'page-open',
      { verdict: { kind: 'draining', processes: [], deadline: 0 } },
      true,
    ],
    ['a page-open look that found an orphan', 'page-open', { verdict: duplicate }, false],
    ['a watch look that found HAProxy stopped', 'watch', { verdict: { kind: 'stopped' } }, false],
    ['a page-open look that hit an error', 'page-open', { error }, false],
    // Checks someone asked for always show, clean included: that is the confirmation.
    ['a clean Apply', 'apply', { verdict: cleanVerdict(1) }, false],
    ['a clean Check now', 'manual', { verdict: cleanVerdict(1) }, false],
    ['an Apply under way', 'apply', { phase: 'waiting-for-reload' }, false],
  ])('%s → %s', (_name, trigger, overrides, expected) => {
    expect(isQuietLook(checkRecord({ trigger, ...overrides }))).toBe(expected);
  });

  it('a remediation always needs the admin, whatever started the check', () => {
    const record = checkRecord({
      trigger: 'watch',
      verdict: cleanVerdict(1),
      remediation: { kind: 'start', step: 'stopped' } as CheckRecord['remediation'],
    });
    expect(needsAdmin(record)).toBe(true);
    expect(isQuietLook(record)).toBe(false);
  });
});
