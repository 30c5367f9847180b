import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';
import { describe, expect, it } from 'vitest';
import {
  mayRestart,
  requesterOwnsCheck,
  restartAllowedFor,
  type Requester,
} from '../../../../src/background/checks/check-access.ts';
import type { Verdict } from '../../../../src/core/model.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';

const DUPLICATE: Verdict = { kind: 'duplicate', processes: [classified(40_001, 'orphan')] };
const CLEAN: Verdict = cleanVerdict(40_001);

function check(overrides: Partial<CheckRecord> = {}): CheckRecord {
  return checkRecord({ origin: A, tabId: 7, verdict: DUPLICATE, verdictAt: 1, ...overrides });
}

const ownTab: Requester = { kind: 'tab', tabId: 7, origin: A };

describe('requesterOwnsCheck', () => {
  it.each<[string, Requester, boolean]>([
    ['its own tab on its own firewall', ownTab, true],
    ['its own tab, now on another firewall', { kind: 'tab', tabId: 7, origin: B }, false],
    ['another tab on the same firewall', { kind: 'tab', tabId: 8, origin: A }, false],
    ['another tab on another firewall', { kind: 'tab', tabId: 8, origin: B }, false],
    [
      'the same host on another port (another GUI)',
      { kind: 'tab', tabId: 7, origin: 'https://fw-a.lan' },
      false,
    ],
    ['the same host over http', { kind: 'tab', tabId: 7, origin: 'http://fw-a.lan:8443' }, false],
    ['an extension page', { kind: 'extension-page' }, true],
  ])('%s: %s', (_name, requester, owns) => {
    expect(requesterOwnsCheck(requester, check())).toBe(owns);
  });

  it('gives a check without a tab to no tab', () => {
    expect(requesterOwnsCheck(ownTab, check({ tabId: null }))).toBe(false);
  });
});

describe('restartAllowedFor', () => {
  it.each<[string, Partial<CheckRecord>, boolean]>([
    ['a final duplicate', {}, true],
    [
      'a duplicate the page reported a failure with (the look found the orphan)',
      { failure: 'reload-failed' },
      true,
    ],
    [
      'a remediation that failed and kept the duplicate',
      { remediation: { ...beginRemediation('restart', 0, null), step: 'failed' } },
      true,
    ],
    ['a check still observing', { phase: 'observing' }, false],
    ['a check waiting for the reload', { phase: 'waiting-for-reload', verdict: null }, false],
    ['a remediation under way', { phase: 'remediating' }, false],
    ['a clean verdict', { verdict: CLEAN }, false],
    [
      'no verdict (an error)',
      { verdict: null, error: { kind: 'forbidden', privilege: 'x', status: 403, endpoint: '' } },
      false,
    ],
    ['a stopped verdict', { verdict: { kind: 'stopped' } }, false],
  ])('%s: %s', (_name, overrides, allowed) => {
    expect(restartAllowedFor(check(overrides))).toBe(allowed);
  });
});

describe('mayRestart', () => {
  it('needs both: the right requester and a check that calls for it', () => {
    expect(mayRestart(ownTab, check())).toBe(true);
    expect(mayRestart({ kind: 'extension-page' }, check())).toBe(true);
    expect(mayRestart({ kind: 'tab', tabId: 7, origin: B }, check())).toBe(false);
    expect(mayRestart(ownTab, check({ verdict: CLEAN }))).toBe(false);
  });
});
