/**
 * The content script's one feature on a HAProxy page: hooks the Apply and service buttons, passes
 * the page's own request outcomes on, and shows the background's check for this tab. Everything
 * it adds (listeners, the panel) goes when its signal aborts.
 */
import browser from 'webextension-polyfill';
import { readCsrfToken } from '../opnsense/csrf.ts';
import { csrfScriptText } from '../opnsense/selectors.ts';
import { isCheckRecord, type CheckRecord } from '../shared/check-state.ts';
import type { ContentMessage } from '../shared/messages.ts';
import { createCheckUi } from './check-ui.tsx';
import { PAGE_OUTCOME_EVENT } from './page-observer-event.ts';
import { interpretPageResponse } from './page-outcome.ts';
import { createPageOutcomeThrottle } from './page-outcome-throttle.ts';
import { answerTokenRequest } from './token-request.ts';
import { triggerForTrustedClick } from './trusted-click.ts';

function send(message: ContentMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Only the background can message a content script, but the shape is checked all the same. */
function messageType(message: unknown): unknown {
  return typeof message === 'object' && message !== null && 'type' in message
    ? message.type
    : undefined;
}

/** The check a `check-update` carries; null for any other message or a malformed check. */
function checkOfUpdate(message: unknown): CheckRecord | null {
  if (messageType(message) !== 'check-update') return null;
  const check =
    typeof message === 'object' && message !== null && 'check' in message
      ? message.check
      : undefined;
  return isCheckRecord(check) ? check : null;
}

/** The token is read only when needed, from the page's layout script, and never kept. */
const pageToken = () => readCsrfToken(csrfScriptText(document));

export function init(signal: AbortSignal): void {
  const ui = createCheckUi(document, {
    checkAgain: () => void send({ type: 'check-now' }),
    dismiss: (checkId) => void send({ type: 'dismiss', checkId }),
    openGui: (checkId) => void send({ type: 'open-gui', checkId }),
    // The token is read only now, from the page's layout script, and used for this click only.
    restart: (checkId) => void send({ type: 'remediate', checkId, csrfToken: pageToken() }),
    start: (checkId) => void send({ type: 'start-haproxy', checkId, csrfToken: pageToken() }),
  });
  // The background sends only this firewall's checks to this tab; a navigation that commits
  // between its look at the tab and the message's arrival is caught here.
  const showCheck = (check: CheckRecord | null) => {
    if (!signal.aborted) ui.show(check?.origin === location.origin ? check : null);
  };

  document.addEventListener(
    'click',
    (event) => {
      const trigger = triggerForTrustedClick(event);
      if (trigger) void send({ type: 'action-clicked', trigger });
    },
    // Capture: runs before the page's own jQuery handler starts the reload.
    { capture: true, signal },
  );
  const outcomeAllowed = createPageOutcomeThrottle(() => Date.now());
  document.addEventListener(
    PAGE_OUTCOME_EVENT,
    (event) => {
      const detail: unknown = event instanceof CustomEvent ? event.detail : undefined;
      const outcome = typeof detail === 'string' ? interpretPageResponse(detail) : null;
      if (outcome && outcomeAllowed(outcome)) void send({ type: 'page-outcome', outcome });
    },
    { signal },
  );
  const onMessage = (message: unknown) => {
    const check = checkOfUpdate(message);
    if (check) showCheck(check);
    // A resumed remediation's start, or Start in the popup: the background has no token.
    return answerTokenRequest(message, location.origin, pageToken);
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => {
    browser.runtime.onMessage.removeListener(onMessage);
    ui.unmount();
  });

  // Answered with this tab's check, or null when it has none.
  void send({ type: 'content-ready' }).then((check) => {
    showCheck(isCheckRecord(check) ? check : null);
  });
}

/**
 * Aborts once the page is left for good. A page kept in the back-forward cache (`persisted`) may
 * be shown again exactly as it was, panel and listeners included, so it keeps them.
 */
export function untilLeft(target: Pick<Window, 'addEventListener'>): AbortSignal {
  const controller = new AbortController();
  target.addEventListener(
    'pagehide',
    (event) => {
      if (!event.persisted) controller.abort();
    },
    { signal: controller.signal },
  );
  return controller.signal;
}
