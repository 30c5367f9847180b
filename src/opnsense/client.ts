/**
 * The one OPNsense API client: builds each request for the chosen authentication, bounds it in
 * time, checks the answer's envelope and hands it to the pure parsers in `src/core`. Every failure
 * becomes an `OpnsenseError` (see errors.ts), except a caller's abort, which stays an AbortError.
 *
 * Longer than most files on purpose: it is the one place where every request is built,
 * authenticated, bounded in time and checked; each endpoint's reader is a few lines of it.
 */
import * as v from 'valibot';
import { summariseConfigDiff } from '../core/config-diff.ts';
import type {
  ConfigChanges,
  CurrentProcessInfo,
  ProcessPicture,
  ServiceStatus,
  StopSettings,
} from '../core/model.ts';
import { readProcessList } from '../core/process-list.ts';
import { readCurrentProcessInfo } from '../core/show-info.ts';
import { readStopSettings } from '../core/stop-settings.ts';
import { withoutCredentials } from '../core/sync-peer.ts';
import {
  ENDPOINTS,
  SERVICE_ACTION_ENDPOINTS,
  isHaproxyPluginPath,
  type HttpMethod,
  type OpnsenseEndpoint,
  type ServiceAction,
} from './endpoints.ts';
import { OpnsenseError } from './errors.ts';
import { TransportFailure } from './transport-failure.ts';

/** What the client reads of a response: also what the offscreen relay can hand back. */
export interface FirewallResponse {
  readonly status: number;
  /** `opaqueredirect` when the firewall redirected (requests use `redirect: 'manual'`). */
  readonly type: ResponseType;
  text(): Promise<string>;
}

/**
 * The client's network seam: `globalThis.fetch` fits it, and so does the browser transport
 * (src/background/transport), which relays requests where the browser needs it.
 */
export type FirewallFetch = (url: string, init: RequestInit) => Promise<FirewallResponse>;

export type OpnsenseAuth =
  /** The admin's browser session (cookie `PHPSESSID`); `csrfToken` is read from the page layout. */
  | { readonly kind: 'session'; readonly csrfToken: string | null }
  | { readonly kind: 'api-key'; readonly key: string; readonly secret: string };

export interface OpnsenseClientOptions {
  /** e.g. "https://fw.example.lan:8443" — no trailing slash, no path */
  readonly origin: string;
  readonly auth: OpnsenseAuth;
  readonly fetch?: FirewallFetch;
  /** Per request; default 15 000 ms. `get_activity` alone takes 1–2 s on a real firewall. */
  readonly timeoutMs?: number;
}

export interface OpnsenseClient {
  /** GET /api/haproxy/service/status (pidfile only: blind to a second process). */
  serviceStatus(signal?: AbortSignal): Promise<ServiceStatus>;
  /** GET /api/haproxy/statistics/info; null when the stats socket is missing (empty 200). */
  currentProcess(signal?: AbortSignal): Promise<CurrentProcessInfo | null>;
  /** GET get_activity (the router accepts it on every version since ~20.7). */
  processes(signal?: AbortSignal): Promise<ProcessPicture>;
  /** GET /api/haproxy/settings/get, reduced at once; the answer itself is never kept. */
  stopSettings(signal?: AbortSignal): Promise<StopSettings>;
  /**
   * GET /api/haproxy/export/diff, reduced at once to a count and section names (null: none): the
   * running configuration against the generated one. The answer itself is never kept.
   */
  undeployedChanges(signal?: AbortSignal): Promise<ConfigChanges | null>;
  /**
   * GET /api/core/hasync/get on an HA master: the peer it syncs to (`hasync.synchronizetoip`, an
   * address or a URL), or null when none is set. The answer also holds the peer's XMLRPC password:
   * only this one field leaves the client.
   */
  syncPeer(signal?: AbortSignal): Promise<string | null>;
  /** POST /api/haproxy/service/<action>; resolves to the configd output (`response`). */
  serviceAction(action: ServiceAction, options?: ServiceActionOptions): Promise<string>;
}

export interface ServiceActionOptions {
  readonly signal?: AbortSignal;
  /**
   * This call's time limit instead of the client's: a graceful stop answers only once the
   * current process has drained, up to `hard-stop-after` (docs/opnsense.md §2).
   */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

// Envelopes only: the parsers in src/core read the contents. Valibot issues quote the received
// values, so an issue is never passed on (settings/get would leak passwords through it).
const StatusEnvelope = v.object({ status: v.string() });
const ActionEnvelope = v.object({ response: v.string() });
// Not v.record: it accepts arrays, and `show info` is always a flat object.
const InfoEnvelope = v.custom<Readonly<Record<string, unknown>>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
);
const ActivityEnvelope = v.looseObject({ details: v.array(v.unknown()) });
const SettingsEnvelope = v.looseObject({ haproxy: v.looseObject({}) });
const HasyncEnvelope = v.looseObject({ hasync: v.looseObject({}) });

