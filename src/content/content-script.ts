/**
 * Content script for OPNsense HAProxy pages of enabled firewalls. It stays idle (two listeners,
 * no timers, no network) until the admin clicks Apply or a service button, or the background has
 * a check to show for this tab.
 */
import browser from 'webextension-polyfill';
import { readCsrfToken } from '../opnsense/csrf.ts';
import { csrfScriptText, isHaproxyPage } from '../opnsense/selectors.ts';
import type { CheckRecord } from '../shared/check-state.ts';
import type { BackgroundToContentMessage, ContentMessage } from '../shared/messages.ts';
import { createCheckUi } from './check-ui.tsx';
import { PAGE_OUTCOME_EVENT, whenParsed } from './page-observer-event.ts';
import { interpretPageResponse } from './page-outcome.ts';
import { createPageOutcomeThrottle } from './page-outcome-throttle.ts';
import { answerTokenRequest } from './token-request.ts';
import { triggerForTrustedClick } from './trusted-click.ts';

function send(message: ContentMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Only the background can message a content script, but check the shape all the same. */
function isCheckUpdate(
  message: unknown,
): message is Extract<BackgroundToContentMessage, { type: 'check-update' }> {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'check-update' &&
    typeof (message as { check?: unknown }).check === 'object'
  );
}

/** The token is read only when needed, from the page's layout script, and never kept. */
const pageToken = () => readCsrfToken(csrfScriptText(document));

function init(signal: AbortSignal): void {
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
    ui.show(check?.origin === location.origin ? check : null);
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
      const detail = (event as CustomEvent<unknown>).detail;
      const outcome = typeof detail === 'string' ? interpretPageResponse(detail) : null;
      if (outcome && outcomeAllowed(outcome)) void send({ type: 'page-outcome', outcome });
    },
    { signal },
  );
  const onMessage = (message: unknown) => {
    if (isCheckUpdate(message)) showCheck(message.check);
    // A resumed remediation's start, or Start in the popup: the background has no token.
    return answerTokenRequest(message, location.origin, pageToken);
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => {
    browser.runtime.onMessage.removeListener(onMessage);
    ui.unmount();
  });

  void send({ type: 'content-ready' }).then((check) => {
    showCheck((check as CheckRecord | null) ?? null);
  });
}

whenParsed(() => {
  if (isHaproxyPage(document, location.pathname)) init(new AbortController().signal);
});
