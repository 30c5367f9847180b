/** Entry of the offscreen document (Chromium only): wires the relay to runtime messages. */
import browser, { type Runtime } from 'webextension-polyfill';
import { createRelayHandler } from './relay-handler.ts';
import { workerUrlFromPage } from './worker-url.ts';

const handle = createRelayHandler({
  fetch: (url, init) => fetch(url, init),
  // From the page's own URL: an offscreen document has no runtime.getManifest (only messaging).
  extensionId: location.host,
  workerUrl: workerUrlFromPage(location.href),
});
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handle(message, sender),
);
