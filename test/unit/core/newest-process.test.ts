/**
 * Which process `statistics/info` names as the newest, and when two readings name the same one:
 * what a HAProxy page opened inside the window compares with the last look.
 */
import { describe, expect, it } from 'vitest';
import type { CurrentProcessInfo } from '../../../src/core/model.ts';
import {
  newestProcessOf,
  sameNewestProcess,
  START_TOLERANCE_MS,
  type NewestProcess,
} from '../../../src/core/newest-process.ts';

const info = (pid: number, uptimeSeconds: number): CurrentProcessInfo => ({
  pid,
  uptimeSeconds,
  stopping: false,
  version: '3.0.9',
});

describe('newestProcessOf', () => {
  it.each<[string, CurrentProcessInfo | null, number, NewestProcess | null]>([
    ['no stats socket: none runs', null, 50_000, null],
    ['started 12 s before the answer', info(41233, 12), 50_000, { pid: 41233, startedAt: 38_000 }],
    ['started this second', info(7, 0), 50_000, { pid: 7, startedAt: 50_000 }],
  ])('%s', (_name, answer, at, expected) => {
    expect(newestProcessOf(answer, at)).toEqual(expected);
  });
});

describe('sameNewestProcess', () => {
  const look = { pid: 41233, startedAt: 1_000_000 };
  it.each<[string, NewestProcess | null, NewestProcess | null, boolean]>([
    ['the same reading', look, look, true],
    // Whole seconds, and a look dated after its slowest call: a reading a few seconds apart.
    ['one second later by rounding', look, { ...look, startedAt: 1_001_000 }, true],
    ['at the tolerance', look, { ...look, startedAt: 1_000_000 - START_TOLERANCE_MS }, true],
    ['past the tolerance: the PID used again', look, { ...look, startedAt: 1_060_000 }, false],
    ['a reload: another PID', look, { pid: 41240, startedAt: 1_000_000 }, false],
    ['stopped since', look, null, false],
    ['started since', null, look, false],
    ['none then, none now', null, null, true],
  ])('%s → %s', (_name, a, b, expected) => {
    expect(sameNewestProcess(a, b)).toBe(expected);
  });
});
