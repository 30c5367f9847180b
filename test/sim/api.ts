/**
 * `/api/...`: authentication and authorization as OPNsense's ApiControllerBase does them, then the
 * HAProxy plugin's and the core's actions the extension uses (docs/opnsense.md §4).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { hasPrivilege, PRIVILEGE, type GuiUser, type Privilege, type Session } from './auth.ts';
import type { OpnsenseVersion, SimContext } from './context.ts';
import { availableIn, HA_CONTROLLER_SINCE, HA_CONTROLLERS } from './ha-api.ts';
import { ACME_CONTROLLERS } from './acme-api.ts';
import { readBody, send, sendJson } from './http-util.ts';
import { addUser, setGeneral, settingsJson } from './model.ts';
import { loginPage } from './pages.ts';
import { readProcess, type ProcessDetails } from './proc.ts';
import { activityReport, singleCpuActivity } from './process-table.ts';
import { parseShowInfo } from './stats-socket.ts';

export interface ApiCall {
  readonly ctx: SimContext;
  readonly method: string;
  /** Path segments after the action (`haproxy` in `/api/core/service/restart/haproxy`). */
  readonly params: readonly string[];
  /** The JSON body, `{}` when there is none or it is not JSON (OPNsense then sees no $_POST). */
  readonly body: Record<string, unknown>;
}

export type Answer =
  | { kind: 'json'; status?: number; data: unknown }
  | { kind: 'raw'; status: number; contentType: string | null; body: string }
  /** The connection is destroyed without an answer (dropConnectionAfterStop). */
  | { kind: 'drop' };

const json = (data: unknown, status = 200): Answer => ({ kind: 'json', status, data });

export interface Route {
  readonly privilege: Privilege;
  readonly handle: (call: ApiCall) => Answer | Promise<Answer>;
}

const isPost = (call: ApiCall) => call.method === 'POST';

/**
 * configd answers `OK` or `Error (<exit code>)` followed by newlines; the core's service
 * controller base trims it before it answers `{"response": …}`.
 */
const configdResponse = (success: boolean) => (success ? 'OK' : 'Error (1)');

/** start/stop/restart act on POST only; GET answers `{"response":[]}` and does nothing. */
function serviceAction(action: 'start' | 'stop' | 'restart'): Route {
  return {
    privilege: PRIVILEGE.haproxy,
    async handle(call) {
      if (!isPost(call)) return json({ response: [] });
      const result = await call.ctx.service[action]();
      if (action === 'stop' && call.ctx.faults.dropConnectionAfterStop) return { kind: 'drop' };
      return json({ response: configdResponse(result.ok) });
    },
  };
}

/**
 * The core's `/api/core/service/<action>/<name>[/<id>]` (System › Services, the dashboard
 * widget): configd `service <action> haproxy` runs the plugin's registered haproxy action, so
 * the semantics are the haproxy service's (restart = rc restart of the pidfile PID). It answers
 * `{"result":"ok"}` once the action ran (whether a failed action answers otherwise is
 * **unconfirmed**), `{"result":"failed"}` for non-POST or a service it does not know.
 */
function coreServiceAction(action: 'start' | 'stop' | 'restart'): Route {
  return {
    privilege: PRIVILEGE.services,
    async handle(call) {
      const [name] = call.params;
      if (!isPost(call) || name !== 'haproxy' || !call.ctx.faults.pluginInstalled) {
        return json({ result: 'failed' });
      }
      await call.ctx.service[action]();
      if (action === 'stop' && call.ctx.faults.dropConnectionAfterStop) return { kind: 'drop' };
      return json({ result: 'ok' });
    },
  };
}

