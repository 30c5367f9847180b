/**
 * The watch's alarms and looks: one alarm per watched firewall with an API key, none otherwise,
 * a look at once when it is turned on, and no request at all while it is off.
 */
import { describe, expect, it, vi } from 'vitest';

// options-storage.ts imports the browser API for its load/save; the defaults are plain data.
vi.mock('webextension-polyfill', () => ({ default: {} }));
import {
  createWatch,
  lookDue,
  originOfWatchAlarm,
  watchAlarmName,
  watchedFirewalls,
  type WatchDeps,
} from '../../../../src/background/watch/watch.ts';
import { DEFAULT_OPTIONS, type Options } from '../../../../src/shared/options-storage.ts';

const A = 'https://fw.example.lan:8443';
const B = 'https://192.168.1.1';
const KEY = { kind: 'api-key', key: 'k', secret: 's' } as const;
const all = () => true;

function options(overrides: Partial<Options>): Options {
  return { ...DEFAULT_OPTIONS, ...overrides };
}

describe('watchedFirewalls', () => {
  it.each<[string, Partial<Options>, (origin: string) => boolean, string[]]>([
    ['none turned on', { auth: { [A]: KEY } }, all, []],
    [
      'on with an API key',
      { auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } },
      all,
      [A],
    ],
    // The session would be kept alive for ever (docs/opnsense.md §4): no watch without a key.
    [
      'on with the session',
      { auth: { [A]: { kind: 'session' } }, watch: { [A]: { intervalMinutes: 15 } } },
      all,
      [],
    ],
    ['on with no auth setting', { watch: { [A]: { intervalMinutes: 15 } } }, all, []],
    [
      'on, but access revoked',
      { auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } },
      () => false,
      [],
    ],
    [
      'an API key over plain HTTP off this machine (never sent)',
      { auth: { 'http://fw.lan': KEY }, watch: { 'http://fw.lan': { intervalMinutes: 15 } } },
      all,
      [],
    ],
    [
      'two firewalls, one on',
      { auth: { [A]: KEY, [B]: KEY }, watch: { [B]: { intervalMinutes: 5 } } },
      all,
      [B],
    ],
  ])('%s', (_name, overrides, enabled, expected) => {
    expect(watchedFirewalls(options(overrides), enabled).map((entry) => entry.origin)).toEqual(
      expected,
    );
  });
});

describe('lookDue', () => {
  it.each<[string, number | null, number, boolean]>([
    ['never looked', null, 15, true],
    ['looked 14 minutes ago, every 15', 1_000_000 - 14 * 60_000, 15, false],
    ['looked 15 minutes ago, every 15', 1_000_000 - 15 * 60_000, 15, true],
    ['looked a minute ago, every minute', 1_000_000 - 60_000, 1, true],
    ['looked in the future (clock set back)', 1_000_000 + 60_000, 15, true],
  ])('%s → %s', (_name, last, interval, expected) => {
    expect(lookDue(last, interval, 1_000_000)).toBe(expected);
  });
});

describe('alarm names', () => {
  it.each([A, B, 'http://fw.lan:8080'])('round-trips %s', (origin) => {
    expect(originOfWatchAlarm(watchAlarmName(origin))).toBe(origin);
  });
  it.each(['hrg-keep-awake', '', 'watch', 'WATCH:https://fw.lan'])(
    '%s is not a watch alarm',
    (name) => {
      expect(originOfWatchAlarm(name)).toBeNull();
    },
  );
});

function fakeAlarms() {
  const alarms = new Map<string, { name: string; periodInMinutes?: number }>();
  const api: WatchDeps['alarms'] = {
    create(name, info) {
      alarms.set(name, { name, periodInMinutes: info.periodInMinutes });
      return Promise.resolve();
    },
    clear(name) {
      return Promise.resolve(alarms.delete(name));
    },
    getAll() {
      return Promise.resolve([...alarms.values()]);
    },
  };
  return { alarms, api };
}

