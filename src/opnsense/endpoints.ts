/**
 * Every OPNsense API path the extension calls or watches, with the method(s) the server accepts
 * and the user privilege (System > Access > Users/Groups) it checks.
 *
 * Checked against the project's facts file (§4), i.e. OPNsense 25.x core
 * (`ApiControllerBase`, `ActivityController`) and the plugin net/haproxy (`ServiceController`,
 * `StatisticsController`, `SettingsController`). When OPNsense renames a path, change it here only.
 */

/** The exact privilege names OPNsense shows; the UI localises by these, so keep them verbatim. */
export const PRIVILEGE = {
  haproxy: 'Services: HAProxy',
  systemActivity: 'Diagnostics: System Activity',
} as const;

export type OpnsensePrivilege = (typeof PRIVILEGE)[keyof typeof PRIVILEGE];

export type HttpMethod = 'GET' | 'POST';

export interface OpnsenseEndpoint {
  readonly path: string;
  /** Methods the server acts on; the first is the one this client uses. */
  readonly methods: readonly [HttpMethod, ...HttpMethod[]];
  readonly privilege: OpnsensePrivilege;
}

export const ENDPOINTS = {
  /** `{"status":"running"|…}` read from the pidfile only; blind to a second process. */
  serviceStatus: {
    path: '/api/haproxy/service/status',
    methods: ['GET', 'POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** What the page's Apply button posts; the client never calls it, the content script watches it. */
  serviceReconfigure: {
    path: '/api/haproxy/service/reconfigure',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Posted by Apply before reconfigure; watched, not called. */
  serviceConfigtest: {
    path: '/api/haproxy/service/configtest',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  // start/stop/restart answer GET with `{"response":[]}` and do nothing, so only POST counts.
  serviceStart: {
    path: '/api/haproxy/service/start',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  serviceStop: {
    path: '/api/haproxy/service/stop',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  serviceRestart: {
    path: '/api/haproxy/service/restart',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** `show info` of the newest process only; empty body when the stats socket is missing. */
  statisticsInfo: {
    path: '/api/haproxy/statistics/info',
    methods: ['GET'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Holds userlist passwords in clear text: reduce at once, never keep or log the answer. */
  settingsGet: {
    path: '/api/haproxy/settings/get',
    methods: ['GET'],
    privilege: PRIVILEGE.haproxy,
  },
  /**
   * `{"response": "<diff -Naur running staging>"}`: empty when the generated configuration is the
   * one running. Holds userlist passwords: reduce at once, never keep or log the answer.
   */
  exportDiff: {
    path: '/api/haproxy/export/diff',
    methods: ['GET'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Per-thread `top` rows; slow (top samples twice, 1–2 s on a real firewall). */
  activity: {
    path: '/api/diagnostics/activity/get_activity',
    methods: ['GET'],
    privilege: PRIVILEGE.systemActivity,
  },
} as const satisfies Record<string, OpnsenseEndpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

export type ServiceAction = 'start' | 'stop' | 'restart';

export const SERVICE_ACTION_ENDPOINTS = {
  start: ENDPOINTS.serviceStart,
  stop: ENDPOINTS.serviceStop,
  restart: ENDPOINTS.serviceRestart,
} as const satisfies Record<ServiceAction, OpnsenseEndpoint>;

/**
 * A 404 here means the os-haproxy plugin is missing: OPNsense only routes `/api/haproxy/…` when the
 * plugin's controllers are installed.
 */
export function isHaproxyPluginPath(path: string): boolean {
  return path.startsWith('/api/haproxy/');
}
