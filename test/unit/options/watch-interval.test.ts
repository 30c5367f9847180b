import { describe, expect, it, vi } from 'vitest';
import { parseIntervalInput } from '../../../src/options/watch-interval.ts';

// The watch bounds live with the stored options, whose module also loads the browser API;
// these pure functions never call it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

describe('parseIntervalInput', () => {
  it.each([
    ['15', 15],
    ['1', 1],
    ['1440', 1440],
    [' 30 ', 30],
    ['+45', 45],
    // What a number input may hold: exponent notation and a whole number written with a point.
    ['1e3', 1000],
    ['60.0', 60],
    ['007', 7],
  ])('accepts %j as %i minutes', (text, minutes) => {
    expect(parseIntervalInput(text)).toEqual({ ok: true, minutes });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    // A number input hands over '' for what it cannot read; typed text still arrives in tests.
    ['abc', 'not-a-number'],
    ['15 min', 'not-a-number'],
    ['0x0f', 'not-a-number'],
    ['Infinity', 'not-a-number'],
    ['NaN', 'not-a-number'],
    ['1,5', 'not-a-number'],
    ['15.5', 'not-whole'],
    ['1.5', 'not-whole'],
    ['1439.999', 'not-whole'],
    ['0', 'too-short'],
    ['-0', 'too-short'],
    ['0.5', 'too-short'],
    ['-15', 'too-short'],
    ['-1e400', 'too-short'],
    ['1441', 'too-long'],
    ['99999999999999999999', 'too-long'],
    ['1e400', 'too-long'],
  ])('refuses %j: %s', (text, problem) => {
    expect(parseIntervalInput(text)).toEqual({ ok: false, problem });
  });
});
