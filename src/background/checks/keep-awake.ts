/**
 * A check may poll a draining process for minutes. Browsers stop an idle background (Chrome's
 * service worker after 30 s without events, Firefox's event page likewise), which would end the
 * polling timers with it. While any check is unfinished, a periodic alarm wakes the background,
 * and waking resumes the checks kept in `storage.session`.
 */
import browser from 'webextension-polyfill';
import type { CheckRecord } from '../../shared/check-state.ts';

export const KEEP_AWAKE_ALARM = 'hrg-resume-checks';
/** Chrome's shortest allowed alarm period (30 s, since Chrome 120). */
const PERIOD_MINUTES = 0.5;

export async function keepAwakeWhileChecking(checks: readonly CheckRecord[]): Promise<void> {
  const unfinished = checks.some((check) => check.phase !== 'done');
  const existing = await browser.alarms.get(KEEP_AWAKE_ALARM);
  if (unfinished && !existing) {
    await browser.alarms.create(KEEP_AWAKE_ALARM, { periodInMinutes: PERIOD_MINUTES });
  } else if (!unfinished && existing) {
    await browser.alarms.clear(KEEP_AWAKE_ALARM);
  }
}
