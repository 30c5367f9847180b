/**
 * The look-and-retry policy of a check: starts it when the admin clicks (with the baseline),
 * follows what the page reports, looks at the firewall, asks the verdict engine, and decides
 * when to look again: retries for passing errors, a second look before "not reloaded", polling
 * while an old process drains, a look anyway when the page never reports.
 */
import type { CheckTrigger, Verdict } from '../../core/model.ts';
import { readsConfigDiff } from '../../core/config-diff.ts';
import { carriedAlerts } from './carried-alerts.ts';
import { needsStopSettings, stopSettingsShownBy } from '../../core/stop-settings-need.ts';
import { decideVerdict, isFinal } from '../../core/verdict.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import { isPermanentError } from '../../opnsense/errors.ts';
import type { CheckRecord, PageOutcome } from '../../shared/check-state.ts';
import { isUnrequested } from '../../shared/unrequested-look.ts';
import { noteObservation } from '../remediation/remediation.ts';
import { captureBaseline } from './baseline-capture.ts';
import { toCheckError } from './check-error.ts';
import type { CheckStore } from './check-store.ts';

/** If the page never reports the outcome of Apply (page JS changed, tab closed), look anyway. */
export const OUTCOME_TIMEOUT_MS = 60_000;
/** A second look before calling a reload "not done", in case configd was still busy. */
export const NOT_RELOADED_CONFIRM_MS = 2_000;
/** Tries for answers that may be passing: timeouts, 5xx, garbled JSON, racing snapshots. */
export const RETRY_LIMIT = 3;
export const RETRY_DELAY_MS = 2_000;

/** Polling while an old process drains: often at first (most are gone in < 1 s), then less. */
export function drainingDelayMs(elapsedMs: number, untilDeadlineMs: number): number {
  const interval = elapsedMs < 10_000 ? 1_000 : elapsedMs < 60_000 ? 2_000 : 5_000;
  return Math.max(250, Math.min(interval, untilDeadlineMs + 250));
}

export interface ObservationLoopDeps {
  readonly store: CheckStore;
  /** The API client for a check's looks (no page token: they only read). */
  clientFor(record: {
    readonly origin: string;
    readonly trigger: CheckTrigger;
  }): Promise<OpnsenseClient>;
  now(): number;
  newId(): string;
  defaultDrainWindowMs(): Promise<number>;
  /** Whether the admin still grants access to this firewall; asked before every look. */
  stillEnabled(origin: string): Promise<boolean>;
  /** Ends a check: its final state, shown and recorded (remediation-coordinator.ts). */
  finish(record: CheckRecord): Promise<void>;
}

export interface ObservationLoop {
  /**
   * The admin clicked Apply, Restart or Start: record the state before the action runs. When the
   * action's request is already on its way (`actionUnderWay`, seen by request-follower.ts), any
   * PID read now may already be the new process's: the baseline then holds the time only, and
   * the verdict judges the new process by its start time. `clickedOn`: the HA master whose page
   * the admin clicked on, when the check looks at its backup (CheckRecord.clickedOn).
   */
  begin(
    origin: string,
    tabId: number | null,
    trigger: CheckTrigger,
    actionUnderWay?: boolean,
    clickedOn?: string,
  ): Promise<CheckRecord>;
  /** What the page's own request answered. */
  pageOutcome(tabId: number, origin: string, outcome: PageOutcome): Promise<void>;
  /** The action the tab's check waits for has ended without a readable outcome: look now. */
  lookNow(tabId: number, origin: string): Promise<void>;
  /** Holds `record` as a fresh check (its tries counted anew) and looks at once. */
  recheck(record: CheckRecord): Promise<void>;
  /** The check's timer came due. */
  observe(id: string): Promise<void>;
  /** The check left the store. */
  forget(id: string): void;
}

interface Attempts {
  retries: number;
  notReloaded: number;
}

