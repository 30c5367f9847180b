/**
 * Every message between the extension's parts, one discriminated union per direction, so each
 * handler is checked for exhaustiveness and no part sends a shape the other does not know.
 */
import type { ActionTrigger } from '../core/model.ts';
import type {
  CheckRecord,
  PageOutcome,
  RemediationInterruption,
  RemediationKind,
  RemediationStep,
} from './check-state.ts';

/** From the content script on an OPNsense HAProxy page to the background. */
export type ContentMessage =
  /** Sent once per page load; answered with this tab's current check, if any. */
  | { readonly type: 'content-ready' }
  /** The admin clicked Apply or a service button: take the baseline now. */
  | {
      readonly type: 'action-clicked';
      readonly trigger: ActionTrigger;
    }
  | { readonly type: 'page-outcome'; readonly outcome: PageOutcome }
  | { readonly type: 'check-now' }
  /** The admin clicked "Restart HAProxy"; the page's CSRF token authorises the POSTs. */
  | { readonly type: 'remediate'; readonly checkId: string; readonly csrfToken: string | null }
  /** The admin clicked "Start HAProxy" (no haproxy runs); the token authorises the POST. */
  | { readonly type: 'start-haproxy'; readonly checkId: string; readonly csrfToken: string | null }
  | { readonly type: 'dismiss'; readonly checkId: string }
  /** The admin wants to accept the firewall's certificate: open its GUI, check again once loaded. */
  | { readonly type: 'open-gui'; readonly checkId: string };

/** From the popup or the options page to the background. */
export type ExtensionPageMessage =
  | { readonly type: 'tab-summary'; readonly tabId: number }
  | { readonly type: 'check-now-for-tab'; readonly tabId: number }
  /** "Start HAProxy" in the popup, for the firewall of that tab. */
  | { readonly type: 'start-for-tab'; readonly tabId: number }
  | { readonly type: 'open-gui-for-tab'; readonly tabId: number };

/** From the background to a content script. */
export type BackgroundToContentMessage =
  | { readonly type: 'check-update'; readonly check: CheckRecord }
  /**
   * Answered with the page's CSRF token (or null), for a POST no click carries to `origin`; a
   * page of any other origin does not answer (content/token-request.ts).
   */
  | { readonly type: 'csrf-token-request'; readonly origin: string };

/** What the background answers to `tab-summary`. */
export interface TabSummary {
  readonly url: string | null;
  readonly origin: string | null;
  /** Whether the extension has host access to this tab's firewall. */
  readonly enabled: boolean;
  /** Whether the tab shows an OPNsense HAProxy page. */
  readonly haproxyPage: boolean;
  readonly check: CheckRecord | null;
  readonly lastHistory: HistoryEntry | null;
}

/** One line of the per-firewall check history kept in `storage.local`. PIDs and times only. */
export interface HistoryEntry {
  readonly at: number;
  readonly origin: string;
  /** A CheckTrigger; read back from storage, whatever an older or newer version wrote. */
  readonly trigger: string;
  /** Verdict kind, or `error:<kind>` / the page failure. */
  readonly result: string;
  readonly currentPid: number | null;
  readonly otherPids: readonly number[];
  /** For a "Restart HAProxy" / "Start HAProxy" click: how far it got. Absent in older entries. */
  readonly remediation?: {
    readonly kind: RemediationKind;
    readonly step: RemediationStep;
    readonly interruption: RemediationInterruption | null;
    readonly outageMs: number | null;
  } | null;
}
