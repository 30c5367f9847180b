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

/** For webRequest's filter: any host (the browser reports only the hosts the admin granted). */
export const RELOAD_REQUEST_PATTERNS: readonly string[] = RELOADS.map(
  ({ endpoint }) => `*://*${endpoint.path}*`,
);

/**
 * The reload a request asks for, or null. Only a method the endpoint acts on counts, POST for all
 * of these: OPNsense answers a GET of these paths without doing anything (docs/opnsense.md §4).
 * The path is compared whole, after the URL parser has resolved dot segments, so
 * `/api/haproxy/service/reconfigure/../status` is not a reload.
 */
export function reloadRequestFor(url: string, method: string): ReloadRequest | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const path = parsed.pathname.replace(/\/+$/, '');
  const reload = RELOADS.find(({ endpoint }) => endpoint.path === path);
  if (reload === undefined || !acceptsMethod(reload.endpoint, method)) return null;
  return { origin: parsed.origin, trigger: reload.trigger };
}
