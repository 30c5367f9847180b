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

/** The exact privilege names OPNsense shows; the UI localises by these, so keep them verbatim. */
export const PRIVILEGE = {
  haproxy: 'Services: HAProxy',
  systemActivity: 'Diagnostics: System Activity',
  /** Core's service list and its start/stop/restart (`api/core/service/*`). */
  services: 'Status: Services',
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
  /** Called: `{"status":"running"|…}` read from the pidfile only; blind to a second process. */
  serviceStatus: {
    path: '/api/haproxy/service/status',
    methods: ['GET', 'POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Followed, never called: what Apply, Save & Apply and "Try anyway?" post. */
  serviceReconfigure: {
    path: '/api/haproxy/service/reconfigure',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Followed, never called: what Apply posts before reconfigure. */
  serviceConfigtest: {
    path: '/api/haproxy/service/configtest',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  // start/stop/restart answer GET with `{"response":[]}` and do nothing, so only POST counts.
  /** Called by the remediation; followed when the GUI or an API client sends it. */
  serviceStart: {
    path: '/api/haproxy/service/start',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Called by the remediation (stop ends every haproxy process, docs/opnsense.md §2). */
  serviceStop: {
    path: '/api/haproxy/service/stop',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Followed when an API client sends it; the remediation never does (a restart keeps an orphan). */
  serviceRestart: {
    path: '/api/haproxy/service/restart',
    methods: ['POST'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Followed, never called: System › Services and the dashboard's services widget. */
  coreServiceRestart: {
    path: '/api/core/service/restart/haproxy',
    methods: ['POST'],
    privilege: PRIVILEGE.services,
  },
  /** Followed, never called: System › Services and the dashboard's services widget. */
  coreServiceStart: {
    path: '/api/core/service/start/haproxy',
    methods: ['POST'],
    privilege: PRIVILEGE.services,
  },
  /** Called: `show info` of the newest process only; empty body when the stats socket is missing. */
  statisticsInfo: {
    path: '/api/haproxy/statistics/info',
    methods: ['GET'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Called: holds userlist passwords in clear text: reduce at once, never keep or log the answer. */
  settingsGet: {
    path: '/api/haproxy/settings/get',
    methods: ['GET'],
    privilege: PRIVILEGE.haproxy,
  },
  /** Called: per-thread `top` rows; slow (top samples twice, 1–2 s on a real firewall). */
  activity: {
    path: '/api/diagnostics/activity/get_activity',
    methods: ['GET'],
    privilege: PRIVILEGE.systemActivity,
  },
} as const satisfies Record<string, OpnsenseEndpoint>;

export type ServiceAction = 'start' | 'stop' | 'restart';

/** What the client posts for each service action it may send. */
export const SERVICE_ACTION_ENDPOINTS = {
  start: ENDPOINTS.serviceStart,
  stop: ENDPOINTS.serviceStop,
  restart: ENDPOINTS.serviceRestart,
} as const satisfies Record<ServiceAction, OpnsenseEndpoint>;

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
