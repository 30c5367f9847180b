/**
 * Which of the GUI's own requests reload, restart or start HAProxy, whatever page sent them. Pure:
 * the request follower (request-follower.ts) asks this for every request the browser reports.
 *
 * Requests, not buttons: button ids and page layouts change between OPNsense versions, while these
 * API paths are what every page posts (docs/opnsense.md §3, §4, §8): reconfigure for Apply and
 * Save & Apply on every tab of the HAProxy page (including the reconfigure that "Try anyway?" posts
 * after a configtest ALERT), the plugin's own restart and start, and core's restart and start of
 * the haproxy service, which System › Services and the dashboard's widget post.
 * A stop is not followed: the admin meant HAProxy to stop, and stop ends every process anyway.
 *
 * The ACME client's requests restart HAProxy too, but not as the admin's own action: its HAProxy
 * integration restarts before it answers, and only when it changed HAProxy items; issuing or
 * renewing a certificate and running its automations restart in the background, after the answer
 * (docs/opnsense.md §8). Those are followed by the newest PID (deferred-restart.ts), not by a check.
 */
import type { ActionTrigger } from '../../core/model.ts';
import { ENDPOINTS, acceptsMethod, type OpnsenseEndpoint } from '../../opnsense/endpoints.ts';

export interface ReloadRequest {
  /** The GUI origin the request went to, port included. */
  readonly origin: string;
  readonly trigger: ActionTrigger;
}

const RELOADS: readonly { readonly endpoint: OpnsenseEndpoint; readonly trigger: ActionTrigger }[] =
  [
    { endpoint: ENDPOINTS.serviceReconfigure, trigger: 'apply' },
    { endpoint: ENDPOINTS.serviceRestart, trigger: 'restart' },
    { endpoint: ENDPOINTS.serviceStart, trigger: 'start' },
    { endpoint: ENDPOINTS.coreServiceRestart, trigger: 'restart' },
    { endpoint: ENDPOINTS.coreServiceStart, trigger: 'start' },
  ];

/** When an ACME request's HAProxy restart runs: before its answer, or some time after it. */
export type AcmeRestartTiming = 'at-once' | 'later';

export interface AcmeRestartRequest {
  readonly origin: string;
  readonly timing: AcmeRestartTiming;
}

const ACME_RESTARTS: readonly {
  readonly endpoint: OpnsenseEndpoint;
  readonly timing: AcmeRestartTiming;
  /** The path names the certificate after the action: `…/sign/<uuid>`. */
  readonly withId: boolean;
}[] = [
  { endpoint: ENDPOINTS.acmeHaproxyIntegration, timing: 'at-once', withId: false },
  { endpoint: ENDPOINTS.acmeSign, timing: 'later', withId: true },
  { endpoint: ENDPOINTS.acmeAutomation, timing: 'later', withId: true },
  { endpoint: ENDPOINTS.acmeSignAll, timing: 'later', withId: false },
];

/** For webRequest's filter: any host (the browser reports only the hosts the admin granted). */
export const RELOAD_REQUEST_PATTERNS: readonly string[] = [
  ...RELOADS.map(({ endpoint }) => `*://*${endpoint.path}*`),
  ...ACME_RESTARTS.map(({ endpoint }) => `*://*${endpoint.path}*`),
];

/** The origin and the path of an http(s) URL, trailing slashes dropped; null for anything else. */
function originAndPath(url: string): { origin: string; path: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return { origin: parsed.origin, path: parsed.pathname.replace(/\/+$/, '') };
}

/**
 * The reload a request asks for, or null. Only a method the endpoint acts on counts, POST for all
 * of these: OPNsense answers a GET of these paths without doing anything (docs/opnsense.md §4).
 * The path is compared whole, after the URL parser has resolved dot segments, so
 * `/api/haproxy/service/reconfigure/../status` is not a reload.
 */
export function reloadRequestFor(url: string, method: string): ReloadRequest | null {
  const parsed = originAndPath(url);
  if (parsed === null) return null;
  const reload = RELOADS.find(({ endpoint }) => endpoint.path === parsed.path);
  if (reload === undefined || !acceptsMethod(reload.endpoint, method)) return null;
  return { origin: parsed.origin, trigger: reload.trigger };
}

/**
 * The ACME request that may restart HAProxy, or null: POST only, the path compared whole as above,
 * with exactly one non-empty segment after the actions that name a certificate.
 */
export function acmeRestartFor(url: string, method: string): AcmeRestartRequest | null {
  const parsed = originAndPath(url);
  if (parsed === null) return null;
  const restart = ACME_RESTARTS.find(({ endpoint, withId }) =>
    withId
      ? parsed.path.startsWith(`${endpoint.path}/`) &&
        /^[^/]+$/.test(parsed.path.slice(endpoint.path.length + 1))
      : parsed.path === endpoint.path,
  );
  if (restart === undefined || !acceptsMethod(restart.endpoint, method)) return null;
  return { origin: parsed.origin, timing: restart.timing };
}
