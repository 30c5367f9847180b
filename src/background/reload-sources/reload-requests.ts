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

/** For webRequest's filter: any host (the browser reports only the hosts the admin granted). */
export const RELOAD_REQUEST_PATTERNS: readonly string[] = RELOADS.map(
  ({ endpoint }) => `*://*${endpoint.path}*`,
);

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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const path = parsed.pathname.replace(/\/+$/, '');
  const reload = RELOADS.find(({ endpoint }) => endpoint.path === path);
  if (reload === undefined || !acceptsMethod(reload.endpoint, method)) return null;
  if (reload.body && !reload.body(fields)) return null;
  return { origin: parsed.origin, trigger: reload.trigger };
}
