/**
 * The GUI's HTTP server: pages, the API, jQuery, and the sim's own control endpoints
 * (`/__sim/*`, no session needed: this is a test tool, never exposed beyond 127.0.0.1).
 */
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { acmeCertificatesPage, acmeSettingsPage } from './acme-pages.ts';
import { handleApi } from './api.ts';
import { handleHaPage } from './ha-pages.ts';
import {
  clearedSessionCookie,
  parseCookies,
  sessionCookie,
  PRIVILEGE,
  hasPrivilege,
} from './auth.ts';
import type { SimContext } from './context.ts';
import { parseFaultPatch } from './faults.ts';
import { parseShellCommand, runShellAction } from './shell.ts';
import { localPath, readBody, redirect, send, sendHtml, sendJson } from './http-util.ts';
import { stopModeOf } from './model.ts';
import {
  haproxyPage,
  JQUERY_URL,
  lobbyPage,
  loginPage,
  maintenancePage,
  messagePage,
  servicesPage,
  statisticsPage,
  type Theme,
} from './pages.ts';

const THEME_COOKIE = 'hrg-theme';

/** `?theme=dark|light` wins and is remembered in a cookie; otherwise the cookie decides. */
function themeOf(req: IncomingMessage, url: URL): { theme: Theme; setCookie?: string } {
  const asked = url.searchParams.get('theme');
  if (asked === 'dark' || asked === 'light') {
    return { theme: asked, setCookie: `${THEME_COOKIE}=${asked}; SameSite=Lax; Path=/` };
  }
  return {
    theme: parseCookies(req.headers.cookie).get(THEME_COOKIE) === 'dark' ? 'dark' : 'light',
  };
}

const PAGES: Readonly<Record<string, typeof haproxyPage>> = {
  '/': lobbyPage,
  '/ui/haproxy': haproxyPage,
  '/ui/haproxy/statistics': statisticsPage,
  '/ui/haproxy/maintenance': maintenancePage,
  '/ui/core/service': servicesPage,
  '/ui/acmeclient/certificates': acmeCertificatesPage,
  '/ui/acmeclient/settings': acmeSettingsPage,
};

/** What `GET /__sim/state` reports: enough to see at a glance what the sim is doing. */
export function simState(ctx: SimContext) {
  return {
    scheme: ctx.secure ? 'https' : 'http',
    opnsenseVersion: ctx.opnsenseVersion,
    faults: ctx.faults,
    status: ctx.service.status(),
    pidfilePid: ctx.service.pidfilePid(),
    haproxyPids: ctx.service.pids(),
    frontend: { host: '127.0.0.1', port: ctx.frontendPort },
    stopMode: stopModeOf(ctx.model.general),
    hardStopAfter: ctx.model.general.hardStopAfter,
    users: ctx.model.users.map((u) => u.name),
    dir: ctx.service.paths.dir,
    // The peer only: the XMLRPC password stays out of the sim's own reports too.
    ha: { synchronizetoip: ctx.ha.settings.synchronizetoip, hasBackup: ctx.ha.backup !== null },
  };
}

