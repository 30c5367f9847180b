/**
 * The checks, composed: the store that holds, publishes and times them (check-store.ts), the
 * look-and-retry policy (observation-loop.ts) and the restart around a check
 * (remediation/remediation-coordinator.ts). This file only wires them and is the one interface
 * the messenger, the reload sources, the page-open look and the watch use. Browser-free: storage,
 * timers, clock and the API client are passed in, so the whole flow runs in unit tests with fakes.
 */
import type { CheckRecord } from '../../shared/check-state.ts';
import type { Timers } from '../../shared/timers.ts';
import type { ClientFor } from './check-client.ts';
import {
  createRemediationCoordinator,
  type RemediationCoordinator,
} from '../remediation/remediation-coordinator.ts';
import type { JournalStore, RemediationJournal } from '../remediation/remediation-journal.ts';
import { createCheckStore, type CheckStore } from './check-store.ts';
import { createObservationLoop, type ObservationLoop } from './observation-loop.ts';

export interface CheckRunnerDeps extends Timers {
  readonly clientFor: ClientFor;
  now(): number;
  /** Stores the record and tells the tab, the badge and the popup. */
  publish(record: CheckRecord): Promise<void>;
  /** Called once when a check reaches its final state. */
  finished(record: CheckRecord): Promise<void>;
  defaultDrainWindowMs(): Promise<number>;
  newId(): string;
  /** Deletes a stored check: called on every path that drops one, so none comes back on resume. */
  forget(id: string): Promise<void>;
  /** Whether the admin still grants access to this firewall; asked before every look. */
  stillEnabled(origin: string): Promise<boolean>;
  /** Where a remediation notes each step before it acts (storage.local). */
  readonly journal: JournalStore;
  /**
   * The CSRF token of an open HAProxy page of the firewall (that tab's first), for a POST whose
   * click token is gone: a run resumed after the service worker or the browser restarted.
   */
  csrfTokenFor(origin: string, tabId: number | null): Promise<string | null>;
}

export interface CheckRunner
  extends
    Pick<CheckStore, 'get' | 'forTab' | 'forOrigin' | 'all' | 'adopt'>,
    Pick<ObservationLoop, 'begin' | 'pageOutcome' | 'lookNow'>,
    Pick<RemediationCoordinator, 'journaledOrigins' | 'forgetFirewall'> {
  /**
   * Drops a check unless a remediation is running on it, and forgets its restart journal: a
   * dismissed restart is never finished later.
   */
  dismiss(id: string): Promise<void>;
  /**
   * Picks up checks stored before the service worker was stopped: unfinished ones are looked at
   * again at once. A remediation is taken up from its journal (which outlives the browser); one
   * without a journal is checked rather than repeated.
   */
  resume(records: readonly CheckRecord[], journals?: readonly RemediationJournal[]): void;
  /**
   * The tab loaded a page. After a successful Apply the page reloads itself 300 ms after
   * reconfigure answered "ok", so a reload while waiting means the reload was applied. An
   * unfinished remediation of the firewall is shown on this page, and its journal taken up with
   * this page's session (one cut off by an error only looked at again).
   */
  tabReloaded(tabId: number, origin: string): Promise<CheckRecord | null>;
  /**
   * "Restart HAProxy": stop (which ends every haproxy process on OPNsense), wait until none is
   * left, start, and check again. Runs only for a click; one at a time per firewall.
   */
  remediate(id: string, csrfToken: string | null): Promise<boolean>;
  /** "Start HAProxy" after a `stopped` verdict or a remediation that stopped short: start, check. */
  startHaproxy(id: string, csrfToken: string | null): Promise<boolean>;
}

export function createCheckRunner(deps: CheckRunnerDeps): CheckRunner {
  const store = createCheckStore({
    ...deps,
    due: (id) => void loop.observe(id),
    dropped: (id) => {
      loop.forget(id);
    },
  });
  const remediation = createRemediationCoordinator({
    ...deps,
    store,
    recheck: (record) => loop.recheck(record),
  });
  const loop = createObservationLoop({
    ...deps,
    store,
    // Looks only read: no page token.
    clientFor: (record) => deps.clientFor(record.origin, null, record.trigger),
    finish: (record) => remediation.finish(record),
  });

  return {
    get: (id) => store.get(id),
    forTab: (tabId, origin) => store.forTab(tabId, origin),
    forOrigin: (origin) => store.forOrigin(origin),
    all: () => store.all(),
    adopt: (id, tabId) => store.adopt(id, tabId),
    async dismiss(id) {
      await store.dismiss(id);
      if (!store.get(id)) await remediation.dismissed(id);
    },
    journaledOrigins: () => remediation.journaledOrigins(),
    forgetFirewall: (origin) => remediation.forgetFirewall(origin),
    begin: (origin, tabId, trigger, actionUnderWay, clickedOn) =>
      loop.begin(origin, tabId, trigger, actionUnderWay, clickedOn),
    pageOutcome: (tabId, origin, outcome) => loop.pageOutcome(tabId, origin, outcome),
    lookNow: (tabId, origin) => loop.lookNow(tabId, origin),

    resume(records, journals = []) {
      const journaled = new Set(journals.map((journal) => journal.checkId));
      for (const stored of records) {
        if (store.get(stored.id)) continue;
        let record = stored;
        if (record.phase === 'remediating' && journaled.has(record.id)) {
          store.hold(record);
          continue;
        }
        if (record.phase === 'remediating') {
          record = {
            ...record,
            phase: 'observing',
            remediation: record.remediation && { ...record.remediation, step: 'checking' },
          };
        }
        store.hold(record);
        if (record.phase !== 'done') store.schedule(record.id, 0);
      }
      remediation.resume(journals);
    },

    async tabReloaded(tabId, origin) {
      await remediation.pageOpened(origin, tabId);
      await loop.lookNow(tabId, origin);
      return store.forTab(tabId, origin);
    },

    remediate: (id, csrfToken) => remediation.click(id, 'restart', csrfToken),
    startHaproxy: (id, csrfToken) => remediation.click(id, 'start', csrfToken),
  };
}