async function activity(call: ApiCall): Promise<Answer> {
  const { faults, service } = call.ctx;
  // top samples twice, two seconds apart by default; OPNsense's call takes about 1–2 s.
  if (faults.slowProcessList) await delay(1000 + Math.floor(Math.random() * 1000));
  switch (faults.processListError) {
    case 'http-500':
      return json(
        {
          errorMessage: 'Unexpected error, check log for details',
          errorTitle: 'An error occurred',
        },
        500,
      );
    case 'html':
      return {
        kind: 'raw',
        status: 200,
        contentType: 'text/html; charset=UTF-8',
        body: loginPage({}),
      };
    case 'cut-json':
    case 'none':
      break;
  }
  const processes = service
    .pids()
    .map(readProcess)
    .filter((p): p is ProcessDetails => p !== null);
  const report = faults.singleCpu
    ? singleCpuActivity(activityReport(processes))
    : activityReport(processes);
  if (faults.processListError === 'cut-json') {
    const text = JSON.stringify(report);
    return {
      kind: 'raw',
      status: 200,
      contentType: 'application/json; charset=UTF-8',
      body: text.slice(0, Math.floor(text.length / 2)),
    };
  }
  return json(report);
}

/**
 * The controllers, keyed by `module/controller`, and their actions, keyed by the action name in
 * lower case: the router maps `get_activity` to `getActivity`, and PHP method names are
 * case-insensitive, so `get_activity`, `getActivity` and `getactivity` all reach one action.
 */
const CONTROLLERS: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  'haproxy/service': {
    status: {
      privilege: PRIVILEGE.haproxy,
      handle: ({ ctx }) =>
        json({
          status: ctx.service.status(),
          widget: {
            caption_stop: 'stop service',
            caption_start: 'start service',
            caption_restart: 'restart service',
          },
        }),
    },
    reconfigure: {
      privilege: PRIVILEGE.haproxy,
      async handle(call) {
        if (!isPost(call)) return json({ status: 'failed' });
        // Like the plugin's controller: the configd outcome is not looked at, the answer is "ok".
        await call.ctx.service.reconfigure();
        return json({ status: 'ok' });
      },
    },
    start: serviceAction('start'),
    stop: serviceAction('stop'),
    restart: serviceAction('restart'),
    configtest: {
      privilege: PRIVILEGE.haproxy,
      async handle({ ctx }) {
        return json({ result: `${await ctx.service.configtest()}\n\n` });
      },
    },
  },
  'haproxy/statistics': {
    info: {
      privilege: PRIVILEGE.haproxy,
      async handle({ ctx }) {
        const text = await ctx.service.showInfo();
        // queryStats.php prints an error sentence instead of JSON; the controller's json_decode
        // then yields null and the API answers with an empty body.
        if (text === null) return { kind: 'raw', status: 200, contentType: null, body: '' };
        return json(parseShowInfo(text));
      },
    },
  },
  'haproxy/settings': {
    get: {
      privilege: PRIVILEGE.haproxy,
      // ApiMutableModelControllerBase::getAction returns the model on GET only, `[]` otherwise.
      handle: (call) => json(call.method === 'GET' ? settingsJson(call.ctx.model) : []),
    },
    set: {
      privilege: PRIVILEGE.haproxy,
      handle(call) {
        if (!isPost(call)) return json({ result: 'failed' });
        const haproxy = call.body.haproxy as { general?: unknown } | undefined;
        const validations = setGeneral(call.ctx.model, haproxy?.general);
        return Object.keys(validations).length === 0
          ? json({ result: 'saved' })
          : json({ result: 'failed', validations });
      },
    },
    adduser: {
      privilege: PRIVILEGE.haproxy,
      handle(call) {
        if (!isPost(call)) return json({ result: 'failed' });
        const user = (call.body.user ?? {}) as Record<string, unknown>;
        const result = addUser(call.ctx.model, {
          name: user.name,
          password: user.password,
          description: user.description,
        });
        return 'uuid' in result
          ? json({ result: 'saved', uuid: result.uuid })
          : json({ result: 'failed', validations: result.validations });
      },
    },
    searchusers: {
      privilege: PRIVILEGE.haproxy,
      handle({ ctx }) {
        // The grid never receives passwords, unlike settings/get.
        const rows = ctx.model.users.map(({ uuid, enabled, name, description }) => ({
          uuid,
          enabled,
          name,
          description,
        }));
        return json({ rows, rowCount: rows.length, total: rows.length, current: 1 });
      },
    },
  },
  'haproxy/export': {
    diff: {
      privilege: PRIVILEGE.haproxy,
      handle: async ({ ctx }) => json({ response: await ctx.service.pendingDiff() }),
    },
  },
  ...HA_CONTROLLERS,
  'diagnostics/activity': {
    getactivity: { privilege: PRIVILEGE.systemActivity, handle: activity },
  },
  'core/service': {
    search: {
      privilege: PRIVILEGE.services,
      handle({ ctx }) {
        const rows = ctx.faults.pluginInstalled
          ? [
              {
                id: 'haproxy',
                locked: 0,
                running: ctx.service.status() === 'running' ? 1 : 0,
                description: 'HAProxy Load Balancer',
                name: 'haproxy',
              },
            ]
          : [];
        return json({ total: rows.length, rowCount: rows.length, current: 1, rows });
      },
    },
    start: coreServiceAction('start'),
    stop: coreServiceAction('stop'),
    restart: coreServiceAction('restart'),
  },
  ...ACME_CONTROLLERS,
};

