/**
 * A `fetch` for the service worker that has the offscreen document carry out the request (see
 * index.ts for why). Same contract as the client's fetch seam: resolves with the status, the
 * response type and the text; rejects with a TypeError when the network failed, and with the
 * signal's reason when the caller aborted or timed out (the abort is passed on to the document).
 *
 * Sends only what the document will carry out (relay-protocol.ts) and only to an origin the admin
 * enabled: the document cannot ask the browser which hosts are granted, so the worker asks here.
 */
import * as v from 'valibot';
import type { FirewallFetch, FirewallResponse } from '../../opnsense/client.ts';
import {
  isEndpointRequest,
  RELAY_TARGET,
  RelayAnswerSchema,
  type RelayMessage,
  type RelayRequest,
} from './relay-protocol.ts';

export interface RelayFetchDeps {
  /** Opens the offscreen document if it is not open yet. */
  ensureDocument(): Promise<void>;
  sendMessage(message: RelayMessage): Promise<unknown>;
  newId(): string;
  /** Whether the admin granted this origin's host (permissions). */
  isEnabledOrigin(origin: string): Promise<boolean>;
}

/** What the relay refuses to send: the same as a network failure to the client. */
function refused(reason: string): TypeError {
  return new TypeError(`the offscreen relay refuses this request: ${reason}`);
}

export function createRelayFetch(deps: RelayFetchDeps): FirewallFetch {
  return async (url, init) => {
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const method = init.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') throw refused(`method ${method}`);
    if (!isEndpointRequest(url, method)) throw refused('not an endpoint of the API table');
    if (init.redirect !== 'manual') throw refused('redirects must not be followed');
    const credentials = init.credentials ?? 'omit';
    if (credentials !== 'include' && credentials !== 'omit') {
      throw refused(`credentials ${credentials}`);
    }
    const body = init.body ?? null;
    if (body !== null && body !== '{}') throw refused('a body the client never sends');
    if (!(await deps.isEnabledOrigin(new URL(url).origin))) throw refused('origin not enabled');
    await deps.ensureDocument();
    const id = deps.newId();
    const headers = [...new Headers(init.headers)];
    const request: RelayRequest = {
      target: RELAY_TARGET,
      type: 'fetch',
      id,
      url,
      method,
      headers,
      body,
      credentials,
      redirect: 'manual',
    };
    const answered = deps.sendMessage(request);
    const aborted = new Promise<never>((_resolve, reject) => {
      if (!signal) return;
      signal.addEventListener(
        'abort',
        () => {
          void deps.sendMessage({ target: RELAY_TARGET, type: 'abort', id }).catch(() => undefined);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
    const raw = await Promise.race([answered, aborted]);
    const answer = v.safeParse(RelayAnswerSchema, raw);
    if (!answer.success) {
      // No document answered (it was closed under us) or it said something else.
      throw new TypeError('the offscreen document did not carry out the request');
    }
    const result = answer.output;
    if (!result.ok) {
      if (result.aborted && signal?.aborted) throw signal.reason as Error;
      throw new TypeError(result.message);
    }
    const response: FirewallResponse = {
      status: result.status,
      type: result.type,
      text: () => Promise.resolve(result.text),
    };
    return response;
  };
}