const SERVICE_STATUSES: readonly string[] = [
  'running',
  'stopped',
  'disabled',
  'unknown',
] satisfies ServiceStatus[];

/** A 2xx body that is not an HTML page (those are turned into errors before this). */
type Body =
  | { readonly kind: 'empty' }
  | { readonly kind: 'json'; readonly value: unknown }
  /** Starts like JSON but does not parse: cut off on the way. */
  | { readonly kind: 'cut-off-json' }
  | { readonly kind: 'text' };

interface Answer {
  readonly status: number;
  /** A redirect under `redirect: 'manual'` (status 0, no body), or any 3xx. */
  readonly redirected: boolean;
  readonly text: string;
}

export function createOpnsenseClient(options: OpnsenseClientOptions): OpnsenseClient {
  const { auth } = options;
  // Resolve paths against the origin's URL so a stray trailing slash or path cannot double up.
  const base = new URL(options.origin);
  // Called as a plain function, never as a method of another object: browsers throw "Illegal
  // invocation" when fetch's `this` is not the global.
  const doFetch: FirewallFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization =
    auth.kind === 'api-key' ? `Basic ${base64Utf8(`${auth.key}:${auth.secret}`)}` : null;

  async function send(
    endpoint: OpnsenseEndpoint,
    method: HttpMethod,
    callerSignal: AbortSignal | undefined,
    callTimeoutMs = timeoutMs,
  ): Promise<Answer> {
    callerSignal?.throwIfAborted();
    const headers = new Headers({ Accept: 'application/json' });
    if (authorization !== null) headers.set('Authorization', authorization);
    if (method === 'POST') {
      // An API-key POST with a JSON content type and an empty body is refused with 400.
      headers.set('Content-Type', 'application/json');
      // Without a token the POST still goes out: the server's 403 then says what is wrong.
      if (auth.kind === 'session' && auth.csrfToken !== null) {
        headers.set('X-CSRFToken', auth.csrfToken);
      }
    }
    const timeout = AbortSignal.timeout(callTimeoutMs);
    const signal = callerSignal === undefined ? timeout : AbortSignal.any([callerSignal, timeout]);
    try {
      const response = await doFetch(new URL(endpoint.path, base).href, {
        method,
        headers,
        ...(method === 'POST' ? { body: '{}' } : {}),
        // A key's requests must stand on the key alone, not on (and not extend) the admin's session.
        credentials: auth.kind === 'session' ? 'include' : 'omit',
        // Status polling must reach the firewall every time.
        cache: 'no-store',
        // OPNsense's API never redirects. A redirect is a proxy's login page, an HTTP-to-HTTPS
        // rule, or someone on the way: following it would resend X-CSRFToken (307) and read
        // JSON from wherever it points. It is reported instead (see interpret).
        redirect: 'manual',
        signal,
      });
      // Read inside the try: the timeout also covers a body that trickles in or never ends.
      const text = await response.text();
      return { status: response.status, redirected: response.type === 'opaqueredirect', text };
    } catch (error) {
      if (callerSignal?.aborted === true) throw abortError(callerSignal);
      if (timeout.aborted) {
        throw new OpnsenseError({
          kind: 'timeout',
          endpoint: endpoint.path,
          detail: `no answer within ${formatSeconds(callTimeoutMs)}`,
          cause: error,
        });
      }
      // fetch says neither "refused" nor "certificate not trusted": both are a bare TypeError.
      // The browser transport finds out which from the browser's network error.
      if (error instanceof TransportFailure && error.reason === 'certificate') {
        throw new OpnsenseError({
          kind: 'certificate',
          endpoint: endpoint.path,
          detail: base.origin,
          cause: error,
        });
      }
      throw new OpnsenseError({
        kind: 'network',
        endpoint: endpoint.path,
        detail: base.origin,
        cause: error,
      });
    }
  }

  /** Turns every non-2xx answer and every HTML page into an error; the rest is left to the caller. */
  function interpret(endpoint: OpnsenseEndpoint, method: HttpMethod, answer: Answer): Body {
    const { status } = answer;
    const path = endpoint.path;
    if (answer.redirected || (status >= 300 && status < 400)) {
      throw new OpnsenseError({ kind: 'redirected', endpoint: path, detail: base.origin });
    }
    if (status === 401) {
      throw new OpnsenseError({
        kind: auth.kind === 'api-key' ? 'api-key-rejected' : 'session-expired',
        endpoint: path,
        status,
      });
    }
    if (status === 403) {
      throw new OpnsenseError({
        kind: forbiddenKind(method, answer.text),
        endpoint: path,
        status,
        privilege: endpoint.privilege,
      });
    }
    // Routing comes before authentication: without the plugin its paths are unknown, 404
    // `{"errorMessage":"Endpoint not found"}` on 24.7+, 400 `{"message":"… not found"}` from
    // Phalcon on 24.1 and older, even without a session.
    if (isHaproxyPluginPath(path) && (status === 404 || isNotFound400(status, answer.text))) {
      throw new OpnsenseError({ kind: 'not-installed', endpoint: path, status });
    }
    if (status >= 500) throw new OpnsenseError({ kind: 'server', endpoint: path, status });
    if (status < 200 || status > 299) {
      throw new OpnsenseError({
        kind: 'malformed',
        endpoint: path,
        status,
        detail: 'unexpected HTTP status',
      });
    }

    // In session mode OPNsense passes its JSON output through htmlspecialchars(ENT_NOQUOTES)
    // (ApiControllerBase::afterExecuteRoute): `&`, `<` and `>` arrive as entities, also inside
    // strings such as a command line. An API key's answers are not escaped.
    const raw = answer.text.trim();
    const text = auth.kind === 'session' ? unescapeHtmlSpecialChars(raw) : raw;
    if (text === '') return { kind: 'empty' };
    // Judged by the body: a controller that returns a string gets no JSON Content-Type
    // (ApiControllerBase::afterExecuteRoute), so the header proves little either way.
    if (text.startsWith('<')) {
      // OPNsense itself answers the API with 401, but a proxy in front of it, or a redirect
      // followed by fetch, can turn that into the login form: the credentials no longer count.
      if (looksLikeLoginPage(text)) {
        throw new OpnsenseError({
          kind: auth.kind === 'api-key' ? 'api-key-rejected' : 'session-expired',
          endpoint: path,
          status,
        });
      }
      throw new OpnsenseError({
        kind: 'malformed',
        endpoint: path,
        status,
        detail: 'an HTML page instead of JSON',
      });
    }
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      // The SyntaxError quotes the body, so it is dropped here rather than attached as a cause.
      return text.startsWith('{') || text.startsWith('[')
        ? { kind: 'cut-off-json' }
        : { kind: 'text' };
    }
  }

  /**
   * OPNsense answers 403 both when the session user lacks the privilege and when the CSRF token
   * is missing or stale (ApiControllerBase::beforeExecuteRoute, both without a body in session
   * mode). Only a session POST can be a CSRF refusal; among those, a body that speaks of
   * privileges or carries the JSON that OPNsense writes for ACL refusals points to the privilege.
   */
  function forbiddenKind(method: HttpMethod, body: string): 'forbidden' | 'csrf-rejected' {
    if (auth.kind !== 'session' || method !== 'POST') return 'forbidden';
    return mentionsPrivilege(body) ? 'forbidden' : 'csrf-rejected';
  }

  async function getJson(endpoint: OpnsenseEndpoint, signal?: AbortSignal): Promise<unknown> {
    return expectJson(endpoint, interpret(endpoint, 'GET', await send(endpoint, 'GET', signal)));
  }

  return {
    async serviceStatus(signal) {
      const endpoint = ENDPOINTS.serviceStatus;
      const envelope = v.safeParse(StatusEnvelope, await getJson(endpoint, signal));
      if (!envelope.success) throw wrongShape(endpoint);
      const { status } = envelope.output;
      // Older plugin versions answer the misspelt "unkown"; anything unrecognised means unknown.
      return isServiceStatus(status) ? status : 'unknown';
    },

    async currentProcess(signal) {
      const endpoint = ENDPOINTS.statisticsInfo;
      const body = interpret(endpoint, 'GET', await send(endpoint, 'GET', signal));
      // Without the stats socket, queryStats.php prints a sentence, which the plugin's
      // json_decode turns into an empty answer; a socket that says nothing gives `[]`.
      if (body.kind === 'empty' || body.kind === 'text') return null;
      const value = expectJson(endpoint, body);
      if (value === null || (Array.isArray(value) && value.length === 0)) return null;
      const envelope = v.safeParse(InfoEnvelope, value);
      if (!envelope.success) throw wrongShape(endpoint);
      return parseWith(endpoint, () => readCurrentProcessInfo(value), true);
    },

    async processes(signal) {
      const endpoint = ENDPOINTS.activity;
      const answer = await send(endpoint, 'GET', signal);
      const value = expectJson(endpoint, interpret(endpoint, 'GET', answer));
      if (!v.safeParse(ActivityEnvelope, value).success) throw wrongShape(endpoint);
      return parseWith(endpoint, () => readProcessList(value), true);
    },

    async stopSettings(signal) {
      const endpoint = ENDPOINTS.settingsGet;
      // `value` holds userlist passwords: it stays in this scope and only StopSettings leaves it.
      const value = await getJson(endpoint, signal);
      if (!v.safeParse(SettingsEnvelope, value).success) throw wrongShape(endpoint);
      const settings = parseWith(endpoint, () => readStopSettings(value), false);
      if (settings === null) throw wrongShape(endpoint);
      return settings;
    },

    async undeployedChanges(signal) {
      const endpoint = ENDPOINTS.exportDiff;
      // `value` holds configuration lines with passwords: only the summary leaves this scope.
      const value = await getJson(endpoint, signal);
      const envelope = v.safeParse(ActionEnvelope, value);
      if (!envelope.success) throw wrongShape(endpoint);
      return parseWith(endpoint, () => summariseConfigDiff(envelope.output.response), false);
    },

    async syncPeer(signal) {
      const endpoint = ENDPOINTS.haSettingsGet;
      // `value` holds the peer's XMLRPC password: it stays in this scope, only the address leaves.
      const value = await getJson(endpoint, signal);
      const envelope = v.safeParse(HasyncEnvelope, value);
      if (!envelope.success) throw wrongShape(endpoint);
      const peer: unknown = envelope.output.hasync['synchronizetoip'];
      if (typeof peer !== 'string') throw wrongShape(endpoint);
      const trimmed = withoutCredentials(peer.trim());
      return trimmed === '' ? null : trimmed.slice(0, 500);
    },

    async serviceAction(action, { signal, timeoutMs: callTimeoutMs } = {}) {
      const endpoint = SERVICE_ACTION_ENDPOINTS[action];
      const answer = await send(endpoint, 'POST', signal, callTimeoutMs);
      const envelope = v.safeParse(
        ActionEnvelope,
        expectJson(endpoint, interpret(endpoint, 'POST', answer)),
      );
      if (!envelope.success) throw wrongShape(endpoint);
      return envelope.output.response;
    },
  };
}

