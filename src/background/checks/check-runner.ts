/**
 * Runs the checks: takes the baseline when the admin clicks, follows what the page reports, reads
 * the firewall, asks the verdict engine, and decides when to look again. Browser-free: storage,
 * timers, clock and the API client are passed in, so the whole flow runs in unit tests with fakes.
 */
import type { Baseline, CheckTrigger, Verdict } from '../../core/model.ts';
import { readsConfigDiff } from '../../core/config-diff.ts';
import { decideVerdict, isFinal } from '../../core/verdict.ts';
import { currentPidOf } from '../../core/verdict-pids.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import type { OpnsenseErrorKind } from '../../opnsense/errors.ts';
import type {
  CheckRecord,
  PageOutcome,
  RemediationKind,
  RemediationState,
} from '../../shared/check-state.ts';
import { isUnrequested } from '../../shared/unrequested-look.ts';
import { restartAllowedFor, startAllowedFor } from './check-access.ts';
import {
  beginRemediation,
  driveRemediation,
  noteObservation,
  resumeDecision,
  settleRemediation,
  toCheckError,
  type RemediationEnd,
} from '../remediation/remediation.ts';
import type { JournalStore, RemediationJournal } from '../remediation/remediation-journal.ts';

export { toCheckError } from '../remediation/remediation.ts';

export interface CheckRunnerDeps {
  /**
   * The API client for a firewall; `csrfToken` comes from the page for POSTs in session mode.
   * `trigger` says what the calls are for: the watch's must never use the GUI session.
   */
  clientFor(
    origin: string,
    csrfToken: string | null,
    trigger: CheckTrigger,
  ): Promise<OpnsenseClient>;
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
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

/**
 * A baseline process list counts only if it answered this soon after the click: `top` samples
 * for 1–2 s on a real firewall, and a list that straddles the reload would name the new process
 * as one from before. Apply's configtest usually takes longer than this, Save-and-apply may not.
 */
export const BASELINE_LIST_MAX_MS = 1_500;
/** If the page never reports the outcome of Apply (page JS changed, tab closed), look anyway. */
export const OUTCOME_TIMEOUT_MS = 60_000;
/** A second look before calling a reload "not done", in case configd was still busy. */
export const NOT_RELOADED_CONFIRM_MS = 2_000;
/** Tries for answers that may be passing: timeouts, 5xx, garbled JSON, racing snapshots. */
export const RETRY_LIMIT = 3;
export const RETRY_DELAY_MS = 2_000;
/** Errors that no retry will fix: the admin has to act. */
const PERMANENT_ERRORS: ReadonlySet<OpnsenseErrorKind> = new Set([
  'session-expired',
  'forbidden',
  'csrf-rejected',
  'api-key-rejected',
  'not-installed',
  'certificate',
  'redirected',
]);

/** Polling while an old process drains: often at first (most are gone in < 1 s), then less. */
export function drainingDelayMs(elapsedMs: number, untilDeadlineMs: number): number {
  const interval = elapsedMs < 10_000 ? 1_000 : elapsedMs < 60_000 ? 2_000 : 5_000;
  return Math.max(250, Math.min(interval, untilDeadlineMs + 250));
}

interface Attempts {
  retries: number;
  notReloaded: number;
}

export class CheckRunner {
  private readonly records = new Map<string, CheckRecord>();
  private readonly timers = new Map<string, unknown>();
  private readonly attempts = new Map<string, Attempts>();
  private readonly baselineCaptures = new Map<string, Promise<void>>();
  private readonly observing = new Set<string>();
  private readonly remediatingOrigins = new Set<string>();
  /** Journals of remediations not finished, by origin (mirrors storage.local). */
  private readonly journals = new Map<string, RemediationJournal>();

  constructor(private readonly deps: CheckRunnerDeps) {}

  get(id: string): CheckRecord | undefined {
    return this.records.get(id);
  }

