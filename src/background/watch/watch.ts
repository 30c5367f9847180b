/**
 * The opt-in watch: for each firewall the admin turned it on for, one look every N minutes while
 * the browser runs, for the reloads nobody clicked (an ACME renewal's automation, cron,
 * `configctl haproxy reload` in a shell). Browser alarms drive it, so a stopped service worker is
 * woken for each look and nothing runs in between.
 *
 * Only with an API key: every call made with the GUI session refreshes that session (docs/opnsense.md §4),
 * so a watch on it would keep the admin logged in for ever. A firewall whose key is gone has no
 * alarm, and a watch that is off costs no request at all.
 */
import type { Options } from '../../shared/options-storage.ts';
import { createSerialQueue } from '../../shared/serial-queue.ts';
import { apiKeyAllowedFor } from '../../shared/transport-security.ts';

export const WATCH_ALARM_PREFIX = 'watch:';

export interface WatchedFirewall {
  readonly origin: string;
  readonly intervalMinutes: number;
}

/** Pure: the firewalls the watch may look at, from the options and the granted firewalls. */
export function watchedFirewalls(
  options: Options,
  enabled: (origin: string) => boolean,
): WatchedFirewall[] {
  return Object.entries(options.watch)
    .filter(([origin]) => {
      const auth = options.auth[origin];
      return auth?.kind === 'api-key' && apiKeyAllowedFor(origin) && enabled(origin);
    })
    .map(([origin, setting]) => ({ origin, intervalMinutes: setting.intervalMinutes }))
    .sort((a, b) => a.origin.localeCompare(b.origin));
}

export function watchAlarmName(origin: string): string {
  return `${WATCH_ALARM_PREFIX}${origin}`;
}

/** The origin an alarm is for, or null when it is not a watch alarm. */
export function originOfWatchAlarm(name: string): string | null {
  return name.startsWith(WATCH_ALARM_PREFIX) ? name.slice(WATCH_ALARM_PREFIX.length) : null;
}

/** Pure: whether a look is due now, on start-up or when the watch was just turned on. */
export function lookDue(lastLookAt: number | null, intervalMinutes: number, now: number): boolean {
  if (lastLookAt === null || lastLookAt > now) return true;
  return now - lastLookAt >= intervalMinutes * 60_000;
}

/** The part of `browser.alarms` the watch uses. */
export interface WatchAlarms {
  create(name: string, info: { delayInMinutes: number; periodInMinutes: number }): Promise<void>;
  clear(name: string): Promise<boolean>;
  getAll(): Promise<readonly { readonly name: string; readonly periodInMinutes?: number }[]>;
}

export interface WatchDeps {
  readonly alarms: WatchAlarms;
  loadOptions(): Promise<Options>;
  /** The origins the admin granted access to (host permissions), checked per origin. */
  enabledOrigins(): Promise<(origin: string) => boolean>;
  lastLookAt(origin: string): Promise<number | null>;
  /** Whether a check of this firewall is under way (a look now would only repeat it). */
  busy(origin: string): boolean;
  /** Takes one look at the firewall (a `watch` check of no tab). */
  look(origin: string): Promise<void>;
  now(): number;
}

export interface Watch {
  /**
   * Makes the alarms match the options: created, re-created when the interval changed, cleared
   * when the watch is off or the key or the access is gone. Then looks at once at each watched
   * firewall whose last look is older than its interval (just turned on, browser started).
   * Resolves to the watched origins.
   */
  sync(): Promise<string[]>;
  /** An alarm fired: the look, if the alarm is still one of a watched firewall. */
  alarmFired(name: string): Promise<void>;
}

export function createWatch(deps: WatchDeps): Watch {
  // Start-up, storage and permission events can fire together: one sync at a time.
  const queue = createSerialQueue();

  const watched = async () =>
    watchedFirewalls(await deps.loadOptions(), await deps.enabledOrigins());

  const lookIfDue = async (firewall: WatchedFirewall, due: boolean) => {
    if (!due || deps.busy(firewall.origin)) return;
    await deps.look(firewall.origin);
  };

  const syncOnce = async () => {
    const firewalls = await watched();
    const alarms = await deps.alarms.getAll();
    for (const alarm of alarms) {
      const origin = originOfWatchAlarm(alarm.name);
      const wanted = firewalls.find((firewall) => firewall.origin === origin);
      if (origin !== null && wanted?.intervalMinutes !== alarm.periodInMinutes) {
        await deps.alarms.clear(alarm.name);
      }
    }
    const kept = new Set(
      alarms
        .filter((alarm) => {
          const origin = originOfWatchAlarm(alarm.name);
          const wanted = firewalls.find((firewall) => firewall.origin === origin);
          return wanted !== undefined && wanted.intervalMinutes === alarm.periodInMinutes;
        })
        .map((alarm) => alarm.name),
    );
    for (const firewall of firewalls) {
      const name = watchAlarmName(firewall.origin);
      if (!kept.has(name)) {
        await deps.alarms.create(name, {
          delayInMinutes: firewall.intervalMinutes,
          periodInMinutes: firewall.intervalMinutes,
        });
      }
      const last = await deps.lastLookAt(firewall.origin);
      await lookIfDue(firewall, lookDue(last, firewall.intervalMinutes, deps.now()));
    }
    return firewalls.map((firewall) => firewall.origin);
  };

  return {
    sync: () => queue.run(syncOnce),
    async alarmFired(name) {
      const origin = originOfWatchAlarm(name);
      if (origin === null) return;
      const firewall = (await watched()).find((entry) => entry.origin === origin);
      if (!firewall) {
        // Left over from a watch turned off while the worker was stopped.
        await deps.alarms.clear(name);
        return;
      }
      await lookIfDue(firewall, true);
    },
  };
}
