import { describe, expect, it } from 'vitest';
import type { StopSettings } from '../../../src/core/model.ts';
import {
  CONFIGD_ACTION_LIMIT_MS,
  HARD_STOP_EXPECTED_MS,
  MIN_STOP_REQUEST_MS,
  STOP_MARGIN_MS,
  stopDuration,
} from '../../../src/core/stop-duration.ts';

describe('stopDuration', () => {
  it.each<[string, StopSettings | null, string, number, number]>([
    ['hard mode', { mode: 'hard', hardStopAfterMs: 60_000 }, 'hard', HARD_STOP_EXPECTED_MS, 15_000],
    [
      'graceful, 60 s',
      { mode: 'graceful', hardStopAfterMs: 60_000 },
      'hard-stop-after',
      60_000,
      70_000,
    ],
    [
      'seamless, 10 s',
      { mode: 'seamless', hardStopAfterMs: 10_000 },
      'hard-stop-after',
      10_000,
      20_000,
    ],
    [
      'graceful, 1 s',
      { mode: 'graceful', hardStopAfterMs: 1_000 },
      'hard-stop-after',
      1_000,
      MIN_STOP_REQUEST_MS,
    ],
    [
      'graceful, 0 ms',
      { mode: 'graceful', hardStopAfterMs: 0 },
      'hard-stop-after',
      0,
      MIN_STOP_REQUEST_MS,
    ],
    // configd ends the action after about 120 s whatever HAProxy would do.
    [
      'graceful, 1 h',
      { mode: 'graceful', hardStopAfterMs: 3_600_000 },
      'hard-stop-after',
      CONFIGD_ACTION_LIMIT_MS,
      CONFIGD_ACTION_LIMIT_MS + STOP_MARGIN_MS,
    ],
    [
      'graceful, empty',
      { mode: 'graceful', hardStopAfterMs: null },
      'none',
      CONFIGD_ACTION_LIMIT_MS,
      CONFIGD_ACTION_LIMIT_MS + STOP_MARGIN_MS,
    ],
    [
      'unread settings',
      null,
      'unknown',
      CONFIGD_ACTION_LIMIT_MS,
      CONFIGD_ACTION_LIMIT_MS + STOP_MARGIN_MS,
    ],
  ])('%s', (_name, settings, bound, expectedMs, requestLimitMs) => {
    expect(stopDuration(settings)).toEqual({ bound, expectedMs, requestLimitMs });
  });
});