export function createObservationLoop(deps: ObservationLoopDeps): ObservationLoop {
  const { store } = deps;
  const attempts = new Map<string, Attempts>();
  const baselineCaptures = new Map<string, Promise<void>>();
  const observing = new Set<string>();

  const lookSoon = async (record: CheckRecord) => {
    await store.update({ ...record, phase: 'observing' });
    store.schedule(record.id, 0);
  };

  const observeOnce = async (id: string): Promise<void> => {
    let record = store.get(id);
    if (!record) return;
    const tries = attempts.get(id) ?? { retries: 0, notReloaded: 0 };
    attempts.set(id, tries);
    let verdict: Verdict;
    try {
      const client = await deps.clientFor(record);
      // After a reload, start or restart the extension followed, the same look reads export/diff,
      // so no clean verdict comes before it (core/config-diff.ts, docs/opnsense.md §8).
      const diffCall = readsConfigDiff(record.trigger, record.remediation?.step === 'checking')
        ? client.undeployedChanges()
        : null;
      const [picture, current, status, undeployedChanges] = await Promise.all([
        client.processes(),
        client.currentProcess(),
        client.serviceStatus(),
        diffCall,
      ]);
      // Read once per check, and only when a second process makes a drain window matter and the
      // newest process's own `-st` does not already say hard mode (core/verdict.ts).
      const needed = record.stopSettings === null && needsStopSettings(picture);
      const shown = needed && current ? stopSettingsShownBy(picture, current.pid) : null;
      const settingsCall = needed && shown === null ? client.stopSettings() : null;
      const stopSettings = (await settingsCall) ?? shown ?? record.stopSettings;
      record = store.get(id);
      if (!record) return;
      record = await store.count(record, 1, (settingsCall ? 4 : 3) + (diffCall ? 1 : 0));
      const now = deps.now();
      verdict = decideVerdict({
        baseline: record.baseline,
        observation: { at: now, picture, current, status, stopSettings },
        now,
        defaultDrainWindowMs: await deps.defaultDrainWindowMs(),
        undeployedChanges,
      });
      const remediation =
        record.remediation?.step === 'checking'
          ? noteObservation(record.remediation, verdict, now)
          : record.remediation;
      record = {
        ...record,
        stopSettings,
        verdict,
        verdictAt: now,
        showInfo: current,
        error: null,
        remediation,
      };
    } catch (error) {
      const latest = store.get(id);
      if (!latest) return;
      const checkError = toCheckError(error);
      const mayRetry = !isUnrequested(latest.trigger) && !isPermanentError(checkError.kind);
      if (mayRetry && tries.retries < RETRY_LIMIT - 1) {
        tries.retries += 1;
        await store.update({ ...latest, error: checkError });
        store.schedule(id, RETRY_DELAY_MS);
      } else {
        await deps.finish({ ...latest, error: checkError });
      }
      return;
    }

    if (record.failure || isUnrequested(record.trigger)) {
      // The page reported a failure: this one look is what the panel shows with it. A look
      // nobody asked for is one look too (shared/unrequested-look.ts).
      await deps.finish(record);
      return;
    }
    if (verdict.kind === 'not-reloaded' && tries.notReloaded === 0) {
      tries.notReloaded = 1;
      await store.update(record);
      store.schedule(id, NOT_RELOADED_CONFIRM_MS);
      return;
    }
    if (verdict.kind === 'draining') {
      const now = deps.now();
      await store.update(record);
      store.schedule(id, drainingDelayMs(now - record.startedAt, verdict.deadline - now));
      return;
    }
    if (!isFinal(verdict) && tries.retries < RETRY_LIMIT - 1) {
      tries.retries += 1;
      await store.update(record);
      store.schedule(id, RETRY_DELAY_MS);
      return;
    }
    await deps.finish(record);
  };

  return {
    async begin(origin, tabId, trigger, actionUnderWay = false, clickedOn) {
      const configtestAlerts = carriedAlerts(
        tabId === null ? null : store.forTab(tabId, origin),
        trigger,
      );
      // Replaced at once, forgotten in storage below: a second click meanwhile replaces this one.
      const replaced = store.supersede(tabId, origin);
      const now = deps.now();
      // Nothing is about to change on the firewall: look at once, with no baseline. An `acme`
      // check begins once the restart was seen (reload-sources/deferred-restart.ts): it has
      // happened already, and the look judges the processes by their `-sf`/`-st` chain alone.
      const observeAtOnce = trigger === 'manual' || trigger === 'acme' || isUnrequested(trigger);
      const record: CheckRecord = {
        id: deps.newId(),
        origin,
        tabId,
        ...(clickedOn !== undefined && clickedOn !== origin ? { clickedOn } : {}),
        trigger,
        startedAt: now,
        phase: observeAtOnce ? 'observing' : 'waiting-for-reload',
        baseline: observeAtOnce ? null : { trigger, takenAt: now, pids: null, currentPid: null },
        outcome: null,
        configtestAlerts,
        failure: null,
        verdict: null,
        verdictAt: null,
        error: null,
        stopSettings: null,
        remediation: null,
        nextObservationAt: null,
        processListCalls: 0,
        apiCalls: 0,
      };
      store.hold(record);
      attempts.set(record.id, { retries: 0, notReloaded: 0 });
      await replaced;
      await store.publish(record);
      if (observeAtOnce) {
        store.schedule(record.id, 0);
      } else {
        if (!actionUnderWay) {
          baselineCaptures.set(record.id, captureBaseline(record.id, trigger, deps));
        }
        store.schedule(record.id, OUTCOME_TIMEOUT_MS);
      }
      return record;
    },

    async pageOutcome(tabId, origin, outcome) {
      const record = store.forTab(tabId, origin);
      if (!record || record.phase !== 'waiting-for-reload') return;
      const passed = { ...record, outcome };
      if (outcome.step === 'configtest' && outcome.ok) {
        // The reload has not started yet: keep waiting for reconfigure.
        await store.update(passed);
        return;
      }
      if (!outcome.ok) {
        const failure =
          outcome.step === 'configtest'
            ? 'configtest-failed'
            : outcome.step === 'reconfigure'
              ? 'reload-failed'
              : 'action-failed';
        // The report comes from the page's world, where any script can send one: it ends no
        // check before one look at the firewall, which the panel shows with it (observeOnce).
        await lookSoon({ ...passed, failure });
        return;
      }
      await lookSoon(passed);
    },

    async lookNow(tabId, origin) {
      const record = store.forTab(tabId, origin);
      if (record?.phase === 'waiting-for-reload') await lookSoon(record);
    },

    async recheck(record) {
      store.hold(record);
      attempts.set(record.id, { retries: 0, notReloaded: 0 });
      await store.update(record);
      store.schedule(record.id, 0);
    },

    async observe(id) {
      if (observing.has(id)) return;
      const initial = store.get(id);
      if (!initial || initial.phase === 'done' || initial.phase === 'remediating') return;
      observing.add(id);
      try {
        // Access can be revoked at any time (options, browser settings): no look without it.
        if (!(await deps.stillEnabled(initial.origin))) {
          await store.dismiss(id);
          return;
        }
        if (initial.phase === 'waiting-for-reload') {
          // Reached only by the outcome timeout: the page never said; look anyway.
          await store.update({ ...initial, phase: 'observing' });
        }
        await baselineCaptures.get(id);
        baselineCaptures.delete(id);
        await observeOnce(id);
      } finally {
        observing.delete(id);
      }
    },

    forget(id) {
      attempts.delete(id);
    },
  };
}