  /**
   * The newest check of this firewall on this tab. Both, because a tab can move from one
   * firewall to another: firewall B's page must never see (or end) firewall A's check.
   */
  forTab(tabId: number, origin: string): CheckRecord | null {
    let newest: CheckRecord | null = null;
    for (const record of this.records.values()) {
      if (
        record.tabId === tabId &&
        record.origin === origin &&
        (newest === null || record.startedAt > newest.startedAt)
      ) {
        newest = record;
      }
    }
    return newest;
  }

  /** The newest check of a firewall, on any tab. */
  forOrigin(origin: string): CheckRecord | null {
    let newest: CheckRecord | null = null;
    for (const record of this.records.values()) {
      if (record.origin === origin && (newest === null || record.startedAt > newest.startedAt)) {
        newest = record;
      }
    }
    return newest;
  }

  all(): CheckRecord[] {
    return [...this.records.values()];
  }

  /**
   * Picks up checks stored before the service worker was stopped: unfinished ones are looked at
   * again at once. A remediation is taken up from its journal (which outlives the browser); one
   * without a journal is checked rather than repeated.
   */
  resume(records: readonly CheckRecord[], journals: readonly RemediationJournal[] = []): void {
    const journaled = new Set(journals.map((journal) => journal.checkId));
    for (const stored of records) {
      if (this.records.has(stored.id)) continue;
      let record = stored;
      if (record.phase === 'remediating' && journaled.has(record.id)) {
        this.records.set(record.id, record);
        continue;
      }
      if (record.phase === 'remediating') {
        record = {
          ...record,
          phase: 'observing',
          remediation: record.remediation && { ...record.remediation, step: 'checking' },
        };
      }
      this.records.set(record.id, record);
      if (record.phase !== 'done') this.schedule(record.id, 0);
    }
    for (const journal of journals) {
      this.journals.set(journal.origin, journal);
      void this.resumeJournal(journal);
    }
  }

  /**
   * The admin clicked Apply, Restart or Start: record the state before the action runs. When the
   * action's request is already on its way (`actionUnderWay`, seen by request-follower.ts), any
   * PID read now may already be the new process's: the baseline then holds the time only, and
   * the verdict judges the new process by its start time.
   */
  async begin(
    origin: string,
    tabId: number | null,
    trigger: CheckTrigger,
    actionUnderWay = false,
  ): Promise<CheckRecord> {
    // Replaced at once, forgotten in storage below: a second click meanwhile replaces this one.
    const replaced = this.supersedeTab(tabId, origin);
    const now = this.deps.now();
    // Nothing is about to change on the firewall: look at once, with no baseline.
    const observeAtOnce = trigger === 'manual' || isUnrequested(trigger);
    const record: CheckRecord = {
      id: this.deps.newId(),
      origin,
      tabId,
      trigger,
      startedAt: now,
      phase: observeAtOnce ? 'observing' : 'waiting-for-reload',
      baseline: observeAtOnce ? null : { trigger, takenAt: now, pids: null, currentPid: null },
      outcome: null,
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
    this.records.set(record.id, record);
    this.attempts.set(record.id, { retries: 0, notReloaded: 0 });
    await replaced;
    await this.deps.publish(record);
    if (observeAtOnce) {
      this.schedule(record.id, 0);
    } else {
      if (!actionUnderWay) {
        this.baselineCaptures.set(record.id, this.captureBaseline(record.id, trigger));
      }
      this.schedule(record.id, OUTCOME_TIMEOUT_MS);
    }
    return record;
  }

  /** What the page's own request answered. */
  async pageOutcome(tabId: number, origin: string, outcome: PageOutcome): Promise<void> {
    const record = this.forTab(tabId, origin);
    if (!record || record.phase !== 'waiting-for-reload') return;
    const passed = { ...record, outcome };
    if (outcome.step === 'configtest' && outcome.ok) {
      // The reload has not started yet: keep waiting for reconfigure.
      await this.update(passed);
      return;
    }
    if (!outcome.ok) {
      const failure =
        outcome.step === 'configtest'
          ? 'configtest-failed'
          : outcome.step === 'reconfigure'
            ? 'reload-failed'
            : 'action-failed';
      // The report comes from the page's world, where any script can send one: it ends no check
      // before one look at the firewall, which the panel shows with it (observeOnce).
      await this.update({ ...passed, failure, phase: 'observing' });
      this.schedule(record.id, 0);
      return;
    }
    await this.update({ ...passed, phase: 'observing' });
    this.schedule(record.id, 0);
  }

  /**
   * The tab loaded a page. After a successful Apply the page reloads itself 300 ms after
   * reconfigure answered "ok", so a reload while waiting means the reload was applied. An
   * unfinished remediation of the firewall is shown on this page, and one cut off by an error
   * is tried again with this page's session.
   */
  async tabReloaded(tabId: number, origin: string): Promise<CheckRecord | null> {
    await this.remediationPageOpened(origin, tabId);
    await this.lookNow(tabId, origin);
    return this.forTab(tabId, origin);
  }

  /** The action the tab's check waits for has ended without a readable outcome: look now. */
  async lookNow(tabId: number, origin: string): Promise<void> {
    const record = this.forTab(tabId, origin);
    if (record?.phase === 'waiting-for-reload') {
      await this.update({ ...record, phase: 'observing' });
      this.schedule(record.id, 0);
    }
  }

  /**
   * Shows a check on another tab: the HAProxy page that opened after the check was made where no
   * panel runs (System › Services, the dashboard, the watch). Its buttons then act for that tab.
   * `null`: its tab was closed, and the check waits for the next HAProxy page of its firewall.
   */
  async adopt(id: string, tabId: number | null): Promise<CheckRecord | null> {
    const record = this.records.get(id);
    if (!record) return null;
    return this.update({ ...record, tabId });
  }

  async dismiss(id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record || record.phase === 'remediating') return;
    this.cancelTimer(id);
    this.records.delete(id);
    this.attempts.delete(id);
    await this.deps.forget(id);
    if (record.phase !== 'done') await this.deps.finished(record);
  }

