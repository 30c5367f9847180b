/**
 * A `fetch` for the service worker that has the offscreen document carry out the request (see
 * index.ts for why). Same contract as the client's fetch seam: resolves with the status, the
 * response type and the text; rejects with a TypeError when the network failed, and with the
 * signal's reason when the caller aborted or timed out (the abort is passed on to the document).
 */
import * as v from 'valibot';
import type { FirewallFetch, FirewallResponse } from '../../opnsense/client.ts';
import { RELAY_TARGET, RelayAnswerSchema, type RelayMessage } from './relay-protocol.ts';

export interface RelayFetchDeps {
  /** Opens the offscreen document if it is not open yet. */
  ensureDocument(): Promise<void>;
  sendMessage(message: RelayMessage): Promise<unknown>;
  newId(): string;
}

export function createRelayFetch(deps: RelayFetchDeps): FirewallFetch {
  return async (url, init) => {
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    await deps.ensureDocument();
    const id = deps.newId();
    const headers = [...new Headers(init.headers)];
    const body = typeof init.body === 'string' ? init.body : null;
    const answered = deps.sendMessage({
      target: RELAY_TARGET,
      type: 'fetch',
      id,
      url,
      method: init.method ?? 'GET',
      headers,
      body,
      credentials: init.credentials ?? 'same-origin',
      redirect: init.redirect ?? 'follow',
    });
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
