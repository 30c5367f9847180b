/**
 * The browser side of the ACME restart follows: they live in `storage.session` (kept across a
 * stopped service worker, gone with the browser: a follow is minutes long at most), and a periodic
 * alarm wakes the worker while any is left. What is read back is checked: a follow an older
 * version left in another shape is dropped, never resumed.
 */
import browser from 'webextension-polyfill';
import { parseFollows } from './deferred-restart.ts';
import { RESTART_FOLLOW_ALARM, type FollowStore } from './restart-follower.ts';

const KEY = 'acmeRestartFollows';

export const sessionFollowStore: FollowStore = {
  async load() {
    return parseFollows((await browser.storage.session.get(KEY))[KEY]);
  },
  async save(follows) {
    await (follows.length === 0
      ? browser.storage.session.remove(KEY)
      : browser.storage.session.set({ [KEY]: follows }));
  },
};

/** Chrome's shortest allowed alarm period (30 s, since Chrome 120), as keep-awake.ts. */
const PERIOD_MINUTES = 0.5;

export const followAlarm = {
  async set(): Promise<void> {
    if (await browser.alarms.get(RESTART_FOLLOW_ALARM)) return;
    await browser.alarms.create(RESTART_FOLLOW_ALARM, { periodInMinutes: PERIOD_MINUTES });
  },
  async clear(): Promise<void> {
    await browser.alarms.clear(RESTART_FOLLOW_ALARM);
  },
};