  /**
   * "Restart HAProxy": stop (which ends every haproxy process on OPNsense), wait until none is
   * left, start, and check again. Runs only for a click; one at a time per firewall.
   */
  remediate(id: string, csrfToken: string | null): Promise<boolean> {
    return this.click(id, 'restart', csrfToken);
  }

  /** "Start HAProxy" after a `stopped` verdict or a remediation that stopped short: start, check. */
  startHaproxy(id: string, csrfToken: string | null): Promise<boolean> {
    return this.click(id, 'start', csrfToken);
  }

  private async click(id: string, kind: RemediationKind, csrfToken: string | null) {
    const record = this.records.get(id);
    // Whoever asks (see check-access.ts), the check itself must call for this action.
    const allowed = kind === 'restart' ? restartAllowedFor : startAllowedFor;
    if (!record || !allowed(record) || this.remediatingOrigins.has(record.origin)) return false;
    this.cancelTimer(id);
    const state = beginRemediation(kind, this.deps.now(), record.stopSettings);
    await this.runRemediation(record, state, currentPidOf(record.verdict), csrfToken);
    return true;
  }

  /** Takes up a journal found at start-up or on a page load, as resumeDecision says. */
  private async resumeJournal(journal: RemediationJournal): Promise<void> {
    if (this.remediatingOrigins.has(journal.origin)) return;
    const existing = this.records.get(journal.checkId);
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
    this.records.set(record.id, record);
    const state = journal.remediation;
    switch (resumeDecision(state, journal.aliveAt, this.deps.now())) {
      case 'follow':
        await this.runRemediation(
          record,
          { ...state, interruption: 'finished' },
          journal.currentPidBefore,
          null,
        );
        return;
      case 'ask':
        await this.verifyRemediation(
          record,
          { ...state, step: 'checking', interruption: 'left-to-admin' },
          journal.currentPidBefore,
        );
        return;
      case 'check': {
        const nothingSent = state.stopSentAt === null && state.startSentAt === null;
        await this.verifyRemediation(
          record,
          nothingSent ? null : { ...state, step: 'checking' },
          journal.currentPidBefore,
        );
        if (nothingSent) await this.forgetJournal(journal.origin);
      }
    }
  }