function setUp(initial: Partial<Options>) {
  let current = options(initial);
  let now = 50_000_000;
  const lastLooks = new Map<string, number>();
  const looks: string[] = [];
  const busy = new Set<string>();
  const { alarms, api } = fakeAlarms();
  const watch = createWatch({
    alarms: api,
    loadOptions: () => Promise.resolve(current),
    enabledOrigins: () => Promise.resolve(all),
    lastLookAt: (origin) => Promise.resolve(lastLooks.get(origin) ?? null),
    busy: (origin) => busy.has(origin),
    look(origin) {
      looks.push(origin);
      lastLooks.set(origin, now);
      return Promise.resolve();
    },
    now: () => now,
  });
  return {
    watch,
    alarms,
    looks,
    busy,
    lastLooks,
    set(next: Partial<Options>) {
      current = options(next);
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('createWatch', () => {
  it('keeps no alarm and sends nothing while the watch is off', async () => {
    const env = setUp({ auth: { [A]: KEY } });
    expect(await env.watch.sync()).toEqual([]);
    await env.watch.alarmFired(watchAlarmName(A));
    expect(env.alarms.size).toBe(0);
    expect(env.looks).toEqual([]);
  });

  it('looks at once when turned on, then at each alarm', async () => {
    const env = setUp({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } });
    expect(await env.watch.sync()).toEqual([A]);
    expect(env.alarms.get(watchAlarmName(A))?.periodInMinutes).toBe(15);
    expect(env.looks).toEqual([A]);
    // A second sync (another storage change) neither re-creates the alarm nor looks again.
    await env.watch.sync();
    expect(env.looks).toEqual([A]);
    env.advance(15 * 60_000);
    await env.watch.alarmFired(watchAlarmName(A));
    expect(env.looks).toEqual([A, A]);
  });

  it('re-creates the alarm when the interval changes, and clears it when turned off', async () => {
    const env = setUp({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } });
    await env.watch.sync();
    env.set({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 5 } } });
    await env.watch.sync();
    expect(env.alarms.get(watchAlarmName(A))?.periodInMinutes).toBe(5);
    env.set({ auth: { [A]: KEY } });
    await env.watch.sync();
    expect(env.alarms.size).toBe(0);
  });

  it('clears the alarm when the key is removed (the session is never used)', async () => {
    const env = setUp({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } });
    await env.watch.sync();
    env.set({ auth: { [A]: { kind: 'session' } }, watch: { [A]: { intervalMinutes: 15 } } });
    await env.watch.sync();
    expect(env.alarms.size).toBe(0);
    await env.watch.alarmFired(watchAlarmName(A));
    expect(env.looks).toEqual([A]);
  });

  it('clears an alarm left over from a watch turned off while the worker was stopped', async () => {
    const env = setUp({ auth: { [A]: KEY } });
    env.alarms.set(watchAlarmName(B), { name: watchAlarmName(B) });
    await env.watch.alarmFired(watchAlarmName(B));
    expect(env.alarms.size).toBe(0);
    expect(env.looks).toEqual([]);
  });

  it('does not look while a check of that firewall is under way', async () => {
    const env = setUp({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } });
    env.busy.add(A);
    await env.watch.sync();
    await env.watch.alarmFired(watchAlarmName(A));
    expect(env.looks).toEqual([]);
  });

  it('looks on start-up only if the last look is older than the interval', async () => {
    const env = setUp({
      auth: { [A]: KEY, [B]: KEY },
      watch: { [A]: { intervalMinutes: 15 }, [B]: { intervalMinutes: 15 } },
    });
    env.lastLooks.set(A, 50_000_000 - 5 * 60_000);
    env.lastLooks.set(B, 50_000_000 - 20 * 60_000);
    await env.watch.sync();
    expect(env.looks).toEqual([B]);
  });

  it("ignores alarms that are not the watch's", async () => {
    const env = setUp({ auth: { [A]: KEY }, watch: { [A]: { intervalMinutes: 15 } } });
    await env.watch.alarmFired('hrg-keep-awake');
    expect(env.looks).toEqual([]);
  });
});
