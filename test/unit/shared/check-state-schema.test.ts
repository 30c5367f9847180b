import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/core/model.ts';
import { parseCheckRecord } from '../../../src/shared/check-state-schema.ts';
import { isCheckRecord, type CheckRecord } from '../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict, haproxyProcess } from '../check-fixtures.ts';

const verdicts: [string, Verdict][] = [
  ['clean', cleanVerdict(41233)],
  ['not reloaded', { kind: 'not-reloaded', current: classified(41233, 'current') }],
  [
    'draining',
    {
      kind: 'draining',
      processes: [
        classified(41233, 'current'),
        { ...classified(40001, 'predecessor'), deadline: 5_000 },
      ],
      deadline: 5_000,
    },
  ],
  [
    'duplicate',
    { kind: 'duplicate', processes: [classified(41233, 'current'), classified(1, 'orphan')] },
  ],
  ['stopped', { kind: 'stopped' }],
  [
    'unverifiable',
    {
      kind: 'unverifiable',
      reason: 'list-incomplete',
      processes: [
        haproxyProcess(3, {
          argv: ['haproxy', '-sf', '2'],
          predecessorPids: [2],
          signalMode: 'graceful',
          handoverSocket: '/var/run/haproxy.socket',
          commandCut: true,
        }),
      ],
    },
  ],
];

const everyPart: CheckRecord = checkRecord({
  tabId: null,
  trigger: 'watch',
  phase: 'remediating',
  baseline: { trigger: 'watch', takenAt: 1, pids: [40001], currentPid: 40001 },
  outcome: { step: 'configtest', ok: false, detail: '[ALERT] x' },
  failure: 'configtest-failed',
  verdictAt: 2,
  error: {
    kind: 'forbidden',
    privilege: 'Diagnostics: System Activity',
    status: 403,
    endpoint: '/api',
  },
  stopSettings: { mode: 'graceful', hardStopAfterMs: 30_000 },
  remediation: {
    kind: 'restart',
    step: 'following',
    startedAt: 3,
    pidsBefore: [40001, 41233],
    stopExpectedMs: 30_000,
    stopSentAt: 4,
    stopEndedAt: 5,
    stopAnswer: 'lost',
    giveUpAt: 6,
    startSentAt: null,
    startAnswer: null,
    newPid: null,
    outageMs: null,
    interruption: 'finished',
    remainingPids: [40001],
    error: null,
  },
  nextObservationAt: 7,
});

describe('a stored check read back', () => {
  it.each(verdicts)('keeps a check with a %s verdict as it was', (_name, verdict) => {
    const record = checkRecord({ verdict, verdictAt: 1 });
    expect(parseCheckRecord(structuredClone(record))).toEqual(record);
    expect(isCheckRecord(record)).toBe(true);
  });

  it('keeps a check with every part filled in as it was', () => {
    expect(parseCheckRecord(structuredClone(everyPart))).toEqual(everyPart);
    expect(isCheckRecord(everyPart)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'check'],
    ['an array', []],
    ['a check without an id', { ...checkRecord(), id: undefined }],
    ['a phase no version had', { ...checkRecord(), phase: 'exploded' }],
    ['an origin that is not one', { ...checkRecord(), origin: 'fw.lan' }],
    ['a verdict of no known kind', { ...checkRecord(), verdict: { kind: 'fine' } }],
    [
      'a duplicate without its processes',
      { ...checkRecord(), verdict: { kind: 'duplicate' }, verdictAt: 1 },
    ],
    ['a PID that is not a number', { ...checkRecord(), verdict: cleanVerdict('7' as never) }],
    ['a remediation cut short', { ...everyPart, remediation: { kind: 'restart' } }],
    ['counters gone', { ...checkRecord(), apiCalls: undefined }],
  ])('drops %s', (_name, stored) => {
    expect(parseCheckRecord(stored)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['an array', []],
    ['a phase no version had', { ...checkRecord(), phase: 'exploded' }],
    ['a verdict without a kind', { ...checkRecord(), verdict: {} }],
    ['a remediation that is a string', { ...checkRecord(), remediation: 'restart' }],
    ['no id', { ...checkRecord(), id: 1 }],
  ])('the content script’s outline refuses %s', (_name, value) => {
    expect(isCheckRecord(value)).toBe(false);
  });
});