  private async remediationPageOpened(origin: string, tabId: number): Promise<void> {
    for (const record of this.records.values()) {
      const shown =
        record.tabId === null ||
        record.phase !== 'done' ||
        record.remediation?.step === 'stopped' ||
        record.remediation?.step === 'cut-off';
      if (record.origin === origin && record.remediation && shown && record.tabId !== tabId) {
        await this.update({ ...record, tabId });
      }
    }
    const journal = this.journals.get(origin);
    if (journal && !this.remediatingOrigins.has(origin)) {
      void this.resumeJournal({ ...journal, tabId });
    }
  }

  /**
   * Runs the step machine for one click (or a resumed one): each step is journaled, then shown;
   * its end becomes a check of the result, or the final state.
   */
  private async runRemediation(
    before: CheckRecord,
    initial: RemediationState,
    currentPidBefore: number | null,
    csrfToken: string | null,
  ): Promise<void> {
    const { id, origin } = before;
    this.remediatingOrigins.add(origin);
    try {
      await this.update({
        ...before,
        phase: 'remediating',
        remediation: initial,
        error: null,
        nextObservationAt: null,
      });
      let end: RemediationEnd;
      try {
        const token = csrfToken ?? (await this.deps.csrfTokenFor(origin, before.tabId));
        const client = await this.deps.clientFor(origin, token, 'remediation');
        end = await driveRemediation(initial, {
          client: {
            processes: () => this.counted(id, client.processes(), 1),
            serviceAction: (action, options) =>
              this.counted(id, client.serviceAction(action, options), 0),
          },
          stopSettings: before.stopSettings,
          now: () => this.deps.now(),
          setTimer: (callback, delayMs) => this.deps.setTimer(callback, delayMs),
          clearTimer: (handle) => {
            this.deps.clearTimer(handle);
          },
          save: async (state) => {
            const latest = this.records.get(id) ?? before;
            await this.saveJournal({
              version: 1,
              checkId: id,
              origin,
              tabId: latest.tabId,
              aliveAt: this.deps.now(),
              stopSettings: latest.stopSettings,
              currentPidBefore,
              remediation: state,
            });
            await this.update({ ...latest, remediation: state });
          },
        });
      } catch (error) {
        // clientFor or the journal failed before anything reached the firewall.
        end = { kind: 'failed', state: { ...initial, step: 'failed', error: toCheckError(error) } };
      }
      const latest = this.records.get(id) ?? before;
      if (end.kind === 'check') {
        await this.verifyRemediation(latest, end.state, currentPidBefore);
      } else if (end.kind === 'failed') {
        await this.finish({ ...latest, remediation: end.state });
      } else {
        // The journal keeps the last step that acted, for the next run to finish.
        await this.finish({ ...latest, remediation: { ...end.state, step: 'cut-off' } });
      }
    } finally {
      this.remediatingOrigins.delete(origin);
    }
  }

  /** After start (or instead of it): a fresh check against the PIDs from before the click. */
  private async verifyRemediation(
    record: CheckRecord,
    remediation: RemediationState | null,
    currentPidBefore: number | null,
  ): Promise<void> {
    const baseline: Baseline = {
      trigger: 'remediation',
      takenAt: remediation?.startedAt ?? this.deps.now(),
      pids: remediation?.pidsBefore ?? null,
      currentPid: currentPidBefore,
    };
    const checking: CheckRecord = {
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
    };
    this.records.set(checking.id, checking);
    this.attempts.set(checking.id, { retries: 0, notReloaded: 0 });
    await this.update(checking);
    this.schedule(checking.id, 0);
  }

  private async saveJournal(journal: RemediationJournal): Promise<void> {
    this.journals.set(journal.origin, journal);
    await this.deps.journal.save(journal);
  }

  private async forgetJournal(origin: string): Promise<void> {
    this.journals.delete(origin);
    await this.deps.journal.clear(origin);
  }

  private async counted<T>(id: string, call: Promise<T>, processLists: number): Promise<T> {
    try {
      return await call;
    } finally {
      const latest = this.records.get(id);
      if (latest) await this.count(latest, processLists, 1);
    }
  }

