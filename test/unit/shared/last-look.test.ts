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
    [
      'a look with show info: its newest process, started Uptime_sec before the answer',
      {
        verdict: cleanVerdict(41233),
        verdictAt: 50_000,
        showInfo: { pid: 41233, uptimeSeconds: 12, stopping: false, version: '3.0.9' },
      },
      {
        at: 50_000,
        result: 'clean',
        trigger: 'apply',
        newest: { pid: 41233, startedAt: 38_000 },
      },
    ],
    [
      'a look without a stats socket: none runs',
      { verdict: { kind: 'stopped' }, verdictAt: 5, showInfo: null },
      { at: 5, result: 'stopped', trigger: 'apply', newest: null },
    ],
    [
      'a show info from an answer before the restart under way: not this look’s',
      {
        startedAt: 3,
        verdictAt: null,
        showInfo: { pid: 41233, uptimeSeconds: 12, stopping: false, version: null },
        error: { kind: 'timeout', privilege: null, status: null, endpoint: '' },
      },
      { at: 3, result: 'error:timeout', trigger: 'apply' },
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
      'a newest process',
      {
        'https://fw.lan': {
          at: 50,
          result: 'clean',
          trigger: 'watch',
          newest: { pid: 41233, startedAt: 38 },
        },
      },
      {
        'https://fw.lan': {
          at: 50,
          result: 'clean',
          trigger: 'watch',
          newest: { pid: 41233, startedAt: 38 },
        },
      },
    ],
    [
      'none running',
      { 'https://fw.lan': { at: 5, result: 'stopped', trigger: 'watch', newest: null } },
      { 'https://fw.lan': { at: 5, result: 'stopped', trigger: 'watch', newest: null } },
    ],
    [
      // Unknown, not a reason to forget when the look was.
      'a malformed newest process',
      { 'https://fw.lan': { at: 5, result: 'clean', trigger: 'watch', newest: { pid: -1 } } },
      { 'https://fw.lan': { at: 5, result: 'clean', trigger: 'watch' } },
    ],
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
