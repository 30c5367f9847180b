/**
 * The checks in memory: holds them, publishes each change (storage, tab, badge, popup: see
 * check-publisher.ts), and times each one's next look. Nothing here decides what a look finds or
 * when to look again: observation-loop.ts and remediation-coordinator.ts do, through this store.
 * (stored-checks.ts keeps the copy in `storage.session` that outlives the service worker.)
 */
import type { CheckRecord } from '../../shared/check-state.ts';
import type { TimerHandle, Timers } from '../../shared/timers.ts';

export interface CheckStoreDeps extends Timers {
  now(): number;
  /** Stores the record and tells the tab, the badge and the popup. */
  publish(record: CheckRecord): Promise<void>;
  /** Called once when a check reaches its final state, or is dismissed before it. */
  finished(record: CheckRecord): Promise<void>;
  /** Deletes a stored check: called on every path that drops one, so none comes back on resume. */
  forget(id: string): Promise<void>;
  /** A check's timer came due: look at it. */
  due(id: string): void;
  /** A check left the store: whatever else was kept about it can go. */
  dropped(id: string): void;
}

export interface CheckStore {
  get(id: string): CheckRecord | undefined;
  /**
   * The newest check of this firewall on this tab. Both, because a tab can move from one
   * firewall to another: firewall B's page must never see (or end) firewall A's check.
   */
  forTab(tabId: number, origin: string): CheckRecord | null;
  /** The newest check of a firewall, on any tab. */
  forOrigin(origin: string): CheckRecord | null;
  all(): CheckRecord[];
  /** Holds a check (new, resumed, or replaced as a whole) without publishing it. */
  hold(record: CheckRecord): void;
  /** Publishes a check as it is, held or not (a new one, even if replaced meanwhile). */
  publish(record: CheckRecord): Promise<void>;
  /** Replaces a held check and publishes it; a check no longer held stays gone. */
  update(record: CheckRecord): Promise<CheckRecord>;
  /** Adds API calls to a check's counts (every call a check makes is counted, once). */
  count(record: CheckRecord, processLists: number, calls: number): Promise<CheckRecord>;
  /** `call`, counted on check `id` once it has settled, whether it answered or failed. */
  counted<T>(id: string, call: Promise<T>, processLists: number): Promise<T>;
  /** Looks at the check again in `delayMs`, replacing any look already planned. */
  schedule(id: string, delayMs: number): void;
  cancel(id: string): void;
  /**
   * Drops the checks a new action on `tabId` replaces: that tab's checks of the same firewall (a
   * check of another firewall the tab showed before runs on, for that firewall). Settles once
   * they are forgotten in storage.
   */
  supersede(tabId: number | null, origin: string): Promise<void>;
  /** Drops a check unless a remediation is running on it; an unfinished one counts as finished. */
  dismiss(id: string): Promise<void>;
  /**
   * Shows a check on another tab: the HAProxy page that opened after the check was made where no
   * panel runs (System › Services, the dashboard, the watch). Its buttons then act for that tab.
   * `null`: its tab was closed, and the check waits for the next HAProxy page of its firewall.
   */
  adopt(id: string, tabId: number | null): Promise<CheckRecord | null>;
}

export function createCheckStore(deps: CheckStoreDeps): CheckStore {
  const records = new Map<string, CheckRecord>();
  const timers = new Map<string, TimerHandle>();

  const newest = (matches: (record: CheckRecord) => boolean): CheckRecord | null => {
    let found: CheckRecord | null = null;
    for (const record of records.values()) {
      if (matches(record) && (found === null || record.startedAt > found.startedAt)) {
        found = record;
      }
    }
    return found;
  };

  const cancel = (id: string) => {
    const handle = timers.get(id);
    if (handle !== undefined) deps.clearTimer(handle);
    timers.delete(id);
  };

  const drop = (id: string) => {
    cancel(id);
    records.delete(id);
    deps.dropped(id);
  };

  const update = async (record: CheckRecord): Promise<CheckRecord> => {
    if (!records.has(record.id)) return record;
    records.set(record.id, record);
    await deps.publish(record);
    return record;
  };

  const count = (record: CheckRecord, processLists: number, calls: number) => {
    const latest = records.get(record.id) ?? record;
    return update({
      ...latest,
      processListCalls: latest.processListCalls + processLists,
      apiCalls: latest.apiCalls + calls,
    });
  };

  return {
    get: (id) => records.get(id),
    forTab: (tabId, origin) =>
      newest((record) => record.tabId === tabId && record.origin === origin),
    forOrigin: (origin) => newest((record) => record.origin === origin),
    all: () => [...records.values()],
    hold(record) {
      records.set(record.id, record);
    },
    publish: (record) => deps.publish(record),
    update,
    count,
    async counted(id, call, processLists) {
      try {
        return await call;
      } finally {
        const latest = records.get(id);
        if (latest) await count(latest, processLists, 1);
      }
    },
    schedule(id, delayMs) {
      cancel(id);
      const record = records.get(id);
      if (record) records.set(id, { ...record, nextObservationAt: deps.now() + delayMs });
      timers.set(
        id,
        deps.setTimer(() => {
          timers.delete(id);
          deps.due(id);
        }, delayMs),
      );
    },
    cancel,
    async supersede(tabId, origin) {
      // Checks of no tab are the watch's: a new look replaces the finished ones of that firewall.
      const replaced = [...records.values()].filter(
        (record) =>
          record.tabId === tabId &&
          record.origin === origin &&
          record.phase !== 'remediating' &&
          (tabId !== null || (record.phase === 'done' && record.remediation === null)),
      );
      for (const record of replaced) drop(record.id);
      await Promise.all(replaced.map((record) => deps.forget(record.id)));
    },
    async dismiss(id) {
      const record = records.get(id);
      if (!record || record.phase === 'remediating') return;
      drop(id);
      await deps.forget(id);
      if (record.phase !== 'done') await deps.finished(record);
    },
    async adopt(id, tabId) {
      const record = records.get(id);
      if (!record) return null;
      // Shown on a page of its own firewall now (or on none): no longer on the HA master's tab.
      const adopted: { -readonly [K in keyof CheckRecord]: CheckRecord[K] } = { ...record, tabId };
      delete adopted.clickedOn;
      return update(adopted);
    },
  };
}
