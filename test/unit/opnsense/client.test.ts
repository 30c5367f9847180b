import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcessList } from '../../../src/core/process-list.ts';
import { readCurrentProcessInfo } from '../../../src/core/show-info.ts';
import { readStopSettings } from '../../../src/core/stop-settings.ts';
import {
  createOpnsenseClient,
  unescapeHtmlSpecialChars,
  type OpnsenseAuth,
  type OpnsenseClient,
} from '../../../src/opnsense/client.ts';
import { OpnsenseError, type OpnsenseErrorKind } from '../../../src/opnsense/errors.ts';
import { TransportFailure } from '../../../src/opnsense/transport-failure.ts';
import {
  ACTIVITY_BODY,
  API_KEY,
  API_SECRET,
  INFO_BODY,
  LOGIN_PAGE,
  OTHER_PAGE,
  SETTINGS_BODY,
  STATUS_BODY,
  USERLIST_PASSWORD,
} from './fixtures.ts';
import { closedOrigin, startStandIn, type Route, type StandIn } from './stand-in-opnsense.ts';

const P = {
  status: '/api/haproxy/service/status',
  info: '/api/haproxy/statistics/info',
  settings: '/api/haproxy/settings/get',
  start: '/api/haproxy/service/start',
  stop: '/api/haproxy/service/stop',
  restart: '/api/haproxy/service/restart',
  activity: '/api/diagnostics/activity/get_activity',
  hasync: '/api/core/hasync/get',
} as const;

const SESSION: OpnsenseAuth = { kind: 'session', csrfToken: 'csrf-good-token' };
const API: OpnsenseAuth = { kind: 'api-key', key: API_KEY, secret: API_SECRET };
const EXPECTED_AUTHORIZATION = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;

const HAPROXY = 'Services: HAProxy';
const ACTIVITY = 'Diagnostics: System Activity';

const standIns: StandIn[] = [];

