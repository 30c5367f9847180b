import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCurrentProcessInfo } from '../../../src/core/show-info.ts';
import { showInfo } from './fixtures/info-and-settings.ts';

describe('readCurrentProcessInfo', () => {
  it('reads the current process from a full show info answer with colon-cut values', () => {
    expect(readCurrentProcessInfo(showInfo())).toEqual({
      pid: 41233,
      uptimeSeconds: 12,
      stopping: false,
      version: '2.6.12',
    });
  });

  it.each([
    { name: 'a stopping process', overrides: { Stopping: '1' }, expected: { stopping: true } },
    {
      name: 'a long uptime',
      overrides: { Uptime_sec: '1036800' },
      expected: { uptimeSeconds: 1_036_800 },
    },
    {
      name: 'a process started this second',
      overrides: { Uptime_sec: '0' },
      expected: { uptimeSeconds: 0 },
    },
    {
      name: 'padded numbers',
      overrides: { Pid: ' 41233 ', Uptime_sec: '12 ' },
      expected: { pid: 41233 },
    },
    {
      name: 'a 3.x version',
      overrides: { Version: '3.2.4-98813a1' },
      expected: { version: '3.2.4-98813a1' },
    },
    { name: 'an empty version', overrides: { Version: '' }, expected: { version: null } },
    { name: 'a garbage Stopping', overrides: { Stopping: 'yes' }, expected: { stopping: false } },
  ])('reads $name', ({ overrides, expected }) => {
    expect(readCurrentProcessInfo(showInfo(overrides))).toMatchObject(expected);
  });

  it('reads numbers sent as numbers', () => {
    expect(readCurrentProcessInfo({ Pid: 41233, Uptime_sec: 12, Stopping: 1 })).toEqual({
      pid: 41233,
      uptimeSeconds: 12,
      stopping: true,
      version: null,
    });
  });

  it('treats a missing Stopping (HAProxy before 1.8) as running', () => {
    const older: Record<string, string> = showInfo();
    delete older['Stopping'];
    expect(readCurrentProcessInfo(older)?.stopping).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty string (socket missing)', ''],
    ['plain text', 'No such file or directory'],
    ['an empty object', {}],
    ['an array', [showInfo()]],
    ['an error object', { status: 'failed', message: 'socket error' }],
    ['no Pid', { ...showInfo(), Pid: undefined }],
    ['an empty Pid', showInfo({ Pid: '' })],
    ['Pid 0', showInfo({ Pid: '0' })],
    ['a negative Pid', showInfo({ Pid: '-41233' })],
    ['a fractional Pid', showInfo({ Pid: '41233.5' })],
    ['a Pid in hex', showInfo({ Pid: '0xA111' })],
    ['a Pid in exponent form', showInfo({ Pid: '4e4' })],
    ['a Pid with trailing text', showInfo({ Pid: '41233 (old)' })],
    ['a huge Pid', showInfo({ Pid: '9'.repeat(40) })],
    ['a Pid that is an object', { ...showInfo(), Pid: { value: '41233' } }],
    ['no Uptime_sec', { ...showInfo(), Uptime_sec: undefined }],
    ['a garbage Uptime_sec', showInfo({ Uptime_sec: '0d 0h00m12s' })],
    ['a negative Uptime_sec', showInfo({ Uptime_sec: '-3' })],
  ])('answers null for %s', (_name, answer) => {
    expect(readCurrentProcessInfo(answer)).toBeNull();
  });

  it('reads only own properties', () => {
    const answer: unknown = JSON.parse('{"__proto__":{"Pid":"41233","Uptime_sec":"12"}}');
    expect(readCurrentProcessInfo(answer)).toBeNull();
    const withConstructor: unknown = JSON.parse(
      '{"constructor":"x","Pid":"41233","Uptime_sec":"12","__proto__":{"Stopping":"1"}}',
    );
    expect(readCurrentProcessInfo(withConstructor)).toMatchObject({ pid: 41233, stopping: false });
  });

  it('keeps a huge version string out', () => {
    expect(readCurrentProcessInfo(showInfo({ Version: 'x'.repeat(100_000) }))?.version).toBeNull();
  });

  it('never throws, whatever it is given', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('Pid', 'Uptime_sec', 'Stopping', 'Version', '__proto__'),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({
            key,
            withNullPrototype: true,
            withObjectString: true,
            withBoxedValues: true,
          }),
          fc.string(),
          fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.anything())),
        ),
        (answer) => {
          const info = readCurrentProcessInfo(answer);
          if (info) {
            expect(info.pid).toBeGreaterThan(0);
            expect(Number.isSafeInteger(info.uptimeSeconds)).toBe(true);
          }
        },
      ),
    );
  });
});
