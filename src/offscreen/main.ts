/** Entry of the offscreen document (Chromium only): wires the relay to runtime messages. */
import browser, { type Runtime } from 'webextension-polyfill';
import { createRelayHandler } from './relay-handler.ts';

const worker = browser.runtime.getManifest().background;
const handle = createRelayHandler({
  fetch: (url, init) => fetch(url, init),
  extensionId: browser.runtime.id,
  // Chromium reports the worker's script URL as the sender's `url` of its messages.
  workerUrl:
    worker && 'service_worker' in worker ? browser.runtime.getURL(worker.service_worker) : '',
});
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handle(message, sender),
);
