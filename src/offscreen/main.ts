/** Entry of the offscreen document (Chromium only): wires the relay to runtime messages. */
import browser from 'webextension-polyfill';
import { createRelayHandler } from './relay-handler.ts';

const handle = createRelayHandler((url, init) => fetch(url, init));
browser.runtime.onMessage.addListener((message: unknown) => handle(message));