export interface ApiPath {
  readonly module: string;
  readonly controller: string;
  /** As written in the URL, e.g. `get_activity`. */
  readonly action: string;
  /** Further path segments, the action's arguments (`/api/core/service/restart/haproxy`). */
  readonly params: readonly string[];
}

/** Splits `/api/<module>/<controller>/<action>[/<param>…]`; null when it has not that shape. */
export function parseApiPath(pathname: string): ApiPath | null {
  const m = /^\/api\/([a-z0-9]+)\/([a-z0-9_]+)\/([A-Za-z0-9_]+)((?:\/[^/]+)*)\/?$/.exec(pathname);
  if (m === null) return null;
  return {
    module: m[1] ?? '',
    controller: m[2] ?? '',
    action: m[3] ?? '',
    params: (m[4] ?? '').split('/').filter((p) => p !== ''),
  };
}

/** `get_activity` → `getactivity`: snake_case to camelCase, then PHP's case-insensitivity. */
export function actionKey(action: string): string {
  return action.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).toLowerCase();
}

export type Resolution =
  | { kind: 'route'; route: Route; path: ApiPath }
  | { kind: 'unknown-controller'; namespace: string; controller: string }
  | { kind: 'unknown-action'; action: string; controller: string };

/** OPNsense's PHP namespaces of the modules the sim knows; others are capitalized. */
const NAMESPACES: Readonly<Record<string, string>> = {
  haproxy: 'HAProxy',
  diagnostics: 'Diagnostics',
  core: 'Core',
  acmeclient: 'AcmeClient',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `hasync_status` → `HasyncStatus`, as the router builds the controller's class name. */
const className = (controller: string) => controller.split('_').map(capitalize).join('');

/** Finds the action for a path the way the router does, before anything looks at the caller. */
export function resolveApiPath(
  pathname: string,
  pluginInstalled: boolean,
  version: OpnsenseVersion = '25.7',
): Resolution {
  const path = parseApiPath(pathname);
  if (path === null) {
    const [module = '', controller = 'index'] = pathname.split('/').slice(2);
    return {
      kind: 'unknown-controller',
      namespace: NAMESPACES[module] ?? capitalize(module),
      controller: controller === '' ? 'index' : controller,
    };
  }
  const key = `${path.module}/${path.controller}`;
  const actions = CONTROLLERS[key];
  const since = HA_CONTROLLER_SINCE[key];
  if (
    actions === undefined ||
    (path.module === 'haproxy' && !pluginInstalled) ||
    (since !== undefined && !availableIn(since, version))
  ) {
    return {
      kind: 'unknown-controller',
      namespace: NAMESPACES[path.module] ?? capitalize(path.module),
      controller: path.controller,
    };
  }
  const route = actions[actionKey(path.action)];
  if (route === undefined) {
    return { kind: 'unknown-action', action: path.action, controller: path.controller };
  }
  return { kind: 'route', route, path };
}

/**
 * What an unknown path answers, with or without a session. 24.7+'s own router: 404
 * `{"errorMessage":"Endpoint not found"}`. 24.1 (Phalcon): 400 with OPNsense's
 * `controller <class> not found` for a missing controller (a missing plugin), and Phalcon's
 * dispatcher message for a missing action (that wording is **unconfirmed**).
 */
export function unknownPathAnswer(
  resolution: Exclude<Resolution, { kind: 'route' }>,
  version: OpnsenseVersion,
): { status: number; data: unknown } {
  if (version !== '24.1') return { status: 404, data: { errorMessage: 'Endpoint not found' } };
  const message =
    resolution.kind === 'unknown-controller'
      ? `controller OPNsense\\${resolution.namespace}\\Api\\${className(resolution.controller)}Controller not found`
      : `Action '${resolution.action}' was not found on handler '${resolution.controller}'`;
  return { status: 400, data: { message, status: 400 } };
}

/**
 * ApiControllerBase::afterExecuteRoute passes a session client's JSON through
 * `htmlspecialchars(…, ENT_NOQUOTES)`: `&`, `<`, `>` inside strings arrive as entities. API-key
 * clients get plain JSON.
 */
export function sessionJson(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether a request body is JSON by OPNsense's rule (parseJsonBodyData). */
function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').replace(/ /g, '').toLowerCase();
  return type === 'application/json' || type === 'application/json;charset=utf-8';
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE']);

/**
 * The order of OPNsense 24.7+: the router first (an unknown path is "not found" for anybody),
 * then ApiControllerBase::beforeExecuteRoute (authentication, privilege, CSRF), then the action.
 * Session requests get bare 401/403 status codes (no body); API-key requests get OPNsense's JSON
 * error objects.
 */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  pathname: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const resolution = resolveApiPath(pathname, ctx.faults.pluginInstalled, ctx.opnsenseVersion);
  if (resolution.kind !== 'route') {
    const { status, data } = unknownPathAnswer(resolution, ctx.opnsenseVersion);
    sendJson(res, status, data);
    return;
  }
  const { route } = resolution;

  const authorization = req.headers.authorization;
  const keyMode = authorization !== undefined && authorization !== '';
  let user: GuiUser;
  let session: Session | null = null;

  if (keyMode) {
    const result = ctx.auth.apiKeyUser(authorization);
    if (result.kind === 'bad') {
      sendJson(res, 401, { status: 401, message: 'Authentication Failed' });
      return;
    }
    user = result.user;
  } else {
    session = ctx.auth.session(req);
    if (session === null) {
      send(res, 401, null, '');
      return;
    }
    const remaining = ctx.faults.expireSessionAfterRequests;
    if (remaining !== null) {
      if (remaining <= 0) {
        ctx.auth.destroy(session);
        ctx.faults = { ...ctx.faults, expireSessionAfterRequests: null };
        send(res, 401, null, '');
        return;
      }
      ctx.faults = { ...ctx.faults, expireSessionAfterRequests: remaining - 1 };
    }
    user = session.user;
  }

  if (!hasPrivilege(user, route.privilege)) {
    if (keyMode) sendJson(res, 403, { status: 403, message: 'Forbidden' });
    else send(res, 403, null, '');
    return;
  }

  if (session !== null) {
    if (STATE_CHANGING.has(method) && req.headers['x-csrftoken'] !== session.csrfToken) {
      send(res, 403, null, '');
      return;
    }
    ctx.auth.touch(session);
  }

  const raw = await readBody(req);
  const jsonBody = isJsonContentType(req);
  // Only the API-key path refuses an empty JSON body; a session request just sees no data.
  if (keyMode && jsonBody && raw === '') {
    sendJson(res, 400, { status: 400, message: 'Invalid JSON syntax' });
    return;
  }

  const answer = await route.handle({
    ctx,
    method,
    params: resolution.path.params,
    body: jsonBody ? parseJsonObject(raw) : {},
  });
  if (answer.kind === 'json') {
    const text = JSON.stringify(answer.data);
    send(
      res,
      answer.status ?? 200,
      'application/json; charset=UTF-8',
      keyMode ? text : sessionJson(text),
    );
  } else if (answer.kind === 'raw') {
    send(res, answer.status, answer.contentType, answer.body);
  } else {
    res.socket?.destroy();
  }
}
