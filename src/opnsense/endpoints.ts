/**
 * Every OPNsense API path the extension calls or follows, with the method(s) the server acts on
 * and the user privilege (System > Access > Users/Groups) its ACL checks: the one table of them.
 * Other modules import an entry, or a pattern derived from one, and never write a path of their
 * own (test/unit/opnsense/endpoints.test.ts fails on an `/api/` literal anywhere else in src/).
 *
 * Checked against opnsense/core f95e815 (tags 24.1, 24.7, 25.1, 25.7, 26.1: the controllers, the
 * router and the ACL files) and opnsense/plugins 8e47228 (net/haproxy, tags 23.1 … 26.1); what
 * each answers and which privilege it needs: docs/opnsense.md §4 and §8. When OPNsense renames a
 * path, change it here only.
 */

// Plain constants, not reads of PRIVILEGE: the bundler keeps every property read it sees, and
// with it the whole object, in bundles that need no privilege at all (the page observer).
const HAPROXY = 'Services: HAProxy';
const SYSTEM_ACTIVITY = 'Diagnostics: System Activity';
const SERVICES = 'Status: Services';
const HA_STATUS = 'Status: HA backup';
const HA_SETTINGS = 'System: High Availability';
const ACME = 'Services: ACME Client';

/** The exact privilege names OPNsense shows; the UI localises by these, so keep them verbatim. */
export const PRIVILEGE = {
  haproxy: HAPROXY,
  systemActivity: SYSTEM_ACTIVITY,
  /** Core's service list and its start/stop/restart (`api/core/service/*`). */
  services: SERVICES,
  /** Status › High Availability: sync and restart the backup's services (`api/core/hasync_status/*`). */
  haStatus: HA_STATUS,
  /** The HA settings (`api/core/hasync/*`), which name the peer the master syncs to. */
  haSettings: HA_SETTINGS,
  /** The os-acme-client plugin's whole API (`page-services-acmeclient`); followed, never called. */
  acme: ACME,
} as const;

export type OpnsensePrivilege = (typeof PRIVILEGE)[keyof typeof PRIVILEGE];

export type HttpMethod = 'GET' | 'POST';

export interface OpnsenseEndpoint {
  readonly path: string;
  /** Methods the server acts on; the first is the one this client uses. */
  readonly methods: readonly [HttpMethod, ...HttpMethod[]];
  readonly privilege: OpnsensePrivilege;
}

