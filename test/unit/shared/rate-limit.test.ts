import { describe, expect, it } from 'vitest';
import {
  CHECKS_PER_WINDOW,
  CHECK_WINDOW_MS,
  createRateLimiter,
} from '../../../src/shared/rate-limit.ts';

function limiter(limit = 3, windowMs = 10_000) {
  let time = 1_000_000;
  const limit_ = createRateLimiter<number>({ limit, windowMs, now: () => time });
  return {
    tryAcquire: (key: number) => limit_.tryAcquire(key),
    forget: (key: number) => {
      limit_.forget(key);
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('createRateLimiter', () => {
  it('allows up to the limit within the window, then refuses', () => {
    const rate = limiter();
    expect([1, 2, 3, 4, 5].map(() => rate.tryAcquire(7))).toEqual([true, true, true, false, false]);
  });

  it('counts each tab on its own', () => {
    const rate = limiter(1);
    expect(rate.tryAcquire(1)).toBe(true);
    expect(rate.tryAcquire(2)).toBe(true);
    expect(rate.tryAcquire(1)).toBe(false);
  });

  it('slides: an attempt counts for exactly the window length', () => {
    const rate = limiter(2, 10_000);
    expect(rate.tryAcquire(1)).toBe(true);
    rate.advance(6_000);
    expect(rate.tryAcquire(1)).toBe(true);
    rate.advance(3_999);
    expect(rate.tryAcquire(1)).toBe(false);
    rate.advance(1);
    // The first attempt is now 10 s old and no longer counts.
    expect(rate.tryAcquire(1)).toBe(true);
    expect(rate.tryAcquire(1)).toBe(false);
  });

  it('does not count refused attempts, so a flood does not lock the tab out for longer', () => {
    const rate = limiter(1, 10_000);
    expect(rate.tryAcquire(1)).toBe(true);
    for (let i = 0; i < 100; i++) {
      rate.advance(50);
      expect(rate.tryAcquire(1)).toBe(false);
    }
    rate.advance(10_000 - 5_000);
    expect(rate.tryAcquire(1)).toBe(true);
  });

  it('forgets a closed tab', () => {
    const rate = limiter(1);
    expect(rate.tryAcquire(1)).toBe(true);
    rate.forget(1);
    expect(rate.tryAcquire(1)).toBe(true);
  });

  it('lets an admin who applies every few seconds through with the defaults', () => {
    let time = 0;
    const rate = createRateLimiter<number>({ now: () => time });
    // One Apply (configtest, reconfigure, page reload) every 8 s, for ten minutes.
    for (let i = 0; i < 75; i++, time += CHECK_WINDOW_MS / CHECKS_PER_WINDOW) {
      expect(rate.tryAcquire(1)).toBe(true);
    }
  });
});
