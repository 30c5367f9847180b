/**
 * Opens the offscreen document on first use and closes it again once no request has needed it
 * for a while, so nothing stays open between checks. Chromium allows one offscreen document per
 * extension; concurrent callers share the same opening.
 */
import type { TimerHandle, Timers } from '../../shared/timers.ts';

/** The parts of `chrome.offscreen` and `chrome.runtime.getContexts` used here (Chrome 116+). */
export interface OffscreenApi {
  createDocument(parameters: {
    url: string;
    reasons: string[];
    justification: string;
  }): Promise<void>;
  closeDocument(): Promise<void>;
}

export interface OffscreenDocumentDeps extends Timers {
  readonly offscreen: OffscreenApi;
  /** Whether the document is open already, e.g. from before the service worker restarted. */
  hasDocument(): Promise<boolean>;
  /** Extension-relative path of the built page. */
  readonly path: string;
  readonly idleCloseMs?: number;
}

export const OFFSCREEN_IDLE_CLOSE_MS = 60_000;

export interface OffscreenDocument {
  /** Resolves once the document is open; each call postpones the idle close. */
  ensure(): Promise<void>;
}

export function createOffscreenDocument(deps: OffscreenDocumentDeps): OffscreenDocument {
  let opening: Promise<void> | null = null;
  let idleTimer: TimerHandle | null = null;
  const idleMs = deps.idleCloseMs ?? OFFSCREEN_IDLE_CLOSE_MS;

  const open = async () => {
    if (await deps.hasDocument()) return;
    try {
      await deps.offscreen.createDocument({
        url: deps.path,
        // Chromium's list has no reason for network requests; DOM_SCRAPING is the nearest: the
        // document reads the firewall's answers for the service worker. The justification is what
        // the store reviewers read.
        reasons: ['DOM_SCRAPING'],
        justification:
          "Calls the OPNsense firewall's API from a document, so that Chromium applies the certificate exception the admin accepted for the firewall's self-signed certificate.",
      });
    } catch (error) {
      // Another caller (or a worker instance before a restart) opened it meanwhile.
      if (!(await deps.hasDocument())) throw error;
    }
  };

  const scheduleClose = () => {
    if (idleTimer !== null) deps.clearTimer(idleTimer);
    idleTimer = deps.setTimer(() => {
      idleTimer = null;
      opening = null;
      void deps.offscreen.closeDocument().catch(() => undefined);
    }, idleMs);
  };

  return {
    async ensure() {
      scheduleClose();
      opening ??= open().catch((error: unknown) => {
        opening = null;
        throw error;
      });
      await opening;
    },
  };
}
