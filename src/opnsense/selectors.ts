/**
 * Everything the content script looks for on OPNsense's HAProxy pages, in one place.
 * Checked against the layout (opnsense/core f95e815, tags 24.1 … 26.1) and the net/haproxy plugin
 * page (opnsense/plugins 8e47228, tags 23.1 … 26.1), docs/opnsense.md §3 and §8:
 * the page binds its Apply buttons with `$('[id*="reconfigureAct"]')`. Its service bar shows a
 * status icon only: the plugin calls `updateServiceStatusUI()`, never the newer
 * `updateServiceControlUI()` that renders restart/start/stop buttons, so there are none to hook.
 */
import type { ActionTrigger } from '../core/model.ts';
import { PAGE_ACTION_ENDPOINTS } from './endpoints.ts';

/** The plugin's settings page, where its Apply buttons are. */
export const HAPROXY_PAGE = '/ui/haproxy';
/** `/ui/haproxy`, `/ui/haproxy/statistics`, …; the tabs are `#hash` fragments of the first. */
export const HAPROXY_PAGE_PATH = new RegExp(`^${HAPROXY_PAGE}(?:/|$)`);

/**
 * Whether a URL is a HAProxy page of `origin` (any origin when `origin` is omitted): the one
 * test for "this tab shows a HAProxy page", used before a check is shown, a token is asked for,
 * or a message from a page is believed.
 */
export function isHaproxyPageUrl(url: string | undefined, origin?: string): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      (origin === undefined || parsed.origin === origin) && HAPROXY_PAGE_PATH.test(parsed.pathname)
    );
  } catch {
    return false;
  }
}

/**
 * Any Apply button. The page binds `#reconfigureAct-common` (and friends) with
 * `$('[id*="reconfigureAct"]')` and the settings sub-tabs' `#saveAndReconfigureAct_haproxy-general-…`
 * separately with `$('[id*="saveAndReconfigureAct"]')`: attribute matching is case-sensitive, so
 * one pattern does not cover both.
 */
export const APPLY_BUTTON = '[id*="reconfigureAct"], [id*="saveAndReconfigureAct"]';
/** The service bar every plugin page of OPNsense carries. */
export const SERVICE_BAR = '#service_status_container';

export type PageAction = keyof typeof PAGE_ACTION_ENDPOINTS;

/** Which followed action a request path of the page is (compared whole), or undefined. */
export function pageActionAt(path: string): PageAction | undefined {
  return (Object.keys(PAGE_ACTION_ENDPOINTS) as PageAction[]).find(
    (action) => PAGE_ACTION_ENDPOINTS[action].path === path,
  );
}

/** Whether this document is an OPNsense HAProxy page (and not just any page under that path). */
export function isHaproxyPage(doc: Document, pathname: string): boolean {
  return (
    HAPROXY_PAGE_PATH.test(pathname) &&
    doc.querySelector(`${SERVICE_BAR}, ${APPLY_BUTTON}`) !== null
  );
}

/** What a click on this element asks HAProxy to do, or null when it is not a hooked button. */
export function triggerForClick(target: EventTarget | null): ActionTrigger | null {
  if (!(target instanceof Element)) return null;
  return target.closest(APPLY_BUTTON) ? 'apply' : null;
}

/** The CSRF token is only in the layout's inline `$.ajaxSetup(...)` script. */
export function csrfScriptText(doc: Document): string {
  for (const script of Array.from(doc.scripts)) {
    if (!script.src && script.text.includes('X-CSRFToken')) return script.text;
  }
  return '';
}
