/**
 * Runs the follows of ACME restarts (deferred-restart.ts decides): one `statistics/info` call at a
 * time per follow, on timers while the background lives, and kept in `storage.session` with a
 * periodic alarm while any follow is left, so a stopped service worker (Chrome stops an idle one
 * after 30 s; Firefox's event page likewise) is woken and takes them up where they were. The alarm
 * is cleared with the last follow, and every follow ends at its bound in time: none runs for ever.
 */
import type { CurrentProcessInfo } from '../../core/model.ts';
import { isPermanentError } from '../../opnsense/errors.ts';
import type { Timers, TimerHandle } from '../../shared/timers.ts';
import { toCheckError } from '../checks/check-error.ts';
import {
  afterCall,
  beforeCall,
  startFollow,
  type RestartFollow,
  type StopReason,
} from './deferred-restart.ts';
import type { AcmeRestartRequest } from './reload-requests.ts';

export const RESTART_FOLLOW_ALARM = 'hrg-acme-restart';

export interface FollowStore {
  load(): Promise<readonly RestartFollow[]>;
  save(follows: readonly RestartFollow[]): Promise<void>;
}

export interface RestartFollowerDeps extends Timers {
  now(): number;
  newId(): string;
  /** `statistics/info` of the firewall, with the admin's stored authentication. */
  currentProcess(origin: string): Promise<CurrentProcessInfo | null>;
  /** Whether the admin still grants the firewall and a tab shows its GUI now. */
  firewallOpen(origin: string): Promise<boolean>;
  /** The newest process changed (or none answers at the bound): one full check on the tab. */
  restarted(follow: RestartFollow): Promise<void>;
  readonly store: FollowStore;
  /** A periodic alarm that wakes the background while follows are left. */
  readonly alarm: { set(): Promise<void>; clear(): Promise<void> };
  /** Told when a follow ends, and why (for tests and the bench). */
  ended?(follow: RestartFollow, reason: StopReason | 'restarted' | 'look'): void;
}

export interface RestartFollower {
  /** The ACME request was answered: follow its restart. */
  follow(request: AcmeRestartRequest, tabId: number, since: number): Promise<void>;
  /** Takes up the stored follows (worker start, alarm); follows already running are left alone. */
  resume(): Promise<void>;
  /** The follows running now. */
  active(): readonly RestartFollow[];
}

export function createRestartFollower(deps: RestartFollowerDeps): RestartFollower {
  const follows = new Map<string, RestartFollow>();
  const timers = new Map<string, TimerHandle>();
  const calling = new Set<string>();
  let loaded: Promise<void> | null = null;

  const persist = async () => {
    const all = [...follows.values()];
    await deps.store.save(all);
    await (all.length > 0 ? deps.alarm.set() : deps.alarm.clear());
  };

  const schedule = (follow: RestartFollow) => {
    const previous = timers.get(follow.id);
    if (previous !== undefined) deps.clearTimer(previous);
    timers.set(
      follow.id,
      deps.setTimer(() => void step(follow.id), Math.max(0, follow.dueAt - deps.now())),
    );
  };

  const end = async (follow: RestartFollow, reason: StopReason | 'restarted' | 'look') => {
    follows.delete(follow.id);
    const timer = timers.get(follow.id);
    if (timer !== undefined) deps.clearTimer(timer);
    timers.delete(follow.id);
    await persist();
    deps.ended?.(follow, reason);
    if (reason === 'restarted' || reason === 'look') {
      await deps.restarted(follow).catch((error: unknown) => {
        console.error('HAProxy Reload Guard: could not check after an ACME restart', error);
      });
    }
  };

  const step = async (id: string): Promise<void> => {
    const follow = follows.get(id);
    if (!follow || calling.has(id)) return;
    calling.add(id);
    try {
      const before = beforeCall(follow, deps.now(), await deps.firewallOpen(follow.origin));
      if (before.kind !== 'call') {
        await end(follow, before.kind === 'look' ? 'look' : before.reason);
        return;
      }
      let reading: Parameters<typeof afterCall>[1];
      try {
        const sentAt = deps.now();
        const info = await deps.currentProcess(follow.origin);
        reading = { kind: 'info', info, at: deps.now(), sentAt };
      } catch (error) {
        const permanent = isPermanentError(toCheckError(error).kind);
        reading = { kind: 'error', permanent, at: deps.now() };
      }
      // Replaced meanwhile by a newer request of the same firewall: that one goes on (its own
      // timer may have come due during this call, and found it busy).
      const current = follows.get(id);
      if (current !== follow) {
        if (current) schedule(current);
        return;
      }
      const after = afterCall(follow, reading);
      if (after.kind === 'wait') {
        follows.set(id, after.follow);
        await persist();
        schedule(after.follow);
      } else {
        await end(follow, after.kind === 'restarted' ? 'restarted' : after.reason);
      }
    } finally {
      calling.delete(id);
    }
  };

  const load = () => {
    loaded ??= deps.store.load().then(
      (stored) => {
        for (const follow of stored) if (!follows.has(follow.id)) follows.set(follow.id, follow);
      },
      () => undefined,
    );
    return loaded;
  };

  return {
    async follow(request, tabId, since) {
      await load();
      const now = deps.now();
      const fresh = startFollow({
        id: deps.newId(),
        origin: request.origin,
        tabId,
        timing: request.timing,
        since,
        now,
      });
      // One follow per firewall and timing: renewing three certificates in a row is one follow,
      // bounded anew, that keeps the first request's time and the PID it read before them.
      const same = [...follows.values()].find(
        (other) => other.origin === request.origin && other.timing === request.timing,
      );
      const follow: RestartFollow = same
        ? { ...fresh, id: same.id, since: Math.min(same.since, since), basePid: same.basePid }
        : fresh;
      follows.set(follow.id, follow);
      await persist();
      schedule(follow);
    },

    async resume() {
      await load();
      let changed = false;
      for (const follow of follows.values()) {
        if (!timers.has(follow.id)) {
          schedule(follow);
          changed = true;
        }
      }
      // Nothing left to follow (all ended before the worker stopped): the alarm goes.
      if (changed || follows.size === 0) await persist();
    },

    active: () => [...follows.values()],
  };
}