function expectJson(endpoint: OpnsenseEndpoint, body: Body): unknown {
  switch (body.kind) {
    case 'json':
      return body.value;
    case 'empty':
      throw malformed(endpoint, 'an empty answer');
    case 'cut-off-json':
      throw malformed(endpoint, 'cut-off JSON');
    case 'text':
      throw malformed(endpoint, 'text that is not JSON');
  }
}

/**
 * The parsers take `unknown` and should not throw; if one does, the admin still gets a readable
 * error. `keepCause` is false for settings/get, whose data could surface through the parser's
 * error message.
 */
function parseWith<T>(endpoint: OpnsenseEndpoint, parse: () => T, keepCause: boolean): T {
  try {
    return parse();
  } catch (error) {
    throw new OpnsenseError({
      kind: 'malformed',
      endpoint: endpoint.path,
      status: 200,
      detail: 'unreadable contents',
      ...(keepCause ? { cause: error } : {}),
    });
  }
}

function malformed(endpoint: OpnsenseEndpoint, detail: string): OpnsenseError {
  return new OpnsenseError({ kind: 'malformed', endpoint: endpoint.path, status: 200, detail });
}

function wrongShape(endpoint: OpnsenseEndpoint): OpnsenseError {
  return malformed(endpoint, 'JSON of an unexpected shape');
}

