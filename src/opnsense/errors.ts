/**
 * The one error type of the OPNsense client. The UI localises by `kind` and `privilege`; the
 * English `message` is a fallback that tells the admin what to do.
 *
 * Nothing from a response body ever goes into an error: `settings/get` carries userlist passwords
 * in clear text, and even a `JSON.parse` SyntaxError quotes part of its input, so parse failures
 * are never attached as `cause` either.
 */

export type OpnsenseErrorKind =
  /** 401 in session mode, or an HTML login page where JSON was expected. */
  | 'session-expired'
  /** 403: the user lacks `privilege`. */
  | 'forbidden'
  /** 403 on a session-mode POST that does not look like a privilege refusal. */
  | 'csrf-rejected'
  /** 401 in API-key mode. */
  | 'api-key-rejected'
  /** 404 under `/api/haproxy/`: the os-haproxy plugin is missing. */
  | 'not-installed'
  /** 5xx. */
  | 'server'
  /** An answer the client cannot read: wrong shape, cut-off JSON, unexpected HTML or status. */
  | 'malformed'
  | 'timeout'
  /** The browser does not trust the firewall's TLS certificate (not accepted yet, or renewed). */
  | 'certificate'
  /** The answer was a redirect (the API never redirects): a login page, HTTP→HTTPS, a proxy. */
  | 'redirected'
  /** fetch rejected for any other reason: the firewall cannot be reached. */
  | 'network';

export interface OpnsenseErrorInit {
  readonly kind: OpnsenseErrorKind;
  /** The API path, e.g. `/api/haproxy/service/status` (no origin, no query). */
  readonly endpoint: string;
  readonly status?: number | null;
  readonly privilege?: string | null;
  /**
   * A short fixed phrase written by this code that narrows the message of `malformed`, `timeout`
   * and `network` (e.g. "cut-off JSON", the origin). Never text taken from a response.
   */
  readonly detail?: string;
  readonly cause?: unknown;
}

export class OpnsenseError extends Error {
  override readonly name = 'OpnsenseError';
  readonly kind: OpnsenseErrorKind;
  readonly endpoint: string;
  /** HTTP status when there was an answer; null for timeout and network. */
  readonly status: number | null;
  /**
   * The privilege the endpoint needs, verbatim as OPNsense names it. Set for `forbidden`, and for
   * `csrf-rejected` because OPNsense's answer cannot rule out a missing privilege there.
   */
  readonly privilege: string | null;

  constructor(init: OpnsenseErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.status = init.status ?? null;
    this.privilege = init.privilege ?? null;
  }

  /** Keeps the message when the error crosses an extension message boundary as JSON. */
  toJSON(): {
    name: string;
    kind: OpnsenseErrorKind;
    endpoint: string;
    status: number | null;
    privilege: string | null;
    message: string;
  } {
    return {
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint,
      status: this.status,
      privilege: this.privilege,
      message: this.message,
    };
  }
}

export function isOpnsenseError(value: unknown): value is OpnsenseError {
  return value instanceof OpnsenseError;
}

/**
 * The errors no retry fixes: the admin has to act. The one list for the check's look-and-retry
 * policy and for the remediation. `refused`: OPNsense's authentication and ACL refuse the request
 * before its controller runs (docs/opnsense.md §4), which proves it was not carried out, so a
 * remediation may still send it once later; the others are no such proof.
 */
const PERMANENT_ERRORS: Readonly<
  Partial<Record<OpnsenseErrorKind, { readonly refused: boolean }>>
> = {
  /** Until the admin logs in again. */
  'session-expired': { refused: true },
  /** Until the user is granted the privilege. */
  forbidden: { refused: true },
  /** Until the page is reloaded for a fresh token (or the privilege granted: same 403). */
  'csrf-rejected': { refused: true },
  /** Until the key or secret in the options is fixed. */
  'api-key-rejected': { refused: true },
  /** Until os-haproxy is installed: no route, nothing ran. */
  'not-installed': { refused: true },
  /**
   * Until the certificate is accepted in a tab. Learnt from the browser's network error, not
   * from OPNsense: no proof of what the firewall did.
   */
  certificate: { refused: false },
  /**
   * Until the address is fixed or the admin logs in to what sits in front of the API; whether
   * the request got past it is unknown.
   */
  redirected: { refused: false },
};

/** Whether no retry can fix an error of this kind. */
export function isPermanentError(kind: OpnsenseErrorKind): boolean {
  return PERMANENT_ERRORS[kind] !== undefined;
}

/** Whether `error` proves its request was not carried out: OPNsense refused it before acting. */
export function isRefusal(error: unknown): boolean {
  return error instanceof OpnsenseError && PERMANENT_ERRORS[error.kind]?.refused === true;
}

function describe(init: OpnsenseErrorInit): string {
  const { endpoint } = init;
  const status = init.status ?? null;
  const privilege = init.privilege ?? null;
  const detail = init.detail === undefined ? '' : ` (${init.detail})`;
  switch (init.kind) {
    case 'session-expired':
      return `Log in to OPNsense again: the session has ended (${endpoint}).`;
    case 'forbidden':
      return privilege === null
        ? `Your OPNsense user lacks a privilege needed for ${endpoint} (System > Access > Users or Groups).`
        : `Your OPNsense user needs the privilege ${privilege} (System > Access > Users or Groups) for ${endpoint}.`;
    case 'csrf-rejected':
      return (
        `OPNsense refused the request to ${endpoint}: its CSRF token was missing or stale. ` +
        `Reload the OPNsense page and try again; if that does not help, your user may lack ` +
        (privilege === null ? 'a privilege.' : `the privilege ${privilege}.`)
      );
    case 'api-key-rejected':
      return `OPNsense rejected the API key (${endpoint}). Check the key and secret in the extension options, or create a new key under System > Access > Users.`;
    case 'not-installed':
      return `The HAProxy plugin (os-haproxy) is not installed on this OPNsense (${endpoint} not found). Install it under System > Firmware > Plugins.`;
    case 'server':
      return `OPNsense answered with a server error${status === null ? '' : ` (HTTP ${status})`} for ${endpoint}. Try again; if it persists, look at System > Log Files > Backend and Web GUI.`;
    case 'malformed':
      return `OPNsense sent an answer the extension cannot read for ${endpoint}${status === null || status === 200 ? '' : ` (HTTP ${status})`}${detail}. Check that OPNsense and the HAProxy plugin are up to date.`;
    case 'timeout':
      return `OPNsense did not answer ${endpoint} in time${detail}. Check that the firewall is reachable and not overloaded, then try again.`;
    case 'certificate':
      return `The browser does not trust the TLS certificate of OPNsense${detail} yet (${endpoint}). Open the OPNsense GUI in a tab and accept the certificate on the browser's warning page; the extension then checks again.`;
    case 'redirected':
      return `OPNsense${detail} answered ${endpoint} with a redirect, which its API never does. If the GUI redirects HTTP to HTTPS, enable the firewall under its https:// address; if a login page sits in front of it, log in there.`;
    case 'network':
      return `Cannot reach OPNsense${detail} for ${endpoint}. Check that the firewall is up and that this browser can reach its address, then try again.`;
  }
}