afterEach(async () => {
  // Closed even when a test failed half-way, so no port or hanging socket outlives its test.
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

async function serve(routes: Readonly<Record<string, Route>>): Promise<StandIn> {
  const standIn = await startStandIn(routes);
  standIns.push(standIn);
  return standIn;
}

async function clientFor(
  routes: Readonly<Record<string, Route>>,
  auth: OpnsenseAuth = SESSION,
  timeoutMs?: number,
): Promise<{ client: OpnsenseClient; standIn: StandIn }> {
  const standIn = await serve(routes);
  const client = createOpnsenseClient({
    origin: standIn.origin,
    auth,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { client, standIn };
}

async function failure(promise: Promise<unknown>): Promise<OpnsenseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpnsenseError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

type Call = (client: OpnsenseClient) => Promise<unknown>;

const CALLS: readonly { name: string; path: string; privilege: string; call: Call }[] = [
  { name: 'serviceStatus', path: P.status, privilege: HAPROXY, call: (c) => c.serviceStatus() },
  { name: 'currentProcess', path: P.info, privilege: HAPROXY, call: (c) => c.currentProcess() },
  { name: 'processes', path: P.activity, privilege: ACTIVITY, call: (c) => c.processes() },
  { name: 'stopSettings', path: P.settings, privilege: HAPROXY, call: (c) => c.stopSettings() },
  {
    name: 'serviceAction',
    path: P.restart,
    privilege: HAPROXY,
    call: (c) => c.serviceAction('restart'),
  },
  {
    name: 'syncPeer',
    path: P.hasync,
    privilege: 'System: High Availability',
    call: (c) => c.syncPeer(),
  },
];

describe('answers that are read', () => {
  it('serviceStatus reads the status with a plain session GET', async () => {
    const { client, standIn } = await clientFor({ [P.status]: { json: STATUS_BODY } });
    expect(await client.serviceStatus()).toBe('running');

    expect(standIn.received).toHaveLength(1);
    const [request] = standIn.received;
    expect(request?.method).toBe('GET');
    expect(request?.headers.accept).toBe('application/json');
    // GET needs no token (docs/opnsense.md §4), and sending it anyway would only spread it further.
    expect(request?.headers['x-csrftoken']).toBeUndefined();
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.body).toBe('');
  });

  it.each([
    ['stopped', 'stopped'],
    ['disabled', 'disabled'],
    ['unknown', 'unknown'],
    // The misspelling older plugin versions send.
    ['unkown', 'unknown'],
    ['something new', 'unknown'],
  ])('serviceStatus maps %j to %j', async (status, expected) => {
    const { client } = await clientFor({ [P.status]: { json: { status } } });
    expect(await client.serviceStatus()).toBe(expected);
  });

  // ApiControllerBase passes session-mode JSON through htmlspecialchars(ENT_NOQUOTES).
  const htmlspecialchars = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const oddCommand =
    '/usr/local/sbin/haproxy -q -f /usr/local/etc/a&b<c>.conf -p /var/run/haproxy.pid -sf 40001';
  const oddActivity = {
    ...ACTIVITY_BODY,
    details: ACTIVITY_BODY.details.map((row) =>
      row.PID === '41233' ? { ...row, COMMAND: oddCommand } : row,
    ),
  };

  it('reads session-mode answers as OPNsense escaped them: &amp; is shown as &', async () => {
    const { client } = await clientFor({
      [P.activity]: { text: htmlspecialchars(JSON.stringify(oddActivity)) },
    });
    const picture = await client.processes();
    const process = picture.processes.find((candidate) => candidate.pid === 41233);
    expect(process?.argv.join(' ')).toBe(oddCommand);
  });

  it('leaves API-key answers as they are: OPNsense does not escape those', async () => {
    const literal = oddCommand.replace('a&b', 'a&amp;b');
    const { client } = await clientFor(
      {
        [P.activity]: {
          json: {
            ...ACTIVITY_BODY,
            details: ACTIVITY_BODY.details.map((row) =>
              row.PID === '41233' ? { ...row, COMMAND: literal } : row,
            ),
          },
        },
      },
      API,
    );
    const picture = await client.processes();
    expect(picture.processes.find((p) => p.pid === 41233)?.argv.join(' ')).toBe(literal);
  });

  it.each([
    ['&amp;lt;', '&lt;'],
    ['&lt;&gt;&amp;', '<>&'],
    ['&quot; stays', '&quot; stays'],
    ['&amp;amp;', '&amp;'],
  ])('undoes htmlspecialchars in one pass: %j → %j', (escaped, plain) => {
    expect(unescapeHtmlSpecialChars(escaped)).toBe(plain);
  });

  it('currentProcess hands show info to its parser', async () => {
    const { client } = await clientFor({ [P.info]: { json: INFO_BODY } });
    const info = await client.currentProcess();
    expect(info).toEqual(readCurrentProcessInfo(INFO_BODY));
    expect(info?.pid).toBe(41233);
  });

  it.each([
    ['an empty body', ''],
    ['whitespace', '\n'],
    ['configd error text', 'HAProxy socket does not exist, service may be stopped'],
    ['an empty list (the socket said nothing)', '[]'],
    ['JSON null', 'null'],
  ])('currentProcess is null for %s (stats socket missing)', async (_name, text) => {
    const { client } = await clientFor({ [P.info]: { text, contentType: 'text/html' } });
    expect(await client.currentProcess()).toBeNull();
  });

  it('processes hands the per-thread rows to its parser', async () => {
    const { client, standIn } = await clientFor({ [P.activity]: { json: ACTIVITY_BODY } });
    const picture = await client.processes();
    expect(picture).toEqual(readProcessList(ACTIVITY_BODY));
    expect(picture.processes.map((process) => process.pid)).toEqual([41233]);
    expect(standIn.received.map((request) => request.path)).toEqual([P.activity]);
  });

  it('processes asks get_activity once and reports a 404 there as unreadable, not as a missing plugin', async () => {
    const { client, standIn } = await clientFor({
      [P.activity]: { status: 404, json: { errorMessage: 'Endpoint not found' } },
    });
    const error = await failure(client.processes());
    expect(error).toMatchObject({ kind: 'malformed', status: 404 });
    expect(standIn.received.map((request) => request.path)).toEqual([P.activity]);
  });

  it('stopSettings keeps only the stop settings', async () => {
    const { client } = await clientFor({ [P.settings]: { json: SETTINGS_BODY } });
    const settings = await client.stopSettings();
    expect(settings).toEqual(readStopSettings(SETTINGS_BODY));
    expect(settings).toEqual({ mode: 'graceful', hardStopAfterMs: 60_000 });
    expect(JSON.stringify(settings)).not.toContain(USERLIST_PASSWORD);
  });

  it.each(['start', 'stop', 'restart'] as const)(
    'serviceAction %s POSTs {} as JSON with the CSRF token',
    async (action) => {
      const { client, standIn } = await clientFor({
        [P[action]]: { json: { response: 'OK\n\n' } },
      });
      expect(await client.serviceAction(action)).toBe('OK\n\n');

      const [request] = standIn.received;
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(P[action]);
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers['x-csrftoken']).toBe('csrf-good-token');
      expect(request?.headers.accept).toBe('application/json');
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.body).toBe('{}');
    },
  );
});

describe('authentication', () => {
  it('API-key mode sends Basic credentials, no token, and {} on POST', async () => {
    const { client, standIn } = await clientFor(
      { [P.status]: { json: STATUS_BODY }, [P.stop]: { json: { response: 'OK' } } },
      API,
    );
    await client.serviceStatus();
    await client.serviceAction('stop');

    const [get, post] = standIn.received;
    expect(get?.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
    expect(get?.headers.cookie).toBeUndefined();
    expect(post?.headers.authorization).toBe(EXPECTED_AUTHORIZATION);
    expect(post?.headers['x-csrftoken']).toBeUndefined();
    expect(post?.headers['content-type']).toBe('application/json');
    // An empty body with a JSON content type earns a 400 from OPNsense in API-key mode.
    expect(post?.body).toBe('{}');
  });

  // Node's fetch keeps no cookie jar, so whether the session cookie rides along cannot be seen at
  // the server here; what the browser decides on is the `credentials` mode, checked instead.
  it.each<[string, RequestCredentials, OpnsenseAuth]>([
    ['session', 'include', SESSION],
    ['api-key', 'omit', API],
  ])('%s mode asks fetch for credentials %j and no cache', async (_name, credentials, auth) => {
    const standIn = await serve({ [P.status]: { json: STATUS_BODY } });
    const seen: RequestInit[] = [];
    const recordingFetch: typeof globalThis.fetch = (input, init) => {
      if (init !== undefined) seen.push(init);
      return globalThis.fetch(input, init);
    };
    const client = createOpnsenseClient({ origin: standIn.origin, auth, fetch: recordingFetch });
    await client.serviceStatus();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.credentials).toBe(credentials);
    expect(seen[0]?.cache).toBe('no-store');
  });

  it('encodes a key with non-Latin-1 characters instead of throwing', async () => {
    const { client, standIn } = await clientFor(
      { [P.status]: { json: STATUS_BODY } },
      { kind: 'api-key', key: 'schlüssel', secret: 'geheim€' },
    );
    await client.serviceStatus();
    expect(standIn.received[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('schlüssel:geheim€', 'utf8').toString('base64')}`,
    );
  });

  it('a session POST without a token is still sent', async () => {
    const { client, standIn } = await clientFor(
      { [P.restart]: { status: 403, text: '' } },
      { kind: 'session', csrfToken: null },
    );
    expect((await failure(client.serviceAction('restart'))).kind).toBe('csrf-rejected');
    expect(standIn.received[0]?.headers['x-csrftoken']).toBeUndefined();
  });
});

describe('errors', () => {
  // Like ApiControllerBase: a session POST whose token is wrong gets a bare 403.
  const csrfChecking: Route = (request) =>
    request.headers['x-csrftoken'] === 'csrf-good-token'
      ? { json: { response: 'OK' } }
      : { status: 403, text: '' };

  it.each<[string, string | null, OpnsenseErrorKind | 'ok']>([
    ['no token', null, 'csrf-rejected'],
    ['a wrong token', 'csrf-stale-token', 'csrf-rejected'],
    ['the right token', 'csrf-good-token', 'ok'],
  ])('a session POST with %s', async (_name, csrfToken, expected) => {
    const { client } = await clientFor(
      { [P.restart]: csrfChecking },
      { kind: 'session', csrfToken },
    );
    const result = client.serviceAction('restart');
    if (expected === 'ok') {
      expect(await result).toBe('OK');
      return;
    }
    const error = await failure(result);
    expect(error.kind).toBe(expected);
    expect(error.status).toBe(403);
    // OPNsense's bare 403 cannot rule out a missing privilege, so the UI may mention it too.
    expect(error.privilege).toBe(HAPROXY);
    expect(error.message).toMatch(/Reload the OPNsense page/);
  });

  it('a session POST whose 403 speaks of privileges is forbidden, not CSRF', async () => {
    const { client } = await clientFor({
      [P.restart]: { status: 403, json: { status: 403, message: 'Forbidden' } },
    });
    const error = await failure(client.serviceAction('restart'));
    expect(error.kind).toBe('forbidden');
    expect(error.privilege).toBe(HAPROXY);
  });

  it('an API-key POST refused by the ACL is forbidden', async () => {
    const { client } = await clientFor(
      { [P.restart]: { status: 403, json: { status: 403, message: 'Forbidden' } } },
      API,
    );
    const error = await failure(client.serviceAction('restart'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain('needs the privilege Services: HAProxy');
  });

  it.each(CALLS.filter((c) => c.name !== 'serviceAction'))(
    '403 on $name names the privilege $privilege',
    async ({ path, privilege, call }) => {
      const { client } = await clientFor({ [path]: { status: 403, text: '' } });
      const error = await failure(call(client));
      expect(error).toMatchObject({ kind: 'forbidden', status: 403, privilege, endpoint: path });
      expect(error.message).toContain(`Your OPNsense user needs the privilege ${privilege}`);
    },
  );

  it.each(CALLS)('401 on $name in session mode means log in again', async ({ path, call }) => {
    const { client } = await clientFor({ [path]: { status: 401, text: '' } });
    const error = await failure(call(client));
    expect(error).toMatchObject({ kind: 'session-expired', status: 401, endpoint: path });
    expect(error.message).toMatch(/Log in to OPNsense again/);
  });

  it.each(CALLS)('401 on $name in API-key mode rejects the key', async ({ path, call }) => {
    const { client } = await clientFor(
      { [path]: { status: 401, json: { status: 401, message: 'Authentication Failed' } } },
      API,
    );
    const error = await failure(call(client));
    expect(error).toMatchObject({ kind: 'api-key-rejected', status: 401, privilege: null });
  });

  it.each(CALLS.filter((c) => c.path.startsWith('/api/haproxy/')))(
    '404 on $name means os-haproxy is not installed',
    async ({ call }) => {
      const { client } = await clientFor({});
      const error = await failure(call(client));
      expect(error.kind).toBe('not-installed');
      expect(error.message).toContain('os-haproxy');
    },
  );

  it.each(CALLS.filter((c) => c.path.startsWith('/api/haproxy/')))(
    'the answers of a missing plugin on $name mean os-haproxy is not installed, on every version',
    async ({ path, call }) => {
      for (const reply of [
        // 24.7+: routing before authentication, even without a session.
        { status: 404, json: { errorMessage: 'Endpoint not found' } },
        // 24.1 and older (Phalcon): an unknown controller.
        {
          status: 400,
          json: { message: 'controller OPNsense\\HAProxy\\Api not found', status: 400 },
        },
      ]) {
        const { client } = await clientFor({ [path]: reply });
        expect(await failure(call(client))).toMatchObject({ kind: 'not-installed' });
      }
    },
  );

  it('a 400 that is not "not found" stays unreadable, not a missing plugin', async () => {
    const { client } = await clientFor(
      { [P.stop]: { status: 400, json: { status: 400, message: 'Invalid JSON syntax' } } },
      API,
    );
    expect(await failure(client.serviceAction('stop'))).toMatchObject({
      kind: 'malformed',
      status: 400,
    });
  });

  it.each([301, 302, 303, 307, 308])(
    'a %i redirect is reported, never followed, for GET and POST',
    async (status) => {
      const redirect = { status, text: '', headers: { Location: '/elsewhere' } };
      const { client, standIn } = await clientFor({
        [P.status]: redirect,
        [P.stop]: redirect,
        '/elsewhere': { json: { status: 'running', response: 'OK' } },
      });
      expect(await failure(client.serviceStatus())).toMatchObject({
        kind: 'redirected',
        endpoint: P.status,
      });
      expect(await failure(client.serviceAction('stop'))).toMatchObject({ kind: 'redirected' });
      // The CSRF token went to the firewall's own path only, and nothing was read from elsewhere.
      expect(standIn.received.map((request) => request.path)).toEqual([P.status, P.stop]);
    },
  );

  it.each(CALLS)('500 on $name is a server error', async ({ path, call }) => {
    const { client } = await clientFor({ [path]: { status: 500, text: 'Internal Server Error' } });
    expect(await failure(call(client))).toMatchObject({ kind: 'server', status: 500 });
  });

  it.each(CALLS)('a 200 login page on $name means log in again', async ({ path, call }) => {
    const { client } = await clientFor({ [path]: { text: LOGIN_PAGE } });
    expect((await failure(call(client))).kind).toBe('session-expired');
  });

  it('a 200 login page in API-key mode rejects the key', async () => {
    const { client } = await clientFor({ [P.status]: { text: LOGIN_PAGE } }, API);
    expect((await failure(client.serviceStatus())).kind).toBe('api-key-rejected');
  });

  it.each(CALLS)('a 200 HTML page that is not the login on $name is malformed', async (c) => {
    const { client } = await clientFor({ [c.path]: { text: OTHER_PAGE } });
    expect(await failure(c.call(client))).toMatchObject({ kind: 'malformed', status: 200 });
  });

  it.each(CALLS)('cut-off JSON on $name is malformed', async ({ path, call }) => {
    const { client } = await clientFor({
      [path]: {
        text: '{"status":"running","widget":{"restart":"Rest',
        contentType: 'application/json',
      },
    });
    const error = await failure(call(client));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('cut-off JSON');
  });

  it.each<[string, string, unknown, Call]>([
    ['status without a string status', P.status, { status: 1 }, (c) => c.serviceStatus()],
    ['status as a list', P.status, ['running'], (c) => c.serviceStatus()],
    ['info as a list', P.info, [INFO_BODY], (c) => c.currentProcess()],
    ['info as a string', P.info, 'HAProxy', (c) => c.currentProcess()],
    ['activity without details', P.activity, { headers: [] }, (c) => c.processes()],
    ['activity details not a list', P.activity, { details: {} }, (c) => c.processes()],
    ['settings without haproxy', P.settings, { general: {} }, (c) => c.stopSettings()],
    ['settings without general', P.settings, { haproxy: { users: {} } }, (c) => c.stopSettings()],
    ['action answered as for GET', P.start, { response: [] }, (c) => c.serviceAction('start')],
    ['action without response', P.start, { status: 'ok' }, (c) => c.serviceAction('start')],
  ])('wrong shape: %s is malformed', async (_name, path, json, call) => {
    const { client } = await clientFor({ [path]: { json } });
    expect(await failure(call(client))).toMatchObject({ kind: 'malformed', endpoint: path });
  });

  it.each(CALLS.filter((c) => c.name !== 'currentProcess'))(
    'an empty 200 on $name is malformed',
    async ({ path, call }) => {
      const { client } = await clientFor({ [path]: { text: '' } });
      expect((await failure(call(client))).kind).toBe('malformed');
    },
  );

  it('an unexpected status is malformed', async () => {
    const { client } = await clientFor({ [P.status]: { status: 400, json: { status: 400 } } });
    expect(await failure(client.serviceStatus())).toMatchObject({ kind: 'malformed', status: 400 });
  });
});

describe('time and the network', () => {
  it.each(['hang', 'hang-mid-body'] as const)(
    'a server that does not finish (%s) times out',
    async (reply) => {
      const { client, standIn } = await clientFor({ [P.activity]: reply }, SESSION, 200);
      const error = await failure(client.processes());
      expect(error).toMatchObject({ kind: 'timeout', status: null, endpoint: P.activity });
      expect(error.message).toContain('0.2 s');
      expect(standIn.received).toHaveLength(1);
    },
  );

  it('a service action can be given its own, longer limit (a graceful stop drains first)', async () => {
    const { client } = await clientFor({ [P.stop]: 'hang', [P.status]: 'hang' }, SESSION, 100);
    const startedAt = performance.now();
    const error = await failure(client.serviceAction('stop', { timeoutMs: 400 }));
    expect(error).toMatchObject({ kind: 'timeout', endpoint: P.stop });
    expect(error.message).toContain('0.4 s');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(390);
    // Every other call keeps the client's own limit.
    expect((await failure(client.serviceStatus())).message).toContain('0.1 s');
  });

  it('a closed port is a network error, not a certificate problem', async () => {
    const client = createOpnsenseClient({ origin: await closedOrigin(), auth: SESSION });
    const error = await failure(client.serviceStatus());
    expect(error).toMatchObject({ kind: 'network', status: null, endpoint: P.status });
    expect(error.message).not.toMatch(/certificate/);
  });

  it.each([
    ['certificate', 'net::ERR_CERT_AUTHORITY_INVALID', 'certificate'],
    ['unreachable', 'net::ERR_CONNECTION_REFUSED', 'network'],
    ['unknown', null, 'network'],
  ] as const)('a transport failure for %s becomes %s', async (reason, netError, kind) => {
    const client = createOpnsenseClient({
      origin: 'https://fw.example.lan:8443',
      auth: SESSION,
      fetch: () => Promise.reject(new TransportFailure(reason, netError)),
    });
    const error = await failure(client.serviceStatus());
    expect(error).toMatchObject({ kind, status: null, endpoint: P.status });
    expect(error.message).toContain('https://fw.example.lan:8443');
  });

  it('a caller abort is an AbortError, not a timeout', async () => {
    const { client, standIn } = await clientFor({ [P.status]: 'hang' }, SESSION, 60_000);
    const controller = new AbortController();
    const pending = client.serviceStatus(controller.signal);
    await standIn.waitForRequests(1);
    controller.abort();
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(OpnsenseError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('a caller abort with its own reason is still an AbortError', async () => {
    const { client, standIn } = await clientFor({ [P.info]: 'hang' }, SESSION, 60_000);
    const controller = new AbortController();
    const pending = client.currentProcess(controller.signal);
    await standIn.waitForRequests(1);
    controller.abort(new Error('tab closed'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an already aborted signal sends nothing', async () => {
    const { client, standIn } = await clientFor({ [P.status]: { json: STATUS_BODY } });
    await expect(client.serviceStatus(AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(standIn.received).toHaveLength(0);
  });
});

describe('secrets stay out of errors', () => {
  const leakyBodies: readonly Route[] = [
    { status: 401, json: { status: 401, message: 'Authentication Failed' } },
    { status: 403, json: { status: 403, message: 'Forbidden' } },
    { status: 500, text: `Fatal: ${API_SECRET} ${USERLIST_PASSWORD}` },
    { text: `<html><body>${USERLIST_PASSWORD} ${API_SECRET}</body></html>` },
    {
      text: `{"haproxy":{"users":{"user":{"x":{"password":"${USERLIST_PASSWORD}"`,
      contentType: 'application/json',
    },
    { text: `not json ${USERLIST_PASSWORD}`, contentType: 'application/json' },
    { json: { haproxy: { users: { user: { x: { password: USERLIST_PASSWORD } } } } } },
    { json: { haproxy: USERLIST_PASSWORD } },
    { json: { status: USERLIST_PASSWORD, response: { password: USERLIST_PASSWORD } } },
    { json: [USERLIST_PASSWORD] },
    'hang',
  ];

  function expectClean(error: unknown): void {
    expect(error).toBeInstanceOf(OpnsenseError);
    // inspect walks the stack and the cause chain, which JSON.stringify would miss.
    for (const text of [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(API_SECRET);
      expect(text).not.toContain(USERLIST_PASSWORD);
    }
  }

  it('in every failure of every call', async () => {
    let failures = 0;
    for (const body of leakyBodies) {
      const routes = Object.fromEntries([...Object.values(P)].map((path) => [path, body] as const));
      const { client } = await clientFor(routes, API, 200);
      for (const { call } of CALLS) {
        const outcome = await call(client).then(
          () => null,
          (error: unknown) => error,
        );
        if (outcome === null) continue;
        failures += 1;
        expectClean(outcome);
      }
    }
    // Guard against a vacuous pass: only a few of these answers are readable by some call.
    expect(failures).toBeGreaterThanOrEqual(40);
  });

  it('when the network fails', async () => {
    const client = createOpnsenseClient({ origin: await closedOrigin(), auth: API });
    for (const { call } of CALLS) expectClean(await call(client).catch((e: unknown) => e));
  });
});

describe('syncPeer: the HA master names its backup', () => {
  /** The XMLRPC password of the peer, as `hasync/get` carries it. */
  const XMLRPC_PASSWORD = 'XmlRpcPa55-do-not-leak';
  const hasync = (synchronizetoip: unknown) => ({
    json: {
      hasync: {
        pfsyncenabled: '1',
        synchronizetoip,
        verifypeer: '0',
        username: 'root',
        password: XMLRPC_PASSWORD,
        syncitems: { haproxy: { selected: 1 } },
      },
    },
  });

  it.each([
    ['10.0.0.2', '10.0.0.2'],
    ['  https://10.0.0.2:4443  ', 'https://10.0.0.2:4443'],
    ['', null],
  ])('reads %j as %j, and only that', async (stored, expected) => {
    const { client, standIn } = await clientFor({ [P.hasync]: hasync(stored) });
    const peer = await client.syncPeer();
    expect(peer).toBe(expected);
    expect(JSON.stringify(peer)).not.toContain(XMLRPC_PASSWORD);
    expect(standIn.received[0]?.method).toBe('GET');
  });

  it.each([
    [{ json: { hasync: XMLRPC_PASSWORD } }],
    [hasync(42)],
    [hasync({ a: XMLRPC_PASSWORD })],
  ])('an answer of another shape is an error that quotes none of it', async (route) => {
    const { client } = await clientFor({ [P.hasync]: route });
    const error: unknown = await client.syncPeer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpnsenseError);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(XMLRPC_PASSWORD);
  });
});
