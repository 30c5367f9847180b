/**
 * The pure decisions of an ACME restart follow: when to call `statistics/info` again, when a
 * restart was seen, and where the follow stops (its bounds in time and in calls, a closed
 * firewall, a refusal, an integration request that restarted nothing).
 */
import { describe, expect, it } from 'vitest';
import type { CurrentProcessInfo } from '../../../../src/core/model.ts';
import {
  afterCall,
  beforeCall,
  FIRST_READ_SLACK_MS,
  FOLLOW_BOUNDS,
  nextDelayMs,
  startFollow,
  type RestartFollow,
} from '../../../../src/background/reload-sources/deferred-restart.ts';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const ORIGIN = 'https://fw.example.lan';

function follow(overrides: Partial<RestartFollow> = {}): RestartFollow {
  return {
    ...startFollow({ id: 'f', origin: ORIGIN, tabId: 3, timing: 'later', since: T0, now: T0 }),
    ...overrides,
  };
}

const info = (pid: number, uptimeSeconds: number): CurrentProcessInfo => ({
  pid,
  uptimeSeconds,
  stopping: false,
  version: '2.6',
});

describe('beforeCall', () => {
  it.each([
    ['at the start, the firewall open', {}, 0, true, { kind: 'call' }],
    ['no tab of the firewall open', {}, 0, false, { kind: 'stop', reason: 'closed' }],
    [
      'the time bound passed',
      {},
      FOLLOW_BOUNDS.later.timeMs,
      true,
      { kind: 'stop', reason: 'time' },
    ],
    ['just before the time bound', {}, FOLLOW_BOUNDS.later.timeMs - 1, true, { kind: 'call' }],
    [
      'the calls used up',
      { calls: FOLLOW_BOUNDS.later.calls },
      1_000,
      true,
      { kind: 'stop', reason: 'calls' },
    ],
    ['one call left', { calls: FOLLOW_BOUNDS.later.calls - 1 }, 1_000, true, { kind: 'call' }],
    // The restart's stop ran and nothing answered since: one full look says whether it is down.
    [
      'the bound passed while no process answered',
      { lastSawNone: true },
      FOLLOW_BOUNDS.later.timeMs,
      true,
      { kind: 'look' },
    ],
    [
      'the same, with the firewall closed',
      { lastSawNone: true },
      FOLLOW_BOUNDS.later.timeMs,
      false,
      { kind: 'stop', reason: 'time' },
    ],
    [
      'an at-once follow after its two calls',
      { timing: 'at-once' as const, calls: 2 },
      3_000,
      true,
      { kind: 'stop', reason: 'calls' },
    ],
  ])('%s', (_name, overrides, elapsedMs, open, expected) => {
    expect(beforeCall(follow(overrides), T0 + elapsedMs, open)).toEqual(expected);
  });
});

describe('afterCall', () => {
  it('keeps the first PID of a later follow and waits', () => {
    const result = afterCall(follow(), { kind: 'info', info: info(100, 3_600), at: T0 + 50 });
    expect(result).toEqual({
      kind: 'wait',
      follow: follow({ basePid: 100, calls: 1, dueAt: T0 + 50 + 5_000 }),
    });
  });

  it('sees the restart when the newest PID changes', () => {
    const before = follow({ basePid: 100, calls: 3 });
    expect(afterCall(before, { kind: 'info', info: info(107, 4), at: T0 + 20_000 })).toEqual({
      kind: 'restarted',
    });
  });

  it('takes a first PID started well after the request as the restart (read late)', () => {
    const at = T0 + 20_000;
    expect(afterCall(follow(), { kind: 'info', info: info(107, 10), at })).toEqual({
      kind: 'restarted',
    });
  });

  it("does not take the same click's integration restart for this request's (the slack)", () => {
    // Started about a second before this request was sent; Uptime_sec cuts it to 0 s.
    const at = T0 + FIRST_READ_SLACK_MS - 100;
    const result = afterCall(follow(), { kind: 'info', info: info(107, 0), at });
    expect(result).toMatchObject({ kind: 'wait', follow: { basePid: 107 } });
  });

  it('waits through a restart whose start has not come yet, and notes it', () => {
    const result = afterCall(follow({ basePid: 100 }), { kind: 'info', info: null, at: T0 });
    expect(result).toMatchObject({ kind: 'wait', follow: { lastSawNone: true, calls: 1 } });
  });

  it('counts a passing error as a call and goes on; a refusal ends the follow', () => {
    expect(afterCall(follow(), { kind: 'error', permanent: false, at: T0 })).toMatchObject({
      kind: 'wait',
      follow: { calls: 1, basePid: null },
    });
    expect(afterCall(follow(), { kind: 'error', permanent: true, at: T0 })).toEqual({
      kind: 'stop',
      reason: 'refused',
    });
  });

  it('dates the start from when the call was sent: a slow answer makes no older process new', () => {
    const atOnce = follow({ timing: 'at-once', since: T0 });
    // Started 2 s before the request; the answer took 4 s to come back.
    const slow = { kind: 'info', info: info(100, 2), sentAt: T0 + 100, at: T0 + 4_100 } as const;
    expect(afterCall(atOnce, slow)).toEqual({ kind: 'stop', reason: 'not-restarted' });
    // Dated from its arrival, the same answer would have looked like a restart.
    expect(afterCall(atOnce, { kind: 'info', info: info(100, 2), at: T0 + 4_100 })).toEqual({
      kind: 'restarted',
    });
  });

  it('ends an at-once follow at its first PID: the restart ran before the answer, or not at all', () => {
    const atOnce = follow({ timing: 'at-once' });
    expect(afterCall(atOnce, { kind: 'info', info: info(100, 3_600), at: T0 + 300 })).toEqual({
      kind: 'stop',
      reason: 'not-restarted',
    });
    expect(afterCall(atOnce, { kind: 'info', info: info(107, 0), at: T0 + 1_300 })).toEqual({
      kind: 'restarted',
    });
    // Started moments before the request (a shell reload): Uptime_sec 0 cannot tell, so not this.
    expect(afterCall(atOnce, { kind: 'info', info: info(107, 0), at: T0 + 300 })).toEqual({
      kind: 'stop',
      reason: 'not-restarted',
    });
  });
});

describe('the schedule', () => {
  it('calls often in the first minute, then less; the bound in calls covers the bound in time', () => {
    expect(nextDelayMs('later', 0)).toBe(5_000);
    expect(nextDelayMs('later', 90_000)).toBe(20_000);
    expect(nextDelayMs('later', 300_000)).toBe(60_000);
    // Calls the schedule makes before the time bound: never more than the bound in calls.
    let elapsed = 0;
    let calls = 0;
    while (elapsed < FOLLOW_BOUNDS.later.timeMs) {
      calls += 1;
      elapsed += nextDelayMs('later', elapsed);
    }
    expect(calls).toBeLessThanOrEqual(FOLLOW_BOUNDS.later.calls);
  });
});
