/**
 * What the service worker and the offscreen document say to each other about one request to a
 * firewall. Plain JSON both ways: runtime messages cannot carry Request, Response or AbortSignal.
 */
import * as v from 'valibot';

/** Marks our relay messages, so the offscreen document ignores every other runtime message. */
export const RELAY_TARGET = 'hrg-offscreen-relay';

export interface RelayRequest {
  readonly target: typeof RELAY_TARGET;
  readonly type: 'fetch';
  readonly id: string;
  readonly url: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly credentials: RequestCredentials;
  readonly redirect: RequestRedirect;
}

export interface RelayAbort {
  readonly target: typeof RELAY_TARGET;
  readonly type: 'abort';
  readonly id: string;
}

export type RelayMessage = RelayRequest | RelayAbort;

export type RelayAnswer =
  | {
      readonly ok: true;
      readonly status: number;
      readonly statusText: string;
      /** `opaqueredirect` for a redirect under `redirect: 'manual'`; `basic`/`cors` otherwise. */
      readonly type: ResponseType;
      readonly headers: readonly (readonly [string, string])[];
      readonly text: string;
    }
  /** fetch rejected: the message of its TypeError, or an abort. */
  | { readonly ok: false; readonly aborted: boolean; readonly message: string };

const headerList = v.array(v.tuple([v.string(), v.string()]));

export const RelayMessageSchema = v.variant('type', [
  v.object({
    target: v.literal(RELAY_TARGET),
    type: v.literal('fetch'),
    id: v.string(),
    // Only the firewall's http(s) API: the document must never be talked into another scheme.
    url: v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//)),
    method: v.picklist(['GET', 'POST']),
    headers: headerList,
    body: v.nullable(v.string()),
    credentials: v.picklist(['include', 'omit', 'same-origin']),
    redirect: v.picklist(['manual', 'error', 'follow']),
  }),
  v.object({ target: v.literal(RELAY_TARGET), type: v.literal('abort'), id: v.string() }),
]);

export const RelayAnswerSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    status: v.number(),
    statusText: v.string(),
    type: v.picklist(['basic', 'cors', 'default', 'error', 'opaque', 'opaqueredirect']),
    headers: headerList,
    text: v.string(),
  }),
  v.object({ ok: v.literal(false), aborted: v.boolean(), message: v.string() }),
]);
