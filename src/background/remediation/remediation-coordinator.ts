/**
 * The restart around a check: which click may start one (one per firewall at a time), running the
 * step machine with each step journaled and shown, verifying its result with a fresh check, and
 * taking up a journal left by a run that was cut off (worker or browser restart, expired session),
 * and forgetting it when the admin dismisses the check or revokes the firewall's access. Also ends
 * every check, since ending one settles its remediation and its journal.
 */
import type { Baseline } from '../../core/model.ts';
import { currentPidOf } from '../../core/verdict-pids.ts';
import type { CheckRecord, RemediationKind, RemediationState } from '../../shared/check-state.ts';
import type { Timers } from '../../shared/timers.ts';
import type { ClientFor } from '../checks/check-client.ts';
import { toCheckError } from '../checks/check-error.ts';
import { restartAllowedFor, startAllowedFor } from '../checks/check-access.ts';
import type { CheckStore } from '../checks/check-store.ts';
import { driveRemediation, type RemediationEnd } from './remediation-drive.ts';
import type { JournalStore, RemediationJournal } from './remediation-journal.ts';
import { beginRemediation, resumeDecision, settleRemediation } from './remediation.ts';

export interface RemediationCoordinatorDeps extends Timers {
  readonly store: CheckStore;
  readonly clientFor: ClientFor;
  now(): number;
  /** Where a remediation notes each step before it acts (storage.local). */
  readonly journal: JournalStore;
  /**
   * The CSRF token of an open HAProxy page of the firewall (that tab's first), for a POST whose
   * click token is gone: a run resumed after the service worker or the browser restarted.
   */
  csrfTokenFor(origin: string, tabId: number | null): Promise<string | null>;
  /** Whether the admin still grants access to this firewall: no journal is taken up without it. */
  stillEnabled(origin: string): Promise<boolean>;
  /** Holds the record as a fresh check and looks at once (observation-loop.ts). */
  recheck(record: CheckRecord): Promise<void>;
  /** Called once when a check reaches its final state. */
  finished(record: CheckRecord): Promise<void>;
}

export interface RemediationCoordinator {
  /**
   * A click on "Restart HAProxy" (stop, wait until none is left, start, check again) or "Start
   * HAProxy" (start, check). False when the check does not call for it or the firewall already
   * has one running.
   */
  click(id: string, kind: RemediationKind, csrfToken: string | null): Promise<boolean>;
  /** Ends a check: its remediation settled by the verdict, its journal gone once that is known. */
  finish(record: CheckRecord): Promise<void>;
  /** Takes up journals found at start-up, as resumeDecision says. */
  resume(journals: readonly RemediationJournal[]): void;
  /**
   * A HAProxy page of the firewall loaded on `tabId`: an unfinished remediation of the firewall
   * is shown there, and its journal taken up (one cut off by an error only looked at again).
   */
  pageOpened(origin: string, tabId: number): Promise<void>;
  /**
   * The admin dismissed check `id`: a journal of it goes, so no later page load or worker start
   * finishes a restart the admin set aside (or a stop the admin made since, on purpose).
   */
  dismissed(id: string): Promise<void>;
  /** The firewalls with a journal, for revoked-access.ts. */
  journaledOrigins(): string[];
  /** Access to the firewall was revoked: its journal goes (a run under way is not stopped). */
  forgetFirewall(origin: string): Promise<void>;
}

