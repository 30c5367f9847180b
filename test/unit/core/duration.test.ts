import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHaproxyDurationMs } from '../../../src/core/duration.ts';

describe('parseHaproxyDurationMs', () => {
  it.each([
    ['60s', 60_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['250ms', 250],
    ['1500', 1_500],
    ['0', 0],
    ['500us', 1],
    ['1000us', 1],
    ['1001us', 2],
    ['0us', 0],
    ['  60s\t', 60_000],
    ['060s', 60_000],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseHaproxyDurationMs(text)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['s'],
    ['-1'],
    ['-5s'],
    ['+5s'],
    ['1.5s'],
    ['60 s'],
    ['60S'],
    ['60sec'],
    ['5w'],
    ['NaN'],
    ['Infinity'],
    ['0x10'],
    ['1e3'],
    ['9'.repeat(40)],
    ['60s'.repeat(100_000)],
  ])('refuses %j', (text) => {
    expect(parseHaproxyDurationMs(text)).toBeNull();
  });

  it.each([
    [1_500, 1_500],
    [0, 0],
    [-0, 0],
    [1.2, 2],
  ])('takes the number %d as ms', (value, expected) => {
    expect(parseHaproxyDurationMs(value)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.MAX_VALUE]])(
    'refuses the number %d',
    (value) => {
      expect(parseHaproxyDurationMs(value)).toBeNull();
    },
  );

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a boolean', true],
    ['an object', { value: '60s' }],
    ['an array', ['60s']],
    ['a bigint', 60n],
  ])('refuses %s', (_label, value) => {
    expect(parseHaproxyDurationMs(value)).toBeNull();
  });

  it('never throws and answers null or a safe whole number of ms', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.double()), (value) => {
        const ms = parseHaproxyDurationMs(value);
        expect(ms === null || (Number.isSafeInteger(ms) && ms >= 0)).toBe(true);
      }),
    );
  });

  it('reads every integer with every unit', () => {
    const units = [
      ['', 1],
      ['ms', 1],
      ['s', 1_000],
      ['m', 60_000],
      ['h', 3_600_000],
      ['d', 86_400_000],
    ] as const;
    fc.assert(
      fc.property(
        fc.nat({ max: 1_000_000 }),
        fc.constantFrom(...units),
        (value, [unit, factor]) => {
          expect(parseHaproxyDurationMs(`${value}${unit}`)).toBe(value * factor);
        },
      ),
    );
  });
});
