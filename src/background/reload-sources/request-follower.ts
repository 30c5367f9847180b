/**
 * Follows the GUI's reload requests from any page of an enabled firewall (the HAProxy page's
 * Apply and "Try anyway?", System › Services, the dashboard widget) by watching the requests
 * themselves with `webRequest`, observe-only: nothing is blocked, changed or read beyond the
 * URL, the method and the status. Why requests and not buttons: see reload-requests.ts.
 *
 * The browser reports only requests to hosts the admin granted, and only these paths (the
 * filter), so pages where nothing happens cost nothing. An HA restart on a master is followed on
 * its backup (ha-backup.ts): the check looks at the backup, with the backup's own credentials,
 * and its result shows on the badge of the master's tab, where the admin clicked. The extension's own calls (the
 * remediation's stop and start, from the background or the offscreen document) belong to no tab
 * and are left out.
 *
 * The ACME client's requests that restart HAProxy start no check of their own: once answered,
 * their restart is followed by the newest PID (restart-follower.ts), and a check begins when it
 * was seen.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CheckRecord } from '../../shared/check-state.ts';
import type { RateLimiter } from '../../shared/rate-limit.ts';
import type { TimerHandle, Timers } from '../../shared/timers.ts';
import type { CheckRunner } from '../checks/check-runner.ts';
import type { HaBackupLookup } from './ha-backup.ts';
import { createAcmeRequests } from './acme-requests.ts';
import {
  RELOAD_REQUEST_PATTERNS,
  formFieldsOf,
  reloadRequestFor,
  type ReloadRequest,
} from './reload-requests.ts';
import type { RestartFollower } from './restart-follower.ts';
import { sentByFirewallItself, type RequestInitiator } from './request-initiator.ts';
import { abortedByPage, nextReloadStep, type RequestEnd } from './resend-decision.ts';

/** The fields of webRequest's details this module reads (both browsers have them). */
export interface RequestDetails extends RequestInitiator {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly tabId: number;
  readonly statusCode?: number;
  /** onBeforeRequest only, with 'requestBody': the 24.x HA page's form (reload-requests.ts). */
  readonly requestBody?: Parameters<typeof formFieldsOf>[0];
  /** onErrorOccurred's reason, e.g. `net::ERR_ABORTED`. */
  readonly error?: string;
}

export interface ReloadFollowerDeps extends Timers {
  readonly runner: Pick<CheckRunner, 'forTab' | 'begin' | 'pageOutcome' | 'lookNow'>;
  /** Settles once the checks stored before a worker restart are back in the runner. */
  readonly ready: Promise<void>;
  isEnabled(origin: string): Promise<boolean>;
  /**
   * New checks per tab: the same budget a tab's clicks have (check-rate-limit.ts). A re-send
   * joins its reload's check and takes nothing from it.
   */
  readonly newChecks: RateLimiter<number>;
  /** The backup an HA restart sent to this master restarts HAProxy on (ha-backup.ts). */
  haBackup(master: string): Promise<HaBackupLookup>;
  /**
   * An HA restart was answered but no enabled firewall could be named its backup: the master's
   * tab says that the backup was restarted and how to have it checked.
   */
  backupUnknown(tabId: number, master: string, syncAddress: string | null): Promise<void>;
  /** Follows the ACME requests' restarts; without it they are not followed. */
  readonly restarts?: Pick<RestartFollower, 'follow'>;
  /** The clock an ACME request's time is read from (default `Date.now`). */
  now?(): number;
}

export interface ReloadFollower {
  sent(details: RequestDetails): Promise<CheckRecord | null>;
  answered(details: RequestDetails): Promise<void>;
  failed(details: RequestDetails): Promise<void>;
}

/**
 * One followed reload: the requests one click sent (the widget's re-sends, docs/opnsense.md §8)
 * and the check they move on.
 */