  private async captureBaseline(id: string, trigger: CheckTrigger): Promise<void> {
    const record = this.records.get(id);
    if (!record) return;
    let client: OpnsenseClient;
    try {
      client = await this.deps.clientFor(record.origin, null, record.trigger);
    } catch {
      return;
    }
    // An answer counts only if it arrived before the action could have changed anything:
    // for Apply that is until configtest has answered (reconfigure starts after it); the service
    // buttons act at once, and only the fast statistics call can beat them.
    const stillBefore = () => {
      const current = this.records.get(id);
      return current?.phase === 'waiting-for-reload' && current.outcome === null;
    };
    // Every call is counted, also one whose answer comes too late to be used.
    const counted = <T>(call: Promise<T>, processLists: number) =>
      call.finally(async () => {
        const latest = this.records.get(id);
        if (latest) await this.count(latest, processLists, 1);
      });
    const info = counted(client.currentProcess(), 0).then(
      async (current) => {
        if (!stillBefore()) return;
        const latest = this.records.get(id);
        if (latest?.baseline) {
          await this.update({
            ...latest,
            baseline: { ...latest.baseline, currentPid: current?.pid ?? null },
          });
        }
      },
      () => undefined,
    );
    const list =
      trigger === 'apply'
        ? counted(client.processes(), 1).then(
            async (picture) => {
              const latest = this.records.get(id);
              const tooLate = latest
                ? this.deps.now() - latest.startedAt > BASELINE_LIST_MAX_MS
                : true;
              if (!stillBefore() || tooLate) return;
              if (latest?.baseline) {
                await this.update({
                  ...latest,
                  baseline: { ...latest.baseline, pids: picture.processes.map((p) => p.pid) },
                });
              }
            },
            () => undefined,
          )
        : Promise.resolve();
    await Promise.all([info, list]);
  }

  private async observe(id: string): Promise<void> {
    if (this.observing.has(id)) return;
    const initial = this.records.get(id);
    if (!initial || initial.phase === 'done' || initial.phase === 'remediating') return;
    this.observing.add(id);
    try {
      // Access can be revoked at any time (options, browser settings): no look without it.
      if (!(await this.deps.stillEnabled(initial.origin))) {
        await this.dismiss(id);
        return;
      }
      if (initial.phase === 'waiting-for-reload') {
        // Reached only by the outcome timeout: the page never said; look anyway.
        await this.update({ ...initial, phase: 'observing' });
      }
      await this.baselineCaptures.get(id);
      this.baselineCaptures.delete(id);
      await this.observeOnce(id);
    } finally {
      this.observing.delete(id);
    }
  }

