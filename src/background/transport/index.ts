/**
 * The browser transport: every request the background makes to a firewall goes through the one
 * function built here, handed to the API client as its `fetch`.
 *
 * - Chromium (Chrome, Edge, Brave): a request from the MV3 service worker gets no certificate
 *   exception. Chromium applies the decision an admin made on the warning page only to requests
 *   that belong to a tab's or an extension page's frame; one without a document is cancelled on
 *   the certificate error (`TypeError: Failed to fetch`, nothing reaches the firewall; the same
 *   break is reported for other MV3 extensions talking to self-hosted servers, e.g.
 *   remote-torrent-adder#418). A `chrome.offscreen` document's fetch belongs to a document and
 *   carries the session cookie, so requests are relayed through one.
 * - Firefox: the background is an event page (a document), the accepted exception covers its
 *   requests, and there is no offscreen API: it fetches directly. Its default MV3 extension CSP
 *   carries `upgrade-insecure-requests`, which turned `http://fw.lan/…` into HTTPS; the manifest
 *   declares its own `content_security_policy.extension_pages` to keep plain-HTTP firewalls
 *   reachable (loopback is exempt, so tests on 127.0.0.1 never saw it).
 * - Both: when a request gets no answer, `webRequest.onErrorOccurred` names the network error, so
 *   the admin is told "accept the certificate" or "cannot be reached", not one for the other.
 */
import browser from 'webextension-polyfill';
import type { FirewallFetch } from '../../opnsense/client.ts';
import { offscreenPageUrl } from '../../offscreen/worker-url.ts';
import { isOriginEnabled } from '../permissions/enabled-origins.ts';
import { browserTimers } from '../../shared/timers.ts';
import { withNetErrorDiagnosis } from './diagnosed-fetch.ts';
import type { ErrorEventSource } from './net-error-log.ts';
import { createOffscreenDocument, type OffscreenApi } from './offscreen-document.ts';
import { createRelayFetch } from './relay-fetch.ts';
import type { RelayMessage } from './relay-protocol.ts';

/** Built from src/offscreen/index.html (listed as a Chrome build input in vite.config.ts). */
export const OFFSCREEN_PAGE = 'src/offscreen/index.html';

interface ChromiumOnly {
  offscreen?: OffscreenApi;
  runtime: {
    getContexts?(filter: { contextTypes: string[] }): Promise<unknown[]>;
  };
}

export function createBrowserTransport(): FirewallFetch {
  const chromium = browser as unknown as ChromiumOnly;
  // Undefined when the permission is missing: then every failure is "cannot be reached".
  const hasWebRequest = (browser as { webRequest?: unknown }).webRequest !== undefined;
  const errors: ErrorEventSource | null = !hasWebRequest
    ? null
    : {
        addListener: (listener, filter) => {
          browser.webRequest.onErrorOccurred.addListener(listener, filter);
        },
        removeListener: (listener) => {
          browser.webRequest.onErrorOccurred.removeListener(listener);
        },
      };
  const offscreen = chromium.offscreen;
  if (offscreen === undefined) {
    return withNetErrorDiagnosis((url, init) => fetch(url, init), errors, browserTimers.setTimer);
  }
  const document = createOffscreenDocument({
    offscreen,
    // The document obeys only the worker whose script URL it is opened with (worker-url.ts).
    path: offscreenPageUrl(OFFSCREEN_PAGE, self.location.href),
    async hasDocument() {
      const contexts = await chromium.runtime.getContexts?.({
        contextTypes: ['OFFSCREEN_DOCUMENT'],
      });
      return (contexts?.length ?? 0) > 0;
    },
    setTimer: browserTimers.setTimer,
    clearTimer: browserTimers.clearTimer,
  });
  const relay = createRelayFetch({
    ensureDocument: () => document.ensure(),
    sendMessage: (message: RelayMessage) => browser.runtime.sendMessage(message),
    newId: () => crypto.randomUUID(),
    isEnabledOrigin: isOriginEnabled,
  });
  return withNetErrorDiagnosis(relay, errors, browserTimers.setTimer);
}