async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  path: string,
) {
  if (path === '/__sim/state' && req.method === 'GET') {
    sendJson(res, 200, simState(ctx));
  } else if (path === '/__sim/faults' && req.method === 'POST') {
    try {
      const patch = parseFaultPatch(JSON.parse(await readBody(req)) as unknown);
      ctx.faults = { ...ctx.faults, ...patch };
      sendJson(res, 200, { faults: ctx.faults });
    } catch (error) {
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  } else if (path === '/__sim/shell' && req.method === 'POST') {
    let command: unknown;
    try {
      command = (JSON.parse(await readBody(req)) as { command?: unknown }).command;
    } catch {
      command = undefined;
    }
    const parsed = parseShellCommand(command);
    if (parsed.kind === 'error') sendJson(res, 400, { error: parsed.message });
    else sendJson(res, 200, { output: await runShellAction(ctx.service, parsed.action) });
  } else {
    sendJson(res, 404, { error: 'GET /__sim/state, POST /__sim/faults or POST /__sim/shell' });
  }
}

async function handleLogin(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  url: URL,
  theme: Theme,
) {
  const form = new URLSearchParams(await readBody(req));
  const target = localPath(url.searchParams.get('url'));
  const name = form.get('usernamefld') ?? '';
  const password = form.get('passwordfld') ?? '';
  // authgui.inc only looks at a post that carries the `login` button and both fields.
  const session =
    form.has('login') && name !== '' && password !== '' ? ctx.auth.login(name, password) : null;
  if (session === null) {
    sendHtml(
      res,
      200,
      loginPage({
        ...(target === null ? {} : { url: target }),
        error: 'Wrong username or password.',
        theme,
      }),
    );
    return;
  }
  redirect(res, target ?? '/', sessionCookie(session, ctx.secure));
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: SimContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;

  if (path.startsWith('/__sim/')) return handleControl(req, res, ctx, path);
  if (path.startsWith('/api/')) return handleApi(req, res, ctx, path);
  if (path === JQUERY_URL) {
    send(res, 200, 'application/javascript; charset=UTF-8', readFileSync(ctx.jqueryPath), {
      'Cache-Control': 'max-age=3600',
    });
    return;
  }

  if (path === '/favicon.ico') {
    // Browsers ask for it on every page; a 404 would show up as a console error in e2e runs.
    send(res, 204, null, '');
    return;
  }

  const { theme, setCookie } = themeOf(req, url);
  const headers: Record<string, string> =
    setCookie === undefined ? {} : { 'Set-Cookie': setCookie };

  if ((path === '/' || path === '/index.php') && req.method === 'POST') {
    return handleLogin(req, res, ctx, url, theme);
  }

  const session = ctx.auth.session(req);
  if (url.searchParams.has('logout') && path === '/index.php') {
    if (session !== null) ctx.auth.destroy(session);
    redirect(res, '/', clearedSessionCookie(ctx.secure));
    return;
  }

  if (session === null) {
    if (path === '/' || path === '/index.php') {
      const target = localPath(url.searchParams.get('url'));
      send(
        res,
        200,
        'text/html; charset=UTF-8',
        loginPage({ ...(target === null ? {} : { url: target }), theme }),
        headers,
      );
    } else if (path.startsWith('/ui/') || path.endsWith('.php')) {
      // ControllerRoot::doAuth sends an unknown user to the login page, remembering the page.
      redirect(res, `/?url=${encodeURIComponent(`${path}${url.search}`)}`);
    } else {
      send(res, 404, 'text/plain; charset=UTF-8', 'Not Found');
    }
    return;
  }

  ctx.auth.touch(session);
  const common = { csrfToken: session.csrfToken, userName: session.user.name, theme };
  if (await handleHaPage(req, res, ctx, path, session, common, headers)) return;
  const pluginPage = path.startsWith('/ui/haproxy');
  const page =
    pluginPage && !ctx.faults.pluginInstalled
      ? undefined
      : PAGES[path === '/index.php' ? '/' : path];
  if (page === undefined) {
    send(
      res,
      404,
      'text/html; charset=UTF-8',
      messagePage(common, 'Page not found', `${path} does not exist on this stand-in.`),
      headers,
    );
  } else if (pluginPage && !hasPrivilege(session.user, PRIVILEGE.haproxy)) {
    send(
      res,
      403,
      'text/html; charset=UTF-8',
      messagePage(common, 'Forbidden', 'You do not have the privilege "Services: HAProxy".'),
      headers,
    );
  } else if (path === '/ui/core/service' && !hasPrivilege(session.user, PRIVILEGE.services)) {
    send(
      res,
      403,
      'text/html; charset=UTF-8',
      messagePage(common, 'Forbidden', 'You do not have the privilege "Status: Services".'),
      headers,
    );
  } else if (path.startsWith('/ui/acmeclient') && !hasPrivilege(session.user, PRIVILEGE.acme)) {
    send(
      res,
      403,
      'text/html; charset=UTF-8',
      messagePage(common, 'Forbidden', 'You do not have the privilege "Services: ACME Client".'),
      headers,
    );
  } else {
    send(res, 200, 'text/html; charset=UTF-8', page(common), headers);
  }
}

export type GuiServer = HttpServer | HttpsServer;

/** HTTPS when given a certificate (OPNsense's default), plain HTTP otherwise. */
export function createGuiServer(
  ctx: SimContext,
  tls: { readonly cert: string; readonly key: string } | null,
): GuiServer {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    ctx.requests.record(req, res);
    handle(req, res, ctx).catch((error: unknown) => {
      console.error('[sim] request failed:', error);
      if (!res.headersSent)
        sendJson(res, 500, { errorMessage: 'Unexpected error, check log for details' });
      else res.destroy();
    });
  };
  return tls === null ? createHttpServer(listener) : createHttpsServer(tls, listener);
}
