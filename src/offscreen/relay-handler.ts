/**
 * The offscreen document's one job: carry out a request to a firewall for the service worker and
 * answer with plain JSON. It runs in a document because Chromium applies the certificate
 * exception an admin accepted on the warning page only to requests that belong to a document; a
 * request from the MV3 service worker is cancelled on the certificate error (see
 * src/background/transport/index.ts).
 */
import * as v from 'valibot';
import {
  RelayMessageSchema,
  type RelayAnswer,
  type RelayRequest,
} from '../background/transport/relay-protocol.ts';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Answers relay messages; anything else gets `undefined` (not ours, let others answer). */
export function createRelayHandler(
  doFetch: Fetch,
): (message: unknown) => Promise<RelayAnswer> | undefined {
  const inFlight = new Map<string, AbortController>();

  async function run(request: RelayRequest): Promise<RelayAnswer> {
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers.map(([name, value]) => [name, value]),
        ...(request.body === null ? {} : { body: request.body }),
        credentials: request.credentials,
        redirect: request.redirect,
        cache: 'no-store',
        signal: controller.signal,
      });
      const text = await response.text();
      return {
        ok: true,
        status: response.status,
        statusText: response.statusText,
        type: response.type,
        headers: [...response.headers],
        text,
      };
    } catch (error) {
      return {
        ok: false,
        aborted: controller.signal.aborted,
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      inFlight.delete(request.id);
    }
  }

  return (message) => {
    const parsed = v.safeParse(RelayMessageSchema, message);
    if (!parsed.success) return undefined;
    const relay = parsed.output;
    if (relay.type === 'abort') {
      inFlight.get(relay.id)?.abort();
      return Promise.resolve({ ok: false, aborted: true, message: 'aborted' });
    }
    return run(relay);
  };
}
