/**
 * Which of the GUI's own requests reload, restart or start HAProxy, whatever page sent them. Pure:
 * the request follower (request-follower.ts) asks this for every request the browser reports.
 *
 * Requests, not buttons: button ids and page layouts change between OPNsense versions, while these
 * API paths are what every page posts (docs/opnsense.md §3, §4, §8): reconfigure for Apply and
 * Save & Apply on every tab of the HAProxy page (including the reconfigure that "Try anyway?" posts
 * after a configtest ALERT), the plugin's own restart and start, and core's restart and start of
 * the haproxy service, which System › Services and the dashboard's widget post. On an HA master,
 * Status › High Availability's "Synchronize and restart" (per service, or all of them; the 24.x
 * page posts a form) restarts HAProxy on the **backup** (`ha-backup`): the check then looks at
 * the backup, not at the firewall the request went to (ha-backup.ts finds which it is).
 * A stop is not followed: the admin meant HAProxy to stop, and stop ends every process anyway.
 *
 * The ACME client's requests restart HAProxy too, but not as the admin's own action: its HAProxy
 * integration restarts before it answers, and only when it changed HAProxy items; issuing or
 * renewing a certificate and running its automations restart in the background, after the answer
 * (docs/opnsense.md §8). Those are followed by the newest PID (deferred-restart.ts), not by a check.
 */
import type { ActionTrigger } from '../../core/model.ts';
import {
  ENDPOINTS,
  LEGACY_HA_STATUS_PAGE,
  acceptsMethod,
  type OpnsenseEndpoint,
} from '../../opnsense/endpoints.ts';

/** A local reload, start or restart; or one on the HA backup of the firewall it was sent to. */
export type ReloadTrigger = ActionTrigger | 'ha-backup';

export interface ReloadRequest {
  /** The GUI origin the request went to, port included (the HA master for `ha-backup`). */
  readonly origin: string;
  readonly trigger: ReloadTrigger;
}

/** A form body as webRequest reports it: field name → values. */
export type FormFields = Readonly<Record<string, readonly string[]>>;

interface FollowedRequest {
  readonly endpoint: OpnsenseEndpoint;
  readonly trigger: ReloadTrigger;
  /** For a page that does several things: whether this body is the restart. */
  readonly body?: (fields: FormFields | null) => boolean;
}

const RELOADS: readonly FollowedRequest[] = [
  { endpoint: ENDPOINTS.serviceReconfigure, trigger: 'apply' },
  { endpoint: ENDPOINTS.serviceRestart, trigger: 'restart' },
  { endpoint: ENDPOINTS.serviceStart, trigger: 'start' },
  { endpoint: ENDPOINTS.coreServiceRestart, trigger: 'restart' },
  { endpoint: ENDPOINTS.coreServiceStart, trigger: 'start' },
  { endpoint: ENDPOINTS.haRestartBackup, trigger: 'ha-backup' },
  { endpoint: ENDPOINTS.haStartBackup, trigger: 'ha-backup' },
  { endpoint: ENDPOINTS.haRestartAllBackup, trigger: 'ha-backup' },
  // 24.x: `action=exec_sync` only syncs; `action=restart&service=haproxy` restarts it on the backup.
  {
    endpoint: LEGACY_HA_STATUS_PAGE,
    trigger: 'ha-backup',
    body: (fields) => only(fields, 'action') === 'restart' && only(fields, 'service') === 'haproxy',
  },
];

function only(fields: FormFields | null, name: string): string | null {
  const values = fields && Object.hasOwn(fields, name) ? fields[name] : undefined;
  return values?.length === 1 ? (values[0] ?? null) : null;
}

/** Whether requests to this path are only known by their body (webRequest must report it). */
export function needsRequestBody(url: string): boolean {
  try {
    return new URL(url).pathname === LEGACY_HA_STATUS_PAGE.path;
  } catch {
    return false;
  }
}

/**
 * The fields of a urlencoded form body, from what webRequest reports: `formData` when the browser
 * parsed it, else the raw bytes (a body the browser did not parse, e.g. sent by script). Null when
 * there is no readable form.
 */
