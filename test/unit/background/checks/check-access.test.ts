import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';
import { describe, expect, it } from 'vitest';
import {
  mayRestart,
  requesterOwnsCheck,
  restartAllowedFor,
  startAllowedFor,
  type Requester,
} from '../../../../src/background/checks/check-access.ts';
import { describeCheck } from '../../../../src/ui/check-view.ts';
import type { Verdict } from '../../../../src/core/model.ts';
import type { CheckRecord, RemediationState } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';

const DUPLICATE: Verdict = { kind: 'duplicate', processes: [classified(40_001, 'orphan')] };
const CLEAN: Verdict = cleanVerdict(40_001);

function check(overrides: Partial<CheckRecord> = {}): CheckRecord {
  return checkRecord({ origin: A, tabId: 7, verdict: DUPLICATE, verdictAt: 1, ...overrides });
}

const SESSION_EXPIRED = {
  kind: 'session-expired',
  privilege: null,
  status: 401,
  endpoint: '/api/haproxy/service/start',
} as const;
const remediation = (
  kind: 'restart' | 'start',
  patch: Partial<RemediationState>,
): RemediationState => ({ ...beginRemediation(kind, 0, null), ...patch });

/** Every kind of final and unfinished state a check can be in when a button is pressed. */
const STATES: [string, Partial<CheckRecord>][] = [
  ['a final duplicate', {}],
  ['a duplicate found behind a failure the page reported', { failure: 'reload-failed' }],
  ['a check still observing', { phase: 'observing' }],
  ['a drain', { phase: 'observing', verdict: { kind: 'draining', processes: [], deadline: 9 } }],
  ['a clean verdict', { verdict: CLEAN }],
  ['a stopped verdict', { verdict: { kind: 'stopped' } }],
  [
    'a stopped verdict with a failure the page reported',
    { verdict: { kind: 'stopped' }, failure: 'action-failed' },
  ],
  ['an error', { verdict: null, error: SESSION_EXPIRED }],
  ['an error after a duplicate was seen', { error: SESSION_EXPIRED }],
  [
    'a restart refused before its stop',
    { remediation: remediation('restart', { step: 'failed', error: SESSION_EXPIRED }) },
  ],
  [
    'a restart that could not read the list first',
    { remediation: remediation('restart', { step: 'failed' }) },
  ],
  [
    'a restart that stopped, started and left survivors',
    {
      remediation: remediation('restart', {
        step: 'failed',
        stopSentAt: 1,
        startSentAt: 2,
        remainingPids: [40_001],
      }),
    },
  ],
  [
    'a restart whose stop answered "Error (1)" and left the processes',
    {
      remediation: remediation('restart', {
        step: 'failed',
        stopSentAt: 1,
        stopAnswer: 'error',
        remainingPids: [40_001],
      }),
    },
  ],
  [
    'a restart that failed on an error after its stop',
    {
      remediation: remediation('restart', {
        step: 'failed',
        stopSentAt: 1,
        error: SESSION_EXPIRED,
      }),
    },
  ],
  [
    'a restart cut off after stop (the duplicate still on record)',
    {
      remediation: remediation('restart', {
        step: 'cut-off',
        stopSentAt: 1,
        error: SESSION_EXPIRED,
      }),
    },
  ],
  [
    'a restart that left HAProxy stopped',
    {
      verdict: { kind: 'stopped' },
      remediation: remediation('restart', { step: 'stopped', stopSentAt: 1, startSentAt: 2 }),
    },
  ],
  [
    'a restart under way',
    {
      phase: 'remediating',
      remediation: remediation('restart', { step: 'following', stopSentAt: 1 }),
    },
  ],
  [
    'a Start refused by the firewall',
    {
      verdict: { kind: 'stopped' },
      remediation: remediation('start', { step: 'failed', error: SESSION_EXPIRED }),
    },
  ],
  [
    'a verified restart',
    {
      verdict: CLEAN,
      remediation: remediation('restart', { step: 'done', stopSentAt: 1, startSentAt: 2 }),
    },
  ],
];

describe('the background allows exactly what the panel offers', () => {
  const t = (key: string) => key;
  it.each(STATES)('%s', (_name, overrides) => {
    const record = check(overrides);
    const view = describeCheck(record, t);
    expect(restartAllowedFor(record)).toBe(view.canRestart);
    expect(startAllowedFor(record)).toBe(view.canStart);
  });
});

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
    // Never offered by the panel, so never allowed (issue 19, item 9).
    [
      'a failed Start',
      { remediation: remediation('start', { step: 'failed', error: SESSION_EXPIRED }) },
      false,
    ],
    [
      'a restart that stopped, started and left survivors, without an error',
      {
        remediation: remediation('restart', {
          step: 'failed',
          stopSentAt: 1,
          startSentAt: 2,
          remainingPids: [40_001],
        }),
      },
      false,
    ],
    [
      'a restart cut off after stop, its duplicate still on record',
      { remediation: remediation('restart', { step: 'cut-off', stopSentAt: 1 }) },
      false,
    ],
    [
      'a restart that failed on an error after its stop',
      {
        remediation: remediation('restart', {
          step: 'failed',
          stopSentAt: 1,
          error: SESSION_EXPIRED,
        }),
      },
      true,
    ],
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
