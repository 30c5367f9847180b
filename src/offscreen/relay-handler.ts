/**
 * The offscreen document's one job: carry out a request to a firewall for the service worker and
 * answer with plain JSON. It runs in a document because Chromium applies the certificate
 * exception an admin accepted on the warning page only to requests that belong to a document; a
 * request from the MV3 service worker is cancelled on the certificate error (see
 * src/background/transport/index.ts).
 *
 * It fetches with the admin's session, so it obeys the service worker only: a content script can
 * send runtime messages too, and a compromised renderer of one firewall's tab must not get another
 * firewall's pages read for it (docs/security.md, "The offscreen relay"). Which origins are
 * enabled is checked by the worker before it sends (relay-fetch.ts): the document has no
 * `permissions` API, only `runtime`.
 */
import * as v from 'valibot';
import {
  RelayMessageSchema,
  type RelayAnswer,
  type RelayRequest,
} from '../background/transport/relay-protocol.ts';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** The parts of `runtime.MessageSender` the document looks at. */
export interface RelaySender {
  readonly id?: string;
  readonly url?: string;
  readonly tab?: unknown;
}

export interface RelayHandlerDeps {
  readonly fetch: Fetch;
  /** This extension's id. */
  readonly extensionId: string;
  /** The service worker's script URL, as the browser reports it for the worker's messages. */
  readonly workerUrl: string;
}

/** Whether a message comes from this extension's service worker, and nothing else. */
export function isServiceWorker(sender: RelaySender | undefined, deps: RelayHandlerDeps): boolean {
  return (
    sender !== undefined &&
    sender.tab === undefined &&
    sender.id === deps.extensionId &&
    sender.url === deps.workerUrl
  );
}

/** Answers the worker's relay messages; anything else gets `undefined` (not ours, or refused). */
export function createRelayHandler(
  deps: RelayHandlerDeps,
): (message: unknown, sender: RelaySender | undefined) => Promise<RelayAnswer> | undefined {
  const inFlight = new Map<string, AbortController>();

  async function run(request: RelayRequest): Promise<RelayAnswer> {
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const response = await deps.fetch(request.url, {
        method: request.method,
        headers: request.headers.map(([name, value]): [string, string] => [name, value]),
        ...(request.body === null ? {} : { body: request.body }),
        credentials: request.credentials,
        redirect: request.redirect,
        cache: 'no-store',
        signal: controller.signal,
      });
      const text = await response.text();
      // Only what the client reads (FirewallResponse): no header, no status text.
      return { ok: true, status: response.status, type: response.type, text };
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

  return (message, sender) => {
    if (!isServiceWorker(sender, deps)) return undefined;
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