interface FollowedReload {
  readonly key: string;
  readonly tabId: number;
  readonly check: Promise<CheckRecord | null>;
  /** What `check` settled to; undefined while it is being begun. */
  began: CheckRecord | null | undefined;
  readonly open: Set<string>;
  readonly ends: RequestEnd[];
  resendTimer: TimerHandle | null;
}

export function createReloadFollower(deps: ReloadFollowerDeps): ReloadFollower {
  /**
   * Reloads whose requests have not all ended, by tab, origin and trigger, and the same by request
   * id. Set before anything is awaited, because the answer's event can arrive while the check
   * is still being begun, and a re-send while the first request is still out.
   */
  const reloads = new Map<string, FollowedReload>();
  const byRequest = new Map<string, FollowedReload>();
  /** HA restarts whose backup is unknown, by request id: told on the master's tab once ended. */
  const unknownBackups = new Map<string, { master: string; syncAddress: string | null }>();
  const acme = deps.restarts
    ? createAcmeRequests({
        restarts: deps.restarts,
        ready: deps.ready,
        isEnabled: (origin) => deps.isEnabled(origin),
        now: () => (deps.now ? deps.now() : Date.now()),
      })
    : null;

  const reloadOf = (details: RequestDetails): ReloadRequest | null => {
    const request =
      details.tabId >= 0
        ? reloadRequestFor(details.url, details.method, formFieldsOf(details.requestBody))
        : null;
    // Another website's blind POST to the firewall starts nothing (request-initiator.ts).
    return request && sentByFirewallItself(details, request.origin) ? request : null;
  };

  const beginOnBackup = async (details: RequestDetails, master: string) => {
    const lookup = await deps.haBackup(master);
    if (lookup.kind === 'unknown') {
      unknownBackups.set(details.requestId, { master, syncAddress: lookup.syncAddress });
      return null;
    }
    if (!(await deps.isEnabled(lookup.backup))) return null;
    const existing = deps.runner.forTab(details.tabId, lookup.backup);
    if (existing?.phase === 'waiting-for-reload') return null;
    if (!deps.newChecks.tryAcquire(details.tabId)) return null;
    return deps.runner.begin(lookup.backup, details.tabId, 'ha-backup', true, master);
  };

  const begin = async (details: RequestDetails, request: ReloadRequest) => {
    await deps.ready;
    if (!(await deps.isEnabled(request.origin))) return null;
    if (request.trigger === 'ha-backup') return beginOnBackup(details, request.origin);
    // Apply clicked on the HAProxy page: the content script began this check already, with a
    // baseline from before configtest, and follows the page's own answers (page-outcome.ts).
    const existing = deps.runner.forTab(details.tabId, request.origin);
    if (existing?.phase === 'waiting-for-reload') return null;
    if (!deps.newChecks.tryAcquire(details.tabId)) return null;
    return deps.runner.begin(request.origin, details.tabId, request.trigger, true);
  };

  const stillWaits = (reload: FollowedReload, check: CheckRecord) => {
    const current = deps.runner.forTab(reload.tabId, check.origin);
    return current?.id === check.id && current.phase === 'waiting-for-reload';
  };

  /** The reload's check, if it still waits for its requests' end. */
  const waitingCheck = async (reload: FollowedReload) => {
    const check = await reload.check.catch(() => null);
    return check && stillWaits(reload, check) ? check : null;
  };

  /**
   * Whether another request joins this reload: not once its check has stopped waiting (it ran
   * out of time and looked, or a click replaced it), so the next click is a check of its own.
   * One that began no check (rate-limited, or the HAProxy page's own Apply) keeps its re-sends.
   */
  const joinable = (reload: FollowedReload) =>
    reload.began === undefined || reload.began === null || stillWaits(reload, reload.began);

  /** Moves the reload on once its last request has ended (resend-decision.ts). */
  const settle = async (reload: FollowedReload, resendWaited: boolean) => {
    const step = nextReloadStep(reload.open.size, reload.ends, resendWaited);
    if (step.kind === 'wait') return;
    if (step.kind === 'wait-for-resend') {
      reload.resendTimer = deps.setTimer(() => {
        reload.resendTimer = null;
        void settle(reload, true);
      }, step.ms);
      return;
    }
    if (reloads.get(reload.key) === reload) reloads.delete(reload.key);
    const check = await waitingCheck(reload);
    if (!check) return;
    if (step.kind === 'look') {
      // No answer (aborted, connection lost): the action may have run all the same. Look.
      await deps.runner.lookNow(reload.tabId, check.origin);
      return;
    }
    await deps.runner.pageOutcome(reload.tabId, check.origin, {
      step: check.trigger === 'apply' ? 'reconfigure' : 'service-action',
      // Only the status is visible here; what the answer says is judged by the look itself.
      ok: step.ok,
      detail: `HTTP ${step.status}`,
    });
  };

  const ended = async (details: RequestDetails, end: RequestEnd) => {
    const reload = byRequest.get(details.requestId);
    if (!reload) return;
    await reload.check.catch(() => null);
    const unknown = unknownBackups.get(details.requestId);
    unknownBackups.delete(details.requestId);
    if (unknown) await deps.backupUnknown(details.tabId, unknown.master, unknown.syncAddress);
    byRequest.delete(details.requestId);
    reload.open.delete(details.requestId);
    reload.ends.push(end);
    await settle(reload, false);
  };

  return {
    sent(details) {
      if (acme?.sent(details)) return Promise.resolve(null);
      const request = reloadOf(details);
      if (!request) return Promise.resolve(null);
      const key = `${details.tabId} ${request.origin} ${request.trigger}`;
      // A re-send of a reload still followed joins it: no second check, no second look.
      const joined = reloads.get(key);
      if (joined && joinable(joined)) {
        if (joined.resendTimer !== null) deps.clearTimer(joined.resendTimer);
        joined.resendTimer = null;
        joined.open.add(details.requestId);
        byRequest.set(details.requestId, joined);
        return Promise.resolve(null);
      }
      const reload: FollowedReload = {
        key,
        tabId: details.tabId,
        check: begin(details, request),
        began: undefined,
        open: new Set([details.requestId]),
        ends: [],
        resendTimer: null,
      };
      reload.check.then(
        (check) => {
          reload.began = check;
        },
        () => {
          reload.began = null;
        },
      );
      reloads.set(key, reload);
      byRequest.set(details.requestId, reload);
      return reload.check;
    },
    answered: (details) =>
      acme?.has(details.requestId)
        ? acme.ended(details, true)
        : ended(details, { kind: 'answered', status: details.statusCode ?? 0 }),
    failed: (details) =>
      acme?.has(details.requestId)
        ? acme.ended(details, false)
        : ended(details, { kind: 'failed', aborted: abortedByPage(details.error) }),
  };
}

