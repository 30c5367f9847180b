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
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CheckRecord } from '../../shared/check-state.ts';
import type { RateLimiter } from '../../shared/rate-limit.ts';
import type { CheckRunner } from '../checks/check-runner.ts';
import type { HaBackupLookup } from './ha-backup.ts';
import {
  RELOAD_REQUEST_PATTERNS,
  formFieldsOf,
  reloadRequestFor,
  type ReloadRequest,
} from './reload-requests.ts';
import { sentByFirewallItself, type RequestInitiator } from './request-initiator.ts';

/** The fields of webRequest's details this module reads (both browsers have them). */
export interface RequestDetails extends RequestInitiator {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly tabId: number;
  readonly statusCode?: number;
  /** onBeforeRequest only, with 'requestBody': the 24.x HA page's form (reload-requests.ts). */
  readonly requestBody?: Parameters<typeof formFieldsOf>[0];
}

export interface ReloadFollowerDeps {
  readonly runner: Pick<CheckRunner, 'forTab' | 'begin' | 'pageOutcome' | 'lookNow'>;
  /** Settles once the checks stored before a worker restart are back in the runner. */
  readonly ready: Promise<void>;
  isEnabled(origin: string): Promise<boolean>;
  /** New checks per tab: the same budget a tab's clicks have (check-rate-limit.ts). */
  readonly newChecks: RateLimiter<number>;
  /** The backup an HA restart sent to this master restarts HAProxy on (ha-backup.ts). */
  haBackup(master: string): Promise<HaBackupLookup>;
  /**
   * An HA restart was answered but no enabled firewall could be named its backup: the master's
   * tab says that the backup was restarted and how to have it checked.
   */
  backupUnknown(tabId: number, master: string, syncAddress: string | null): Promise<void>;
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
  /** HA restarts whose backup is unknown, by request id: told on the master's tab once answered. */
  const unknownBackups = new Map<string, Promise<{ master: string; syncAddress: string | null }>>();

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
      unknownBackups.set(details.requestId, Promise.resolve({ master, ...lookup }));
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

  /** The check this request began, if it still waits for the request's end. */
  const take = async (details: RequestDetails) => {
    const began = followed.get(details.requestId);
    followed.delete(details.requestId);
    const check = began ? await began.catch(() => null) : null;
    const unknown = unknownBackups.get(details.requestId);
    unknownBackups.delete(details.requestId);
    if (unknown) {
      const { master, syncAddress } = await unknown;
      await deps.backupUnknown(details.tabId, master, syncAddress);
    }
    if (!check) return null;
    const current = deps.runner.forTab(details.tabId, check.origin);
    return current?.id === check.id && current.phase === 'waiting-for-reload' ? check : null;
  };

  return {
    sent(details) {
      const request = reloadOf(details);
      if (!request) return Promise.resolve(null);
      const began = begin(details, request);
      followed.set(details.requestId, began);
      return began;
    },
    async answered(details) {
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
