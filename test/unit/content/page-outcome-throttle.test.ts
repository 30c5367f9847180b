/** A page firing outcome events in a loop gets a few through per step, not a stream (issue 19, item 9). */
import { describe, expect, it } from 'vitest';
import {
  createPageOutcomeThrottle,
  OUTCOME_WINDOW_MS,
  OUTCOMES_PER_STEP,
} from '../../../src/content/page-outcome-throttle.ts';
import type { PageOutcome } from '../../../src/shared/check-state.ts';

const outcome = (step: PageOutcome['step']): PageOutcome => ({ step, ok: false, detail: '' });

function throttleAt(start = 1_000) {
  let now = start;
  const allowed = createPageOutcomeThrottle(() => now);
  return { allowed, advance: (ms: number) => (now += ms) };
}

describe('the page-outcome throttle', () => {
  it('passes a person’s Apply: a configtest and a reconfigure, twice in a row', () => {
    const { allowed } = throttleAt();
    for (let i = 0; i < 2; i += 1) {
      expect(allowed(outcome('configtest'))).toBe(true);
      expect(allowed(outcome('reconfigure'))).toBe(true);
    }
  });

  it('holds a page that fires them in a loop to a few per step and window', () => {
    const { allowed, advance } = throttleAt();
    const passed = Array.from({ length: 1_000 }, () => allowed(outcome('reconfigure')));
    expect(passed.filter(Boolean)).toHaveLength(OUTCOMES_PER_STEP);
    // Another step has its own budget; the flood does not lock out a real service action.
    expect(allowed(outcome('service-action'))).toBe(true);
    advance(OUTCOME_WINDOW_MS - 1);
    expect(allowed(outcome('reconfigure'))).toBe(false);
    advance(1);
    expect(allowed(outcome('reconfigure'))).toBe(true);
  });
});
