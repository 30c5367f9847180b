import { describe, expect, it, vi } from 'vitest';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { checkRecord, cleanVerdict } from '../check-fixtures.ts';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { lastLookOf, parseLastLooks } = await import('../../../src/shared/last-look.ts');

describe('lastLookOf', () => {
  it.each<[string, Partial<CheckRecord>, unknown]>([
    ['no answer yet', { phase: 'observing' }, null],
    [
      'a clean look',
      { verdict: cleanVerdict(1), verdictAt: 5, trigger: 'watch' },
      { at: 5, result: 'clean', trigger: 'watch' },
    ],
    [
      'a failed configtest, with its one look',
      {
        // The one look after the failure found HAProxy stopped: the failure stands.
        verdict: { kind: 'stopped' },
        verdictAt: 5,
        failure: 'configtest-failed',
        outcome: { step: 'configtest', ok: false, detail: '' },
      },
      { at: 5, result: 'configtest-failed', trigger: 'apply' },
    ],
    [
      'an error',
      {
        startedAt: 3,
        error: { kind: 'api-key-rejected', privilege: null, status: 401, endpoint: '' },
      },
      { at: 3, result: 'error:api-key-rejected', trigger: 'apply' },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(lastLookOf(checkRecord(overrides))).toEqual(expected);
  });
});

describe('parseLastLooks', () => {
  it.each<[string, unknown, unknown]>([
    ['nothing stored', undefined, {}],
    ['not an object', 'x', {}],
    ['an array', [1, 2], {}],
    [
      'a good entry',
      { 'https://fw.lan': { at: 1, result: 'clean', trigger: 'watch' } },
      { 'https://fw.lan': { at: 1, result: 'clean', trigger: 'watch' } },
    ],
    ['a missing time', { 'https://fw.lan': { result: 'clean', trigger: 'watch' } }, {}],
    [
      'a time that is not finite',
      { 'https://fw.lan': { at: Infinity, result: 'clean', trigger: 'watch' } },
      {},
    ],
    ['a null entry', { 'https://fw.lan': null }, {}],
    [
      'a result of the wrong type',
      { 'https://fw.lan': { at: 1, result: 7, trigger: 'watch' } },
      {},
    ],
  ])('%s', (_name, stored, expected) => {
    expect(parseLastLooks(stored)).toEqual(expected);
  });
});

describe('parseLastLooks: keys that are not firewalls', () => {
  it.each(['__proto__', 'constructor', 'https://fw.lan/', 'HTTPS://FW.LAN', 'fw.lan', ''])(
    'drops %j',
    (key) => {
      const stored = JSON.parse(
        `{${JSON.stringify(key)}: {"at": 1, "result": "clean", "trigger": "watch"}}`,
      ) as unknown;
      const looks = parseLastLooks(stored);
      expect(Object.keys(looks)).toEqual([]);
      expect(Object.getPrototypeOf(looks)).toBe(Object.prototype);
    },
  );
});