  private async observeOnce(id: string): Promise<void> {
    let record = this.records.get(id);
    if (!record) return;
    const attempts = this.attempts.get(id) ?? { retries: 0, notReloaded: 0 };
    this.attempts.set(id, attempts);
    let verdict: Verdict;
    try {
      const client = await this.deps.clientFor(record.origin, null, record.trigger);
      const settingsCall = record.stopSettings ? null : client.stopSettings();
      // #17 (port as one piece): after a reload, start or restart the extension followed, the
      // same look reads export/diff, so no clean verdict comes before it (core/config-diff.ts).
      const diffCall = readsConfigDiff(record.trigger, record.remediation?.step === 'checking')
        ? client.undeployedChanges()
        : null;
      const [picture, current, status, fetchedSettings, undeployedChanges] = await Promise.all([
        client.processes(),
        client.currentProcess(),
        client.serviceStatus(),
        settingsCall,
        diffCall,
      ]);
      const stopSettings = fetchedSettings ?? record.stopSettings;
      record = this.records.get(id);
      if (!record || !stopSettings) return;
      record = await this.count(record, 1, (settingsCall ? 4 : 3) + (diffCall ? 1 : 0));
      const now = this.deps.now();
      verdict = decideVerdict({
        baseline: record.baseline,
        observation: { at: now, picture, current, status, stopSettings },
        now,
        defaultDrainWindowMs: await this.deps.defaultDrainWindowMs(),
        undeployedChanges,
      });
      const remediation =
        record.remediation?.step === 'checking'
          ? noteObservation(record.remediation, verdict, now)
          : record.remediation;
      record = { ...record, stopSettings, verdict, verdictAt: now, error: null, remediation };
    } catch (error) {
      const latest = this.records.get(id);
      if (!latest) return;
      const checkError = toCheckError(error);
      const mayRetry = !isUnrequested(latest.trigger) && !PERMANENT_ERRORS.has(checkError.kind);
      if (mayRetry && attempts.retries < RETRY_LIMIT - 1) {
        attempts.retries += 1;
        await this.update({ ...latest, error: checkError });
        this.schedule(id, RETRY_DELAY_MS);
      } else {
        await this.finish({ ...latest, error: checkError });
      }
      return;
    }

    if (record.failure || isUnrequested(record.trigger)) {
      // The page reported a failure: this one look is what the panel shows with it. A look
      // nobody asked for is one look too (shared/unrequested-look.ts).
      await this.finish(record);
      return;
    }
    if (verdict.kind === 'not-reloaded' && attempts.notReloaded === 0) {
      attempts.notReloaded = 1;
      await this.update(record);
      this.schedule(id, NOT_RELOADED_CONFIRM_MS);
      return;
    }
    if (verdict.kind === 'draining') {
      const now = this.deps.now();
      await this.update(record);
      this.schedule(id, drainingDelayMs(now - record.startedAt, verdict.deadline - now));
      return;
    }
    if (!isFinal(verdict) && attempts.retries < RETRY_LIMIT - 1) {
      attempts.retries += 1;
      await this.update(record);
      this.schedule(id, RETRY_DELAY_MS);
      return;
    }
    await this.finish(record);
  }

  private async finish(record: CheckRecord): Promise<void> {
    this.cancelTimer(record.id);
    const remediation =
      record.remediation && settleRemediation(record.remediation, record.verdict, record.verdictAt);
    const done: CheckRecord = { ...record, phase: 'done', remediation, nextObservationAt: null };
    await this.update(done);
    // The journal goes once the firewall's state is known; a cut-off run leaves it for the next.
    if (record.remediation && remediation?.step !== 'cut-off') {
      if (this.journals.get(record.origin)?.checkId === record.id) {
        await this.forgetJournal(record.origin);
      }
    }
    await this.deps.finished(done);
  }

  private async update(record: CheckRecord): Promise<CheckRecord> {
    if (!this.records.has(record.id)) return record;
    this.records.set(record.id, record);
    await this.deps.publish(record);
    return record;
  }

  private async count(record: CheckRecord, processLists: number, calls: number) {
    const latest = this.records.get(record.id) ?? record;
    return this.update({
      ...latest,
      processListCalls: latest.processListCalls + processLists,
      apiCalls: latest.apiCalls + calls,
    });
  }

  private schedule(id: string, delayMs: number): void {
    this.cancelTimer(id);
    const record = this.records.get(id);
    if (record) {
      this.records.set(id, { ...record, nextObservationAt: this.deps.now() + delayMs });
    }
    this.timers.set(
      id,
      this.deps.setTimer(() => {
        this.timers.delete(id);
        void this.observe(id);
      }, delayMs),
    );
  }

  private cancelTimer(id: string): void {
    const handle = this.timers.get(id);
    if (handle !== undefined) this.deps.clearTimer(handle);
    this.timers.delete(id);
  }

  /**
   * A new action on a tab replaces the check that tab was showing for the same firewall (a
   * check of another firewall the tab showed before runs on, for that firewall).
   */
  private async supersedeTab(tabId: number | null, origin: string): Promise<void> {
    // Checks of no tab are the watch's: a new look replaces the finished ones of that firewall.
    const replaced = [...this.records.values()].filter(
      (record) =>
        record.tabId === tabId &&
        record.origin === origin &&
        record.phase !== 'remediating' &&
        (tabId !== null || (record.phase === 'done' && record.remediation === null)),
    );
    for (const record of replaced) {
      this.cancelTimer(record.id);
      this.records.delete(record.id);
      this.attempts.delete(record.id);
    }
    await Promise.all(replaced.map((record) => this.deps.forget(record.id)));
  }
}
