/**
 * What the service worker and the offscreen document say to each other about one request to a
 * firewall, and the only requests the document carries out. Plain JSON both ways: runtime
 * messages cannot carry Request, Response or AbortSignal.
 *
 * Narrow on purpose (docs/security.md, "The offscreen relay"): the document fetches with the
 * admin's session, so the protocol allows exactly what the API client sends (its endpoint paths,
 * its headers, `redirect: 'manual'`) and hands back exactly what the client reads.
 */
import * as v from 'valibot';
import { ENDPOINTS } from '../../opnsense/endpoints.ts';

/** Marks our relay messages, so the offscreen document ignores every other runtime message. */
export const RELAY_TARGET = 'hrg-offscreen-relay';

/** The request headers the API client sets (src/opnsense/client.ts); no other crosses. */
const CLIENT_HEADERS = ['accept', 'authorization', 'content-type', 'x-csrftoken'] as const;

export interface RelayRequest {
  readonly target: typeof RELAY_TARGET;
  readonly type: 'fetch';
  readonly id: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: readonly (readonly [string, string])[];
  /** The client's POSTs carry `{}`; its GETs nothing. */
  readonly body: '{}' | null;
  /** `include` for the browser session, `omit` for an API key: the two modes the client uses. */
  readonly credentials: 'include' | 'omit';
  readonly redirect: 'manual';
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
      /** `opaqueredirect` for a redirect under `redirect: 'manual'`; `basic`/`cors` otherwise. */
      readonly type: ResponseType;
      readonly text: string;
    }
  /** fetch rejected: the message of its TypeError, or an abort; or the request was refused. */
  | { readonly ok: false; readonly aborted: boolean; readonly message: string };

/**
 * Whether `url` is one of the endpoint table's paths on an http(s) origin, asked with a method
 * that endpoint accepts: no query, no fragment, no credentials in the URL.
 */
export function isEndpointRequest(url: string, method: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '') return false;
  if (parsed.hash !== '' || url.includes('#')) return false;
  const endpoint = Object.values(ENDPOINTS).find((entry) => entry.path === parsed.pathname);
  return endpoint !== undefined && (endpoint.methods as readonly string[]).includes(method);
}

const headerName = v.pipe(
  v.string(),
  v.toLowerCase(),
  v.picklist(CLIENT_HEADERS, 'a header the API client does not send'),
);

const FetchSchema = v.pipe(
  v.object({
    target: v.literal(RELAY_TARGET),
    type: v.literal('fetch'),
    id: v.pipe(v.string(), v.maxLength(100)),
    url: v.pipe(v.string(), v.maxLength(2_000)),
    method: v.picklist(['GET', 'POST']),
    headers: v.pipe(
      v.array(v.tuple([headerName, v.pipe(v.string(), v.maxLength(4_000))])),
      v.maxLength(CLIENT_HEADERS.length),
    ),
    body: v.nullable(v.literal('{}')),
    credentials: v.picklist(['include', 'omit']),
    // A redirect is an error the client reports (docs/security.md, "Redirects are errors"):
    // the document must never follow one with the admin's session or a CSRF header.
    redirect: v.literal('manual'),
  }),
  v.check(
    (request) => isEndpointRequest(request.url, request.method),
    'not an endpoint of the API table',
  ),
);

export const RelayMessageSchema = v.variant('type', [
  FetchSchema,
  v.object({
    target: v.literal(RELAY_TARGET),
    type: v.literal('abort'),
    id: v.pipe(v.string(), v.maxLength(100)),
  }),
]);

export const RelayAnswerSchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    status: v.number(),
    type: v.picklist(['basic', 'cors', 'default', 'error', 'opaque', 'opaqueredirect']),
    text: v.string(),
  }),
  v.object({ ok: v.literal(false), aborted: v.boolean(), message: v.string() }),
]);
