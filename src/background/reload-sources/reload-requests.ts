/**
 * Which of the GUI's own requests reload, restart or start HAProxy, whatever page sent them. Pure:
 * the request follower (request-follower.ts) asks this for every request the browser reports.
 *
 * Requests, not buttons: button ids and page layouts change between OPNsense versions, while these
 * API paths are what every page posts (facts §3, §4):
 * - `/api/haproxy/service/reconfigure`: Apply and Save & Apply on every tab of the HAProxy page,
 *   including the reconfigure that "Try anyway?" posts after a configtest ALERT;
 * - `/api/haproxy/service/{restart,start}`: the plugin's own service actions;
 * - `/api/core/service/{restart,start}/haproxy`: System › Services and the dashboard's widget.
 * A stop is not followed: the admin meant HAProxy to stop, and stop ends every process anyway.
 */
import type { ActionTrigger } from '../../core/model.ts';

export interface ReloadRequest {
  /** The GUI origin the request went to, port included. */
  readonly origin: string;
  readonly trigger: ActionTrigger;
}

/** For webRequest's filter: any host (the browser reports only the hosts the admin granted). */
export const RELOAD_REQUEST_PATTERNS: readonly string[] = [
  '*://*/api/haproxy/service/reconfigure*',
  '*://*/api/haproxy/service/restart*',
  '*://*/api/haproxy/service/start*',
  '*://*/api/core/service/restart/haproxy*',
  '*://*/api/core/service/start/haproxy*',
];

const HAPROXY_SERVICE = /^\/api\/haproxy\/service\/(reconfigure|restart|start)$/;
const CORE_SERVICE = /^\/api\/core\/service\/(restart|start)\/haproxy$/;

/**
 * The reload a request asks for, or null. Only a POST acts: OPNsense answers a GET of these
 * paths without doing anything (facts §4). The path is compared whole, after the URL parser has
 * resolved dot segments, so `/api/haproxy/service/reconfigure/../status` is not a reload.
 */
export function reloadRequestFor(url: string, method: string): ReloadRequest | null {
  if (method.toUpperCase() !== 'POST') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const path = parsed.pathname.replace(/\/+$/, '');
  const action = HAPROXY_SERVICE.exec(path)?.[1] ?? CORE_SERVICE.exec(path)?.[1];
  if (action === undefined) return null;
  return {
    origin: parsed.origin,
    trigger: action === 'reconfigure' ? 'apply' : (action as ActionTrigger),
  };
}
