/**
 * How many page outcomes the content script passes on. They arrive as a DOM event any script on
 * the page can fire, and each becomes a message the background may answer with a look at the
 * firewall; a page firing them in a loop must not turn into a stream of messages. A person's
 * Apply reports one configtest and one reconfigure, a service button one action, so a few per
 * step in a short window is all the page ever sends (docs/security.md, issue 19 item 9).
 */
import type { PageOutcome } from '../shared/check-state.ts';
import { createRateLimiter } from '../shared/rate-limit.ts';

/** At most this many outcomes of one step… */
export const OUTCOMES_PER_STEP = 3;
/** …in any window of this length: an admin who clicks Apply twice in a row stays inside it. */
export const OUTCOME_WINDOW_MS = 10_000;

/** Whether an outcome may be passed on now; refused ones do not count. */
export function createPageOutcomeThrottle(now: () => number): (outcome: PageOutcome) => boolean {
  const perStep = createRateLimiter<PageOutcome['step']>({
    limit: OUTCOMES_PER_STEP,
    windowMs: OUTCOME_WINDOW_MS,
    now,
  });
  return (outcome) => perStep.tryAcquire(outcome.step);
}