export function createRemediationCoordinator(
  deps: RemediationCoordinatorDeps,
): RemediationCoordinator {
  const { store } = deps;
  const running = new Set<string>();
  /** Journals of remediations not finished, by origin (mirrors storage.local). */
  const journals = new Map<string, RemediationJournal>();

  const saveJournal = async (journal: RemediationJournal) => {
    journals.set(journal.origin, journal);
    await deps.journal.save(journal);
  };

  const forgetJournal = async (origin: string) => {
    journals.delete(origin);
    await deps.journal.clear(origin);
  };

  const finish = async (record: CheckRecord): Promise<void> => {
    store.cancel(record.id);
    const remediation =
      record.remediation && settleRemediation(record.remediation, record.verdict, record.verdictAt);
    const done: CheckRecord = { ...record, phase: 'done', remediation, nextObservationAt: null };
    await store.update(done);
    // The journal goes once the firewall's state is known; a cut-off run leaves it for the next.
    if (record.remediation && remediation?.step !== 'cut-off') {
      if (journals.get(record.origin)?.checkId === record.id) await forgetJournal(record.origin);
    }
    await deps.finished(done);
  };

  /** After start (or instead of it): a fresh check against the PIDs from before the click. */
  const verify = (
    record: CheckRecord,
    remediation: RemediationState | null,
    currentPidBefore: number | null,
  ): Promise<void> => {
    const baseline: Baseline = {
      trigger: 'remediation',
      takenAt: remediation?.startedAt ?? deps.now(),
      pids: remediation?.pidsBefore ?? null,
      currentPid: currentPidBefore,
    };
    return deps.recheck({
      ...record,
      trigger: 'remediation',
      phase: 'observing',
      baseline,
      verdict: null,
      verdictAt: null,
      failure: null,
      outcome: null,
      error: null,
      remediation,
    });
  };

  /**
   * Runs the step machine for one click (or a resumed one): each step is journaled, then shown;
   * its end becomes a check of the result, or the final state.
   */
  const run = async (
    before: CheckRecord,
    initial: RemediationState,
    currentPidBefore: number | null,
    csrfToken: string | null,
  ): Promise<void> => {
    const { id, origin } = before;
    running.add(origin);
    try {
      await store.update({
        ...before,
        phase: 'remediating',
        remediation: initial,
        error: null,
        nextObservationAt: null,
      });
      let end: RemediationEnd;
      try {
        const token = csrfToken ?? (await deps.csrfTokenFor(origin, before.tabId));
        const client = await deps.clientFor(origin, token, 'remediation');
        end = await driveRemediation(initial, {
          client: {
            processes: () => store.counted(id, client.processes(), 1),
            serviceAction: (action, options) =>
              store.counted(id, client.serviceAction(action, options), 0),
          },
          stopSettings: before.stopSettings,
          now: () => deps.now(),
          setTimer: deps.setTimer,
          clearTimer: deps.clearTimer,
          save: async (state) => {
            const latest = store.get(id) ?? before;
            await saveJournal({
              version: 1,
              checkId: id,
              origin,
              tabId: latest.tabId,
              aliveAt: deps.now(),
              stopSettings: latest.stopSettings,
              currentPidBefore,
              remediation: state,
            });
            await store.update({ ...latest, remediation: state });
          },
        });
      } catch (error) {
        // clientFor or the journal failed before anything reached the firewall.
        end = { kind: 'failed', state: { ...initial, step: 'failed', error: toCheckError(error) } };
      }
      const latest = store.get(id) ?? before;
      if (end.kind === 'check') {
        await verify(latest, end.state, currentPidBefore);
      } else if (end.kind === 'failed') {
        await finish({ ...latest, remediation: end.state });
      } else {
        // Cut off by an error the run saw: journaled as such, so the next run only looks and
        // leaves the start to the admin (resumeDecision). The journal keeps what was sent.
        const cutOff: RemediationState = { ...end.state, step: 'cut-off' };
        const journal = journals.get(origin);
        if (journal?.checkId === id) await saveJournal({ ...journal, remediation: cutOff });
        await finish({ ...latest, remediation: cutOff });
      }
    } finally {
      running.delete(origin);
    }
  };

  /** Takes up a journal found at start-up or on a page load, as resumeDecision says. */
  const resumeJournal = async (journal: RemediationJournal): Promise<void> => {
    // Access revoked while the journal waited (the worker was stopped meanwhile): never act.
    if (!(await deps.stillEnabled(journal.origin))) {
      if (!running.has(journal.origin)) await forgetJournal(journal.origin);
      return;
    }
    if (running.has(journal.origin)) return;
    // Dismissed or replaced while access was asked.
    if (journals.get(journal.origin)?.checkId !== journal.checkId) return;
    const existing = store.get(journal.checkId);
    if (existing && existing.phase !== 'done' && existing.phase !== 'remediating') return;
    const record: CheckRecord = existing ?? {
      id: journal.checkId,
      origin: journal.origin,
      tabId: journal.tabId,
      trigger: 'remediation',
      startedAt: journal.remediation.startedAt,
      phase: 'remediating',
      baseline: null,
      outcome: null,
      failure: null,
      verdict: null,
      verdictAt: null,
      error: null,
      stopSettings: journal.stopSettings,
      remediation: journal.remediation,
      nextObservationAt: null,
      processListCalls: 0,
      apiCalls: 0,
    };
    store.hold(record);
    const state = journal.remediation;
    switch (resumeDecision(state, journal.aliveAt, deps.now())) {
      case 'follow':
        await run(record, { ...state, interruption: 'finished' }, journal.currentPidBefore, null);
        return;
      case 'ask':
        await verify(
          record,
          { ...state, step: 'checking', interruption: 'left-to-admin' },
          journal.currentPidBefore,
        );
        return;
      case 'check': {
        const nothingSent = state.stopSentAt === null && state.startSentAt === null;
        await verify(
          record,
          nothingSent ? null : { ...state, step: 'checking' },
          journal.currentPidBefore,
        );
        if (nothingSent) await forgetJournal(journal.origin);
      }
    }
  };

  return {
    async click(id, kind, csrfToken) {
      const record = store.get(id);
      // Whoever asks (see check-access.ts), the check itself must call for this action.
      const allowed = kind === 'restart' ? restartAllowedFor : startAllowedFor;
      if (!record || !allowed(record) || running.has(record.origin)) return false;
      store.cancel(id);
      const state = beginRemediation(kind, deps.now(), record.stopSettings);
      await run(record, state, currentPidOf(record.verdict), csrfToken);
      return true;
    },

    finish,

    resume(found) {
      for (const journal of found) {
        journals.set(journal.origin, journal);
        void resumeJournal(journal);
      }
    },

    async pageOpened(origin, tabId) {
      for (const record of store.all()) {
        const shown =
          record.tabId === null ||
          record.phase !== 'done' ||
          record.remediation?.step === 'stopped' ||
          record.remediation?.step === 'cut-off';
        if (record.origin === origin && record.remediation && shown && record.tabId !== tabId) {
          await store.update({ ...record, tabId });
        }
      }
      const journal = journals.get(origin);
      if (journal && !running.has(origin)) void resumeJournal({ ...journal, tabId });
    },

    async dismissed(id) {
      for (const [origin, journal] of journals) {
        if (journal.checkId === id && !running.has(origin)) await forgetJournal(origin);
      }
    },

    journaledOrigins: () => [...journals.keys()],

    forgetFirewall: (origin) => forgetJournal(origin),
  };
}
