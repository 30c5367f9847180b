import type { Tabs } from 'webextension-polyfill';
import { describe, expect, it } from 'vitest';
import { GUI_WATCH_MS, createGuiOpener } from '../../../../src/background/tabs/gui-opener.ts';
import {
  CHECK_WINDOW_MS,
  CHECKS_PER_WINDOW,
  createRateLimiter,
} from '../../../../src/shared/rate-limit.ts';
import { ManualClock } from '../manual-clock.ts';

type Updated = (tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => void;
type Removed = (tabId: number) => void;

function fakeTabs() {
  const updated = new Set<Updated>();
  const removed = new Set<Removed>();
  const created: string[] = [];
  return {
    created,
    listeners: () => updated.size + removed.size,
    load(tabId: number, url: string) {
      for (const listener of [...updated]) {
        listener(tabId, { status: 'loading' }, { url } as Tabs.Tab);
        listener(tabId, { status: 'complete' }, { url } as Tabs.Tab);
      }
    },
    close(tabId: number) {
      for (const listener of [...removed]) listener(tabId);
    },
    api: {
      create: (properties: Tabs.CreateCreatePropertiesType) => {
        created.push(properties.url ?? '');
        return Promise.resolve({ id: 77 } as Tabs.Tab);
      },
      onUpdated: {
        addListener: (listener: Updated) => void updated.add(listener),
        removeListener: (listener: Updated) => void updated.delete(listener),
      },
      onRemoved: {
        addListener: (listener: Removed) => void removed.add(listener),
        removeListener: (listener: Removed) => void removed.delete(listener),
      },
    },
  };
}

function setUp() {
  const clock = new ManualClock();
  const tabs = fakeTabs();
  const rechecks: [string, number][] = [];
  let pings = 0;
  const newChecks = createRateLimiter<number>({ now: clock.now });
  const opener = createGuiOpener({
    newChecks,
    tabs: tabs.api,
    recheck: (origin, tabId) => {
      rechecks.push([origin, tabId]);
      return Promise.resolve();
    },
    keepAlive: () => {
      pings += 1;
      return Promise.resolve();
    },
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    setRepeating: clock.setRepeating,
    clearRepeating: clock.clearRepeating,
  });
  return { clock, tabs, rechecks, opener, newChecks, pings: () => pings };
}

const ORIGIN = 'https://fw.example.lan:8443';

describe('open the firewall GUI to accept its certificate', () => {
  it('opens the GUI and checks again on each finished load of the firewall in that tab', async () => {
    const { tabs, rechecks, opener } = setUp();
    await opener.open(ORIGIN, 12);
    expect(tabs.created).toEqual([`${ORIGIN}/`]);
    tabs.load(77, `${ORIGIN}/`); // the browser's warning page carries the firewall's URL
    await Promise.resolve();
    tabs.load(77, `${ORIGIN}/ui/haproxy`);
    expect(rechecks).toEqual([
      [ORIGIN, 12],
      [ORIGIN, 12],
    ]);
  });

  it('ignores other tabs and other sites, and shows the check on the new tab when there was none', async () => {
    const { tabs, rechecks, opener } = setUp();
    await opener.open(ORIGIN, null);
    tabs.load(5, `${ORIGIN}/`);
    tabs.load(77, 'https://evil.example/');
    tabs.load(77, 'https://fw.example.lan:9443/');
    expect(rechecks).toEqual([]);
    tabs.load(77, `${ORIGIN}/index.php`);
    expect(rechecks).toEqual([[ORIGIN, 77]]);
  });

  it('takes the per-tab budget of new checks: a page reloading itself gets no more', async () => {
    const { clock, tabs, rechecks, opener, newChecks } = setUp();
    await opener.open(ORIGIN, 12);
    for (let load = 0; load < 3 * CHECKS_PER_WINDOW; load += 1) {
      tabs.load(77, `${ORIGIN}/ui/haproxy`);
      await clock.flush();
      clock.advance(100);
    }
    expect(rechecks).toHaveLength(CHECKS_PER_WINDOW);
    // The budget is the check's tab's own: the admin's clicks there share it.
    expect(newChecks.tryAcquire(12)).toBe(false);
    clock.advance(CHECK_WINDOW_MS);
    tabs.load(77, `${ORIGIN}/ui/haproxy`);
    expect(rechecks).toHaveLength(CHECKS_PER_WINDOW + 1);
  });

  it('stops when the tab is closed, and after a few minutes', async () => {
    const { clock, tabs, opener, pings } = setUp();
    await opener.open(ORIGIN, 1);
    tabs.close(77);
    expect(tabs.listeners()).toBe(0);
    await opener.open(ORIGIN, 1);
    await clock.runFor(GUI_WATCH_MS);
    expect(tabs.listeners()).toBe(0);
    // The worker was kept awake while it waited, and not after.
    const during = pings();
    expect(during).toBeGreaterThan(0);
    await clock.runFor(GUI_WATCH_MS);
    expect(pings()).toBe(during);
    expect(clock.pendingTimers).toBe(0);
  });
});
