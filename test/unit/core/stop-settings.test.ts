import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStopSettings } from '../../../src/core/stop-settings.ts';
import { USER_PASSWORD, settingsAnswer } from './fixtures/info-and-settings.ts';

describe('readStopSettings', () => {
  it.each([
    { name: 'the defaults (hard)', general: {}, mode: 'hard', ms: 60_000 },
    { name: 'graceful', general: { gracefulStop: '1' }, mode: 'graceful', ms: 60_000 },
    {
      name: 'seamless',
      general: { gracefulStop: '1', seamlessReload: '1' },
      mode: 'seamless',
      ms: 60_000,
    },
    {
      name: 'seamless without graceful stop',
      general: { seamlessReload: '1' },
      mode: 'seamless',
      ms: 60_000,
    },
    {
      name: 'an empty timeout',
      general: { gracefulStop: '1', hardStopAfter: '' },
      mode: 'graceful',
      ms: null,
    },
    {
      name: 'a timeout in minutes',
      general: { gracefulStop: '1', hardStopAfter: '2m' },
      mode: 'graceful',
      ms: 120_000,
    },
    {
      name: 'a bare ms timeout',
      general: { gracefulStop: '1', hardStopAfter: '1500' },
      mode: 'graceful',
      ms: 1_500,
    },
    {
      name: 'a timeout in us',
      general: { gracefulStop: '1', hardStopAfter: '500us' },
      mode: 'graceful',
      ms: 1,
    },
    {
      name: 'a garbage timeout',
      general: { gracefulStop: '1', hardStopAfter: 'soon' },
      mode: 'graceful',
      ms: null,
    },
    {
      name: 'a missing timeout',
      general: { gracefulStop: '1', hardStopAfter: null },
      mode: 'graceful',
      ms: null,
    },
    {
      name: 'numbers for switches',
      general: { gracefulStop: 1, seamlessReload: 0 },
      mode: 'graceful',
      ms: 60_000,
    },
    {
      name: 'booleans for switches',
      general: { gracefulStop: true, seamlessReload: false },
      mode: 'graceful',
      ms: 60_000,
    },
    {
      name: '"true" for a switch',
      general: { gracefulStop: 'true' },
      mode: 'graceful',
      ms: 60_000,
    },
    {
      name: 'switches turned off',
      general: { gracefulStop: '0', seamlessReload: '0' },
      mode: 'hard',
      ms: 60_000,
    },
    {
      name: 'a garbage switch (off)',
      general: { gracefulStop: 'maybe' },
      mode: 'hard',
      ms: 60_000,
    },
    {
      name: 'a {"value"} field',
      general: { gracefulStop: { value: '1' }, hardStopAfter: { value: '30s' } },
      mode: 'graceful',
      ms: 30_000,
    },
    {
      name: 'an option-list field',
      general: {
        gracefulStop: { '0': { value: 'No', selected: 0 }, '1': { value: 'Yes', selected: 1 } },
      },
      mode: 'graceful',
      ms: 60_000,
    },
    {
      name: 'an option-list field with nothing selected',
      general: {
        gracefulStop: { '0': { value: 'No', selected: 0 }, '1': { value: 'Yes', selected: 0 } },
      },
      mode: 'hard',
      ms: 60_000,
    },
    {
      name: 'an option-list field with two selected',
      general: {
        gracefulStop: { '0': { value: 'No', selected: 1 }, '1': { value: 'Yes', selected: 1 } },
      },
      mode: 'hard',
      ms: 60_000,
    },
    {
      name: 'an option-list timeout',
      general: { gracefulStop: '1', hardStopAfter: { '90s': { value: '90s', selected: '1' } } },
      mode: 'graceful',
      ms: 90_000,
    },
    {
      name: 'a numeric timeout (ms)',
      general: { gracefulStop: '1', hardStopAfter: 2_500 },
      mode: 'graceful',
      ms: 2_500,
    },
  ])('reads $name', ({ general, mode, ms }) => {
    expect(readStopSettings(settingsAnswer(general))).toEqual({ mode, hardStopAfterMs: ms });
  });

  it('treats a missing seamlessReload (unconfirmed upstream) as off', () => {
    const answer = settingsAnswer({ gracefulStop: '1' });
    const general = (answer.haproxy as Record<string, Record<string, unknown>>)['general'];
    delete general?.['seamlessReload'];
    expect(readStopSettings(answer)).toEqual({ mode: 'graceful', hardStopAfterMs: 60_000 });
  });

  it('keeps nothing but the mode and the timeout, and no password', () => {
    const answer = settingsAnswer({ gracefulStop: '1' });
    const result = readStopSettings(answer);
    expect(Object.keys(result ?? {}).sort()).toEqual(['hardStopAfterMs', 'mode']);
    expect(JSON.stringify(result)).not.toContain(USER_PASSWORD);
    expect(JSON.stringify(result)).not.toContain('user0');
  });

  it('hands back a fresh object, not a reference into the answer', () => {
    const answer = settingsAnswer({ gracefulStop: '1' });
    const result = readStopSettings(answer);
    const general = (answer.haproxy as Record<string, unknown>)['general'];
    expect(result).not.toBe(general);
    expect(
      Object.values(result ?? {}).some((value) => typeof value === 'object' && value !== null),
    ).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'haproxy'],
    ['an array', [settingsAnswer()]],
    ['an empty object', {}],
    ['another plugin', { acmeclient: { settings: {} } }],
    ['no general', { haproxy: { users: { user: {} } } }],
    ['a general that is a string', { haproxy: { general: '1' } }],
    ['a general that is an array', { haproxy: { general: [] } }],
    ['an error answer', { status: 403, message: 'Forbidden' }],
  ])('answers null for %s', (_name, answer) => {
    expect(readStopSettings(answer)).toBeNull();
  });

  it('reads only own properties', () => {
    const viaProto: unknown = JSON.parse(
      '{"__proto__":{"haproxy":{"general":{"gracefulStop":"1"}}}}',
    );
    expect(readStopSettings(viaProto)).toBeNull();
    const nested: unknown = JSON.parse(
      '{"haproxy":{"general":{"constructor":"1","__proto__":{"gracefulStop":"1"},"hardStopAfter":"5s"}}}',
    );
    expect(readStopSettings(nested)).toEqual({ mode: 'hard', hardStopAfterMs: 5_000 });
  });

  it('never throws, and never returns anything but the two fields', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'haproxy',
        'general',
        'gracefulStop',
        'hardStopAfter',
        'seamlessReload',
        'value',
        'selected',
        '__proto__',
      ),
    );
    const value = fc.anything({
      key,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
    });
    const general = fc.dictionary(
      key,
      fc.oneof(value, fc.string(), fc.constantFrom('0', '1', '60s')),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          value,
          general.map((g) => ({ haproxy: { general: g } })),
        ),
        (answer) => {
          const result = readStopSettings(answer);
          if (result) expect(Object.keys(result).sort()).toEqual(['hardStopAfterMs', 'mode']);
        },
      ),
    );
  });
});