// One const per entry: a group built from them (PAGE_ACTION_ENDPOINTS) lets a bundle such as the
// page observer's carry only its own entries, not the whole table.
/** Called: `{"status":"running"|…}` read from the pidfile only; blind to a second process. */
const serviceStatus = {
  path: '/api/haproxy/service/status',
  methods: ['GET', 'POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: what Apply, Save & Apply and "Try anyway?" post. */
const serviceReconfigure = {
  path: '/api/haproxy/service/reconfigure',
  methods: ['POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: what Apply posts before reconfigure. */
const serviceConfigtest = {
  path: '/api/haproxy/service/configtest',
  methods: ['POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

// start/stop/restart answer GET with `{"response":[]}` and do nothing, so only POST counts.
/** Called by the remediation; followed when the GUI or an API client sends it. */
const serviceStart = {
  path: '/api/haproxy/service/start',
  methods: ['POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Called by the remediation (stop ends every haproxy process, docs/opnsense.md §2). */
const serviceStop = {
  path: '/api/haproxy/service/stop',
  methods: ['POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Followed when an API client sends it; the remediation never does (a restart keeps an orphan). */
const serviceRestart = {
  path: '/api/haproxy/service/restart',
  methods: ['POST'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: System › Services and the dashboard's services widget. */
const coreServiceRestart = {
  path: '/api/core/service/restart/haproxy',
  methods: ['POST'],
  privilege: SERVICES,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: System › Services and the dashboard's services widget. */
const coreServiceStart = {
  path: '/api/core/service/start/haproxy',
  methods: ['POST'],
  privilege: SERVICES,
} as const satisfies OpnsenseEndpoint;

// HA pairs (docs/opnsense.md §8): these run on the master and restart HAProxy on the backup.
/** Followed, never called: Status › High Availability (25.1+), "Synchronize and restart" per service. */
const haRestartBackup = {
  path: '/api/core/hasync_status/restart/haproxy',
  methods: ['POST'],
  privilege: HA_STATUS,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: the same page's start of a stopped service on the backup. */
const haStartBackup = {
  path: '/api/core/hasync_status/start/haproxy',
  methods: ['POST'],
  privilege: HA_STATUS,
} as const satisfies OpnsenseEndpoint;

/** Followed, never called: "Synchronize and reconfigure all", every service of the backup. */
const haRestartAllBackup = {
  path: '/api/core/hasync_status/restart_all',
  methods: ['POST'],
  privilege: HA_STATUS,
} as const satisfies OpnsenseEndpoint;

/**
 * Called on the master: the HA settings. `hasync.synchronizetoip` names the backup; the same
 * answer carries the peer's XMLRPC password (`hasync.password`): read that one field, drop the
 * rest at once, never keep or log the answer.
 */
const haSettingsGet = {
  path: '/api/core/hasync/get',
  methods: ['GET'],
  privilege: HA_SETTINGS,
} as const satisfies OpnsenseEndpoint;

/**
 * Followed, never called: Status › HA on 24.1/24.7, a page of its own (not under /api/) that posts
 * form-encoded fields to itself: `action=restart&service=haproxy` restarts HAProxy on the backup
 * (after `action=exec_sync`, which only syncs). Only the body tells a restart from a sync
 * (reload-requests.ts).
 */
export const LEGACY_HA_STATUS_PAGE = {
  path: '/status_habackup.php',
  methods: ['POST'],
  privilege: HA_STATUS,
} as const satisfies OpnsenseEndpoint;

/** Called: `show info` of the newest process only; empty body when the stats socket is missing. */
const statisticsInfo = {
  path: '/api/haproxy/statistics/info',
  methods: ['GET'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Called: holds userlist passwords in clear text: reduce at once, never keep or log the answer. */
const settingsGet = {
  path: '/api/haproxy/settings/get',
  methods: ['GET'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/**
 * Called after a followed reload: `{"response": "<diff -Naur running staging>"}`, empty when the
 * generated configuration is the one running (docs/opnsense.md §8). Holds userlist passwords:
 * reduce at once, never keep or log the answer.
 */
const exportDiff = {
  path: '/api/haproxy/export/diff',
  methods: ['GET'],
  privilege: HAPROXY,
} as const satisfies OpnsenseEndpoint;

/** Called: per-thread `top` rows; slow (top samples twice, 1–2 s on a real firewall). */
const activity = {
  path: '/api/diagnostics/activity/get_activity',
  methods: ['GET'],
  privilege: SYSTEM_ACTIVITY,
} as const satisfies OpnsenseEndpoint;

// The ACME client's requests that restart HAProxy (docs/opnsense.md §8): followed, never called.
/**
 * "Issue or renew" posts it first, the settings page on save: restarts HAProxy before it answers,
 * and only when the integration changed HAProxy items.
 */
const acmeHaproxyIntegration = {
  path: '/api/acmeclient/settings/fetch_ha_proxy_integration',
  methods: ['POST'],
  privilege: ACME,
} as const satisfies OpnsenseEndpoint;

/**
 * `…/sign/<uuid>`, `…/automation/<uuid>`, `signallcerts`: the certificate's automations run after
 * the answer, the HAProxy restart among them, seconds to minutes later.
 */
const acmeSign = {
  path: '/api/acmeclient/certificates/sign',
  methods: ['POST'],
  privilege: ACME,
} as const satisfies OpnsenseEndpoint;

const acmeAutomation = {
  path: '/api/acmeclient/certificates/automation',
  methods: ['POST'],
  privilege: ACME,
} as const satisfies OpnsenseEndpoint;

const acmeSignAll = {
  path: '/api/acmeclient/service/signallcerts',
  methods: ['POST'],
  privilege: ACME,
} as const satisfies OpnsenseEndpoint;

/** The table by name: what the client and the tests go through. */
export const ENDPOINTS = {
  serviceStatus,
  serviceReconfigure,
  serviceConfigtest,
  serviceStart,
  serviceStop,
  serviceRestart,
  coreServiceRestart,
  coreServiceStart,
  haRestartBackup,
  haStartBackup,
  haRestartAllBackup,
  haSettingsGet,
  statisticsInfo,
  settingsGet,
  exportDiff,
  activity,
  acmeHaproxyIntegration,
  acmeSign,
  acmeAutomation,
  acmeSignAll,
} as const satisfies Record<string, OpnsenseEndpoint>;

export type ServiceAction = 'start' | 'stop' | 'restart';

/** What the client posts for each service action it may send. */
export const SERVICE_ACTION_ENDPOINTS = {
  start: serviceStart,
  stop: serviceStop,
  restart: serviceRestart,
} as const satisfies Record<ServiceAction, OpnsenseEndpoint>;

/** The HAProxy page's own requests that the page observer follows, by the action it reports. */
export const PAGE_ACTION_ENDPOINTS = {
  configtest: serviceConfigtest,
  reconfigure: serviceReconfigure,
  start: serviceStart,
  restart: serviceRestart,
} as const satisfies Record<string, OpnsenseEndpoint>;

/** Whether OPNsense acts on `method` (any case) at this endpoint. */
export function acceptsMethod(endpoint: OpnsenseEndpoint, method: string): boolean {
  return endpoint.methods.some((accepted) => accepted === method.toUpperCase());
}

/**
 * A 404 here means the os-haproxy plugin is missing: OPNsense only routes `/api/haproxy/…` when the
 * plugin's controllers are installed.
 */
export function isHaproxyPluginPath(path: string): boolean {
  return path.startsWith('/api/haproxy/');
}