/** The OPNsense login form (`body.page-login`, fields `usernamefld`/`passwordfld`) or any password form. */
function looksLikeLoginPage(html: string): boolean {
  return (
    /\b(?:usernamefld|passwordfld|page-login)\b/i.test(html) ||
    /<input\b[^>]{0,500}\btype\s*=\s*["']?password\b/i.test(html)
  );
}

function mentionsPrivilege(body: string): boolean {
  if (/privilege|permission|not accessible|access denied|\bacl\b/i.test(body)) return true;
  // The exact body ApiControllerBase writes when the ACL refuses an API-key request.
  try {
    const value: unknown = JSON.parse(body);
    return v.is(v.object({ status: v.literal(403), message: v.literal('Forbidden') }), value);
  } catch {
    return false;
  }
}

/** Phalcon's answer for an unknown controller (OPNsense 24.1 and older). */
function isNotFound400(status: number, body: string): boolean {
  if (status !== 400) return false;
  try {
    const value: unknown = JSON.parse(body);
    return v.is(v.object({ message: v.pipe(v.string(), v.regex(/not found/i)) }), value);
  } catch {
    return false;
  }
}

/** Undoes htmlspecialchars(ENT_NOQUOTES) in one pass, so `&amp;lt;` becomes `&lt;`, not `<`. */
export function unescapeHtmlSpecialChars(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_entity, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
}

function isServiceStatus(status: string): status is ServiceStatus {
  return SERVICE_STATUSES.includes(status);
}

function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The request to OPNsense was aborted.', 'AbortError');
}

// btoa only takes Latin-1; encoding UTF-8 first keeps a key with other characters from throwing.
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function formatSeconds(ms: number): string {
  return `${String(Math.round(ms / 100) / 10)} s`;
}
