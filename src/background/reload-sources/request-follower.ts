/**
 * Follows the GUI's reload requests from any page of an enabled firewall (the HAProxy page's
 * Apply and "Try anyway?", System › Services, the dashboard widget) by watching the requests
 * themselves with `webRequest`, observe-only: nothing is blocked, changed or read beyond the
 * URL, the method and the status. Why requests and not buttons: see reload-requests.ts.
 *
 * The browser reports only requests to hosts the admin granted, and only these API paths (the
 * filter), so pages where nothing happens cost nothing. The extension's own calls (the
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
import type { CheckRunner } from '../checks/check-runner.ts';
import {
  acmeRestartFor,
  RELOAD_REQUEST_PATTERNS,
  reloadRequestFor,
  type AcmeRestartRequest,
  type ReloadRequest,
} from './reload-requests.ts';
import type { RestartFollower } from './restart-follower.ts';
import { sentByFirewallItself, type RequestInitiator } from './request-initiator.ts';

/** The fields of webRequest's details this module reads (both browsers have them). */
export interface RequestDetails extends RequestInitiator {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly tabId: number;
  readonly statusCode?: number;
}

export interface ReloadFollowerDeps {
  readonly runner: Pick<CheckRunner, 'forTab' | 'begin' | 'pageOutcome' | 'lookNow'>;
  /** Settles once the checks stored before a worker restart are back in the runner. */
  readonly ready: Promise<void>;
  isEnabled(origin: string): Promise<boolean>;
  /** New checks per tab: the same budget a tab's clicks have (check-rate-limit.ts). */
  readonly newChecks: RateLimiter<number>;
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

export function createReloadFollower(deps: ReloadFollowerDeps): ReloadFollower {
  /**
   * Requests seen going out, by request id, with the check each began (or null): only their own
   * end moves that check on. Set before anything is awaited, because the answer's event can
   * arrive while the check is still being begun.
   */
  const followed = new Map<string, Promise<CheckRecord | null>>();
  /** ACME requests seen going out, by request id, with the time they were sent. */
  const acme = new Map<string, { readonly request: AcmeRestartRequest; readonly since: number }>();

  const acmeOf = (details: RequestDetails): AcmeRestartRequest | null => {
    const request = details.tabId >= 0 ? acmeRestartFor(details.url, details.method) : null;
    return request && sentByFirewallItself(details, request.origin) ? request : null;
  };

  /** An ACME request ended: follow its restart, unless OPNsense refused it. */
  const acmeEnded = async (details: RequestDetails, answered: boolean) => {
    const sent = acme.get(details.requestId);
    acme.delete(details.requestId);
    if (!sent || !deps.restarts) return;
    const status = details.statusCode ?? 0;
    // No answer at all (aborted, connection lost): the restart may run all the same.
    if (answered && (status < 200 || status >= 300)) return;
    await deps.ready;
    if (!(await deps.isEnabled(sent.request.origin))) return;
    await deps.restarts.follow(sent.request, details.tabId, sent.since);
  };

  const reloadOf = (details: RequestDetails): ReloadRequest | null => {
    const request = details.tabId >= 0 ? reloadRequestFor(details.url, details.method) : null;
    // Another website's blind POST to the firewall starts nothing (request-initiator.ts).
    return request && sentByFirewallItself(details, request.origin) ? request : null;
  };

  const begin = async (details: RequestDetails, request: ReloadRequest) => {
    await deps.ready;
    if (!(await deps.isEnabled(request.origin))) return null;
    // Apply clicked on the HAProxy page: the content script began this check already, with a
    // baseline from before configtest, and follows the page's own answers (page-outcome.ts).
    const existing = deps.runner.forTab(details.tabId, request.origin);
    if (existing?.phase === 'waiting-for-reload') return null;
    if (!deps.newChecks.tryAcquire(details.tabId)) return null;
    return deps.runner.begin(request.origin, details.tabId, request.trigger, true);
  };

  /** The check this request began, if it still waits for the request's end. */
  const take = async (details: RequestDetails) => {
    const began = followed.get(details.requestId);
    followed.delete(details.requestId);
    const check = began ? await began.catch(() => null) : null;
    if (!check) return null;
    const current = deps.runner.forTab(details.tabId, check.origin);
    return current?.id === check.id && current.phase === 'waiting-for-reload' ? check : null;
  };

  return {
    sent(details) {
      const acmeRequest = acmeOf(details);
      if (acmeRequest) {
        acme.set(details.requestId, { request: acmeRequest, since: (deps.now ?? Date.now)() });
        return Promise.resolve(null);
      }
      const request = reloadOf(details);
      if (!request) return Promise.resolve(null);
      const began = begin(details, request);
      followed.set(details.requestId, began);
      return began;
    },
    async answered(details) {
      if (acme.has(details.requestId)) return acmeEnded(details, true);
      const check = await take(details);
      if (!check) return;
      const status = details.statusCode ?? 0;
      await deps.runner.pageOutcome(details.tabId, check.origin, {
        step: check.trigger === 'apply' ? 'reconfigure' : 'service-action',
        // Only the status is visible here; what the answer says is judged by the look itself.
        ok: status >= 200 && status < 300,
        detail: `HTTP ${status}`,
      });
    },
    async failed(details) {
      // No answer (aborted, connection lost): the action may have run all the same. Look.
      if (acme.has(details.requestId)) return acmeEnded(details, false);
      const check = await take(details);
      if (check) await deps.runner.lookNow(details.tabId, check.origin);
    },
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
    types: ['xmlhttprequest'],
  };
  webRequest.onBeforeRequest.addListener((details) => {
    void follower.sent(details);
  }, filter);
  webRequest.onCompleted.addListener((details) => {
    void follower.answered(details);
  }, filter);
  webRequest.onErrorOccurred.addListener((details) => {
    void follower.failed(details);
  }, filter);
}