type WebRequestEvents = Pick<
  WebRequest.Static,
  'onBeforeRequest' | 'onCompleted' | 'onErrorOccurred'
>;

/**
 * Registers the listeners. Call at the top level of the background script, synchronously: only
 * listeners registered during the first run of the script wake a stopped service worker (or
 * Firefox's event page) for the next event.
 */
export function listenForReloadRequests(webRequest: WebRequestEvents, follower: ReloadFollower) {
  const filter: WebRequest.RequestFilter = {
    urls: [...RELOAD_REQUEST_PATTERNS],
    // Pages post these by script; the 24.x Status › HA page posts form-encoded fields to itself
    // (jQuery `$.post`), and a plain form submission of them would be a navigation of the tab or
    // a frame. Which of its posts restarts is read from its body ('requestBody', onBeforeRequest
    // only, in both browsers; nothing of it is kept).
    types: ['xmlhttprequest', 'main_frame', 'sub_frame'],
  };
  webRequest.onBeforeRequest.addListener(
    (details) => {
      void follower.sent(details);
    },
    filter,
    ['requestBody'],
  );
  webRequest.onCompleted.addListener((details) => {
    void follower.answered(details);
  }, filter);
  webRequest.onErrorOccurred.addListener((details) => {
    void follower.failed(details);
  }, filter);
}
