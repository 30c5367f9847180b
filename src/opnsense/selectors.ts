/**
 * Everything the content script looks for on OPNsense's HAProxy pages, in one place.
 * Checked against the layout and the net/haproxy plugin page of OPNsense 25.x (facts file §3):
 * the page binds its Apply buttons with `$('[id*="reconfigureAct"]')`. Its service bar shows a
 * status icon only: the plugin calls `updateServiceStatusUI()`, never the newer
 * `updateServiceControlUI()` that renders restart/start/stop buttons, so there are none to hook.
 */
import type { ActionTrigger } from '../core/model.ts';

/** `/ui/haproxy`, `/ui/haproxy/statistics`, …; the tabs are `#hash` fragments of the first. */
export const HAPROXY_PAGE_PATH = /^\/ui\/haproxy(?:\/|$)/;

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

/** The API paths the page itself calls for the actions the extension follows. */
export const PAGE_ACTION_PATH = /^\/api\/haproxy\/service\/(configtest|reconfigure|start|restart)$/;

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
