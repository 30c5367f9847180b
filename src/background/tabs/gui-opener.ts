/**
 * "Open the firewall's GUI": when the browser does not trust a firewall's certificate, the admin
 * accepts it on the browser's own warning page, which only a tab can show. This opens the GUI in
 * a tab and checks again by itself each time that tab finishes loading a page of the firewall
 * (the warning page itself, then the GUI once accepted), until the tab is closed or a few
 * minutes have passed. Those checks take the per-tab budget of new checks like any other: a page
 * that reloads itself in that tab must not start one on every load.
 */
import type { Tabs } from 'webextension-polyfill';
import type { RateLimiter } from '../../shared/rate-limit.ts';
import type { RepeatingTimers, Timers } from '../../shared/timers.ts';

/** How long an opened tab is followed: long enough to read the warning and click through. */
export const GUI_WATCH_MS = 5 * 60_000;
/**
 * Chrome stops an idle service worker after 30 s, and with it this watch; an extension API call
 * resets that timer (Chrome 110+), so a cheap one is made while a watch runs.
 */
export const KEEP_ALIVE_MS = 20_000;

type TabsApi = Pick<Tabs.Static, 'create'> & {
  onUpdated: Pick<Tabs.Static['onUpdated'], 'addListener' | 'removeListener'>;
  onRemoved: Pick<Tabs.Static['onRemoved'], 'addListener' | 'removeListener'>;
};

export interface GuiOpenerDeps extends Timers, RepeatingTimers {
  readonly tabs: TabsApi;
  /** Starts a new check of `origin`, shown on `tabId`. */
  recheck(origin: string, tabId: number): Promise<unknown>;
  /** New checks per tab, counted on the tab the check shows on (as the messenger does). */
  readonly newChecks: Pick<RateLimiter<number>, 'tryAcquire'>;
  keepAlive(): Promise<unknown>;
}

export interface GuiOpener {
  /** Opens `origin` in a new tab; the checks it triggers show on `checkTabId`, or on the new tab. */
  open(origin: string, checkTabId: number | null): Promise<void>;
}

function originOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function createGuiOpener(deps: GuiOpenerDeps): GuiOpener {
  return {
    async open(origin, checkTabId) {
      const tab = await deps.tabs.create({ url: `${origin}/`, active: true });
      const openedId = tab.id;
      if (openedId === undefined) return;
      const showOn = checkTabId ?? openedId;
      let checking = false;
      const onUpdated = (
        tabId: number,
        change: Tabs.OnUpdatedChangeInfoType,
        updated: Tabs.Tab,
      ) => {
        if (tabId !== openedId || change.status !== 'complete') return;
        if (originOf(updated.url) !== origin || checking) return;
        if (!deps.newChecks.tryAcquire(showOn)) return;
        checking = true;
        void deps.recheck(origin, showOn).finally(() => {
          checking = false;
        });
      };
      const onRemoved = (tabId: number) => {
        if (tabId === openedId) stop();
      };
      const pinger = deps.setRepeating(
        () => void deps.keepAlive().catch(() => undefined),
        KEEP_ALIVE_MS,
      );
      const deadline = deps.setTimer(() => {
        stop();
      }, GUI_WATCH_MS);
      function stop() {
        deps.tabs.onUpdated.removeListener(onUpdated);
        deps.tabs.onRemoved.removeListener(onRemoved);
        deps.clearRepeating(pinger);
        deps.clearTimer(deadline);
      }
      deps.tabs.onUpdated.addListener(onUpdated);
      deps.tabs.onRemoved.addListener(onRemoved);
    },
  };
}
