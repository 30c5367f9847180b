/** What the watch tells outside any page, and that it tells each alert once. */
import { describe, expect, it } from 'vitest';
import {
  nextAlertStep,
  watchAlertOf,
  watchBadge,
} from '../../../../src/background/watch/watch-alerts.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

const look = (overrides: Partial<CheckRecord>): CheckRecord =>
  checkRecord({ tabId: null, trigger: 'watch', verdictAt: 1, ...overrides });
const duplicateOf = (...others: number[]) =>
  look({
    verdict: {
      kind: 'duplicate',
      processes: [classified(100, 'current'), ...others.map((pid) => classified(pid, 'orphan'))],
    },
  });
const clean = look({ verdict: cleanVerdict(100) });
const error = (kind: NonNullable<CheckRecord['error']>['kind']) =>
  look({ error: { kind, privilege: null, status: null, endpoint: '/api/x' } });

describe('watchAlertOf', () => {
  it.each<[string, CheckRecord, unknown]>([
    ['a duplicate', duplicateOf(90, 80), { kind: 'duplicate', otherPids: [80, 90] }],
    ['HAProxy stopped', look({ verdict: { kind: 'stopped' } }), { kind: 'stopped' }],
    ['a clean look', clean, null],
    ['a look still running', { ...clean, phase: 'observing' }, undefined],
    [
      'a rejected key',
      error('api-key-rejected'),
      { kind: 'key-failed', error: 'api-key-rejected' },
    ],
    ['a missing privilege', error('forbidden'), { kind: 'key-failed', error: 'forbidden' }],
    // Off the LAN, the watch cannot tell: neither an alert nor an all-clear.
    ['an unreachable firewall', error('network'), undefined],
    ['a timeout', error('timeout'), undefined],
    ['a certificate problem', error('certificate'), undefined],
    // Proves nothing about an orphan or a stop: neither an alert nor an all-clear.
    [
      'an unverifiable list',
      look({ verdict: { kind: 'unverifiable', reason: 'list-incomplete', processes: [] } }),
      undefined,
    ],
    [
      'a drain still under way',
      look({
        verdict: {
          kind: 'draining',
          processes: [classified(100, 'current'), classified(90, 'predecessor')],
          deadline: 2,
        },
      }),
      undefined,
    ],
    [
      'not reloaded',
      look({ verdict: { kind: 'not-reloaded', current: classified(100, 'current') } }),
      undefined,
    ],
  ])('%s', (_name, record, expected) => {
    expect(watchAlertOf(record)).toEqual(expected);
  });
});

describe('nextAlertStep', () => {
  /** Feeds the looks in order, as the intervals pass; returns what was notified each time. */
  function run(records: CheckRecord[]): (string | null)[] {
    let key: string | null = null;
    return records.map((record) => {
      const step = nextAlertStep(key, record);
      key = step.key;
      return step.notify?.kind ?? null;
    });
  }

  it.each<[string, CheckRecord[], (string | null)[]]>([
    [
      'the same orphan at every interval: told once',
      [duplicateOf(90), duplicateOf(90), duplicateOf(90)],
      ['duplicate', null, null],
    ],
    [
      'a new orphan next to the old one: told again',
      [duplicateOf(90), duplicateOf(90, 95)],
      ['duplicate', 'duplicate'],
    ],
    [
      'cleared, then back: told again',
      [duplicateOf(90), clean, duplicateOf(90)],
      ['duplicate', null, 'duplicate'],
    ],
    [
      'a key that keeps failing: told once',
      [error('api-key-rejected'), error('api-key-rejected'), error('api-key-rejected')],
      ['key-failed', null, null],
    ],
    [
      'the firewall unreachable in between changes nothing',
      [duplicateOf(90), error('network'), duplicateOf(90)],
      ['duplicate', null, null],
    ],
    [
      'a key failing, then fixed, then failing',
      [error('forbidden'), clean, error('forbidden')],
      ['key-failed', null, 'key-failed'],
    ],
    ['clean all along: nothing', [clean, clean], [null, null]],
  ])('%s', (_name, records, expected) => {
    expect(run(records)).toEqual(expected);
  });
});

describe('watchBadge', () => {
  it.each<[Record<string, string | null>, string]>([
    [{}, ''],
    [{ a: null }, ''],
    [{ a: 'duplicate:90' }, '!!'],
    [{ a: 'key-failed:forbidden', b: 'stopped' }, '■'],
    [{ a: 'key-failed:forbidden', b: 'duplicate:1' }, '!!'],
    [{ a: 'key-failed:api-key-rejected' }, '?'],
  ])('%j → "%s"', (keys, text) => {
    expect(watchBadge(keys).text).toBe(text);
  });
});