export function formFieldsOf(
  requestBody:
    | {
        // Arrays of strings in both browsers; the polyfill's types say strings.
        readonly formData?: Readonly<Record<string, unknown>> | undefined;
        readonly raw?: readonly { readonly bytes?: unknown }[] | undefined;
      }
    | null
    | undefined,
): FormFields | null {
  if (!requestBody) return null;
  if (requestBody.formData) {
    return Object.fromEntries(
      Object.entries(requestBody.formData).map(([name, values]) => [
        name,
        (Array.isArray(values) ? values : [values]).filter(
          (value): value is string => typeof value === 'string',
        ),
      ]),
    );
  }
  const bytes = requestBody.raw?.[0]?.bytes;
  if (!(bytes instanceof ArrayBuffer) || bytes.byteLength > 10_000) return null;
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
    (Object.hasOwn(fields, name) ? fields[name] : (fields[name] = []))?.push(value);
  }
  return fields;
}

/** When an ACME request's HAProxy restart runs: before its answer, or some time after it. */
export type AcmeRestartTiming = 'at-once' | 'later';

export interface AcmeRestartRequest {
  readonly origin: string;
  readonly timing: AcmeRestartTiming;
}

const ACME_RESTARTS: readonly {
  readonly endpoint: OpnsenseEndpoint;
  readonly timing: AcmeRestartTiming;
  /** The path names the certificate after the action: `…/sign/<uuid>`. */
  readonly withId: boolean;
}[] = [
  { endpoint: ENDPOINTS.acmeHaproxyIntegration, timing: 'at-once', withId: false },
  { endpoint: ENDPOINTS.acmeSign, timing: 'later', withId: true },
  { endpoint: ENDPOINTS.acmeAutomation, timing: 'later', withId: true },
  { endpoint: ENDPOINTS.acmeSignAll, timing: 'later', withId: false },
];

/** For webRequest's filter: any host (the browser reports only the hosts the admin granted). */
export const RELOAD_REQUEST_PATTERNS: readonly string[] = [
  ...RELOADS.map(({ endpoint }) => `*://*${endpoint.path}*`),
  ...ACME_RESTARTS.map(({ endpoint }) => `*://*${endpoint.path}*`),
];

/** The origin and the path of an http(s) URL, trailing slashes dropped; null for anything else. */
function originAndPath(url: string): { origin: string; path: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return { origin: parsed.origin, path: parsed.pathname.replace(/\/+$/, '') };
}

/**
 * The reload a request asks for, or null. Only a method the endpoint acts on counts, POST for all
 * of these: OPNsense answers a GET of these paths without doing anything (docs/opnsense.md §4).
 * The path is compared whole, after the URL parser has resolved dot segments, so
 * `/api/haproxy/service/reconfigure/../status` is not a reload.
 */
export function reloadRequestFor(
  url: string,
  method: string,
  fields: FormFields | null = null,
): ReloadRequest | null {
  const parsed = originAndPath(url);
  if (parsed === null) return null;
  const reload = RELOADS.find(({ endpoint }) => endpoint.path === parsed.path);
  if (reload === undefined || !acceptsMethod(reload.endpoint, method)) return null;
  if (reload.body && !reload.body(fields)) return null;
  return { origin: parsed.origin, trigger: reload.trigger };
}

/**
 * The ACME request that may restart HAProxy, or null: POST only, the path compared whole as above,
 * with exactly one non-empty segment after the actions that name a certificate.
 */
export function acmeRestartFor(url: string, method: string): AcmeRestartRequest | null {
  const parsed = originAndPath(url);
  if (parsed === null) return null;
  const restart = ACME_RESTARTS.find(({ endpoint, withId }) =>
    withId
      ? parsed.path.startsWith(`${endpoint.path}/`) &&
        /^[^/]+$/.test(parsed.path.slice(endpoint.path.length + 1))
      : parsed.path === endpoint.path,
  );
  if (restart === undefined || !acceptsMethod(restart.endpoint, method)) return null;
  return { origin: parsed.origin, timing: restart.timing };
}
