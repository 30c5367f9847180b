/**
 * Measures who the browser says sent a request to a firewall (issue 19, item 7): an extension page
 * listens with `webRequest` and keeps, per request to the restart endpoint, the request's type
 * and the fields that name its sender. Runs as-is in Chromium (`chrome`) and Firefox (`browser`).
 */

/** What one browser reported for one request. */
export interface ReportedRequest {
  readonly type: string;
  readonly tabId: number;
  readonly initiator: string | null;
  readonly originUrl: string | null;
  readonly documentUrl: string | null;
}

export const RESTART_PATH = '/api/core/service/restart/haproxy';

/** Evaluated in an extension page: starts keeping what the browser reports. */
export function startKeepingRequests(): void {
  const api =
    (globalThis as { browser?: unknown; chrome?: unknown }).browser ??
    (globalThis as { chrome?: unknown }).chrome;
  const kept: ReportedRequest[] = [];
  (globalThis as { keptRequests?: ReportedRequest[] }).keptRequests = kept;
  (
    api as {
      webRequest: {
        onBeforeRequest: {
          addListener(listener: (details: Record<string, unknown>) => void, filter: object): void;
        };
      };
    }
  ).webRequest.onBeforeRequest.addListener(
    (details) => {
      const text = (key: string) => (typeof details[key] === 'string' ? details[key] : null);
      kept.push({
        type: String(details.type),
        tabId: Number(details.tabId),
        initiator: text('initiator'),
        originUrl: text('originUrl'),
        documentUrl: text('documentUrl'),
      });
    },
    { urls: ['*://*/api/core/service/restart/haproxy*'] },
  );
}

/** Evaluated in an extension page: what was kept so far. */
export function keptRequests(): ReportedRequest[] {
  return (globalThis as { keptRequests?: ReportedRequest[] }).keptRequests ?? [];
}

/**
 * Evaluated in another website's page: a blind cross-origin POST to the firewall's restart, both
 * ways a page can send one (a `no-cors` fetch, and a form into a hidden frame).
 */
export async function postBlindly(restartUrl: string): Promise<void> {
  await fetch(restartUrl, { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(
    () => undefined,
  );
  const frame = document.createElement('iframe');
  frame.name = 'blind-post';
  document.body.append(frame);
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = restartUrl;
  form.target = 'blind-post';
  document.body.append(form);
  form.submit();
}
