/** The GUI and API answer the way OPNsense does (docs/opnsense.md §3, §4), including every injected fault. */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_FAULTS,
  killLeftoverSimProcesses,
  simFetch,
  startSim,
  type Sim,
  type SimFetch,
  type SimScheme,
} from './index.ts';
import { api, basicAuth, expectNoSimHaproxyLeft, login, type GuiSession } from './test-helpers.ts';

// The whole API over OPNsense's default HTTPS and over plain HTTP.
describe.each<SimScheme>(['https', 'http'])('over %s', (scheme) => {
  let sim: Sim;
  let root: GuiSession;
  let fetch: SimFetch;

  beforeAll(async () => {
    killLeftoverSimProcesses();
    sim = await startSim({ users: ['user0'], scheme });
    fetch = simFetch(sim);
    root = await login(sim);
  });
  beforeEach(() => {
    sim.setFaults(DEFAULT_FAULTS);
  });
  afterAll(async () => {
    await sim.stop();
    await sim.stop(); // idempotent
    expectNoSimHaproxyLeft();
  });

  describe('login and pages', () => {
    it('sends a visitor without a session to the login form and back after login', async () => {
      const page = await fetch('/ui/haproxy#users', { redirect: 'manual' });
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toBe('/?url=%2Fui%2Fhaproxy');

      const form = await (await fetch('/?url=%2Fui%2Fhaproxy')).text();
      expect(form).toContain('name="usernamefld"');
      expect(form).toContain('name="passwordfld"');
      expect(form).toContain('action="/?url=%2Fui%2Fhaproxy"');

      const wrong = await fetch('/?url=%2Fui%2Fhaproxy', {
        method: 'POST',
        body: new URLSearchParams({ usernamefld: 'root', passwordfld: 'nope', login: '1' }),
        redirect: 'manual',
      });
      expect(wrong.status).toBe(200);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect(await wrong.text()).toContain('Wrong username or password.');

      const ok = await fetch('/?url=%2Fui%2Fhaproxy', {
        method: 'POST',
        body: new URLSearchParams({ usernamefld: 'root', passwordfld: 'opnsense', login: '1' }),
        redirect: 'manual',
      });
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/ui/haproxy');
      // Secure only over https (docs/opnsense.md §6).
      expect(ok.headers.get('set-cookie')).toMatch(
        scheme === 'https'
          ? /^PHPSESSID=[0-9a-f]{32}; Secure; HttpOnly; SameSite=Lax; Path=\/$/
          : /^PHPSESSID=[0-9a-f]{32}; HttpOnly; SameSite=Lax; Path=\/$/,
      );
    });

    it('renders the HAProxy page like OPNsense: token script, jQuery, tabs, Apply, service bar', async () => {
      const res = await fetch('/ui/haproxy', { headers: { cookie: root.cookie } });
      const html = await res.text();
      expect(html).toContain(
        `$.ajaxSetup({'beforeSend': function(xhr) { xhr.setRequestHeader("X-CSRFToken", "${root.csrfToken}" ); }});`,
      );
      expect(html).toMatch(/<script src="\/ui\/js\/jquery\.min\.js"><\/script>/);
      // The common Apply sits in #haproxyCommonButtons; the settings tab has its own Apply.
      expect(html).toMatch(
        /<div class="col-md-12" id="haproxyCommonButtons" style="display: none">(?:(?!<\/div>\s*<\/div>)[\s\S])*<button class="btn btn-primary" id="reconfigureAct-common" type="button"><b>Apply<\/b>/,
      );
      expect(html).toContain(
        'id="saveAndReconfigureAct_haproxy-general-settings" type="button"><b>Apply</b>',
      );
      expect(html).toContain(`$('[id*="reconfigureAct"]').each(`);
      expect(html).toContain(`$('[id*="saveAndReconfigureAct"]').each(`);
      expect(html).toContain('<div id="service_status_container"></div>');
      // Only updateServiceStatusUI fills it: a status icon, no buttons (docs/opnsense.md §3).
      expect(html).toContain("updateServiceStatusUI(data['status']);");
      expect(html).not.toMatch(/restartService|stopService|startService/);
      for (const tab of ['#general-settings', '#users']) expect(html).toContain(`href="${tab}"`);
      expect(html).toContain('<body class="theme-light">');

      const jquery = await fetch('/ui/js/jquery.min.js');
      expect(jquery.status).toBe(200);
      expect(await jquery.text()).toMatch(/^\/\*! jQuery v3\./);

      const dark = await fetch('/ui/haproxy/statistics?theme=dark', {
        headers: { cookie: root.cookie },
      });
      expect(await dark.text()).toContain('<body class="theme-dark">');
      expect(dark.headers.get('set-cookie')).toContain('hrg-theme=dark');
      for (const path of ['/ui/haproxy/statistics', '/ui/haproxy/maintenance']) {
        expect((await fetch(path, { headers: { cookie: root.cookie } })).status).toBe(200);
      }
    });
  });

  describe('authentication and authorization', () => {
    it('answers 401 without a session or with an unknown one', async () => {
      expect((await api(sim, 'GET', '/api/haproxy/service/status')).status).toBe(401);
      const unknown = await api(sim, 'GET', '/api/haproxy/service/status', {
        headers: { cookie: 'PHPSESSID=0123456789abcdef0123456789abcdef' },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.text).toBe('');
    });

    it('answers 403 when the user lacks the privilege', async () => {
      const limited = await login(sim, sim.credentials.limited);
      expect(
        (await api(sim, 'GET', '/api/haproxy/service/status', { session: limited })).status,
      ).toBe(200);
      const activity = await api(sim, 'GET', '/api/diagnostics/activity/get_activity', {
        session: limited,
      });
      expect(activity.status).toBe(403);
      expect(activity.text).toBe('');
      expect((await api(sim, 'GET', '/api/core/service/search', { session: limited })).status).toBe(
        403,
      );
    });

    it('answers 403 to a session POST without the right X-CSRFToken, GET needs none', async () => {
      const path = '/api/haproxy/service/status';
      expect((await api(sim, 'POST', path, { session: root, csrf: false })).status).toBe(403);
      const wrong = { ...root, csrfToken: 'not-the-token' };
      expect((await api(sim, 'POST', path, { session: wrong })).status).toBe(403);
      expect((await api(sim, 'POST', path, { session: root })).status).toBe(200);
      expect((await api(sim, 'GET', path, { session: root, csrf: false })).status).toBe(200);
    });

    it('accepts the API key without CSRF and refuses a bad one with OPNsense JSON', async () => {
      const { key, secret } = sim.credentials.apiKey;
      const good = { authorization: basicAuth(key, secret) };
      const posted = await api(sim, 'POST', '/api/haproxy/service/status', { headers: good });
      expect(posted.status).toBe(200);
      expect(posted.json).toMatchObject({ status: 'running' });

      const bad = await api(sim, 'GET', '/api/haproxy/service/status', {
        headers: { authorization: basicAuth(key, 'wrong') },
      });
      expect(bad.status).toBe(401);
      expect(bad.json).toEqual({ status: 401, message: 'Authentication Failed' });
    });

    it('answers 400 to an API-key POST with a JSON content type and an empty body', async () => {
      const { key, secret } = sim.credentials.apiKey;
      const res = await api(sim, 'POST', '/api/haproxy/service/status', {
        headers: { authorization: basicAuth(key, secret) },
        body: '',
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ status: 400, message: 'Invalid JSON syntax' });
      // ApiControllerBase ignores that parse error for session requests.
      const session = await api(sim, 'POST', '/api/haproxy/service/status', {
        session: root,
        body: '',
      });
      expect(session.status).toBe(200);
    });

    it('expires the session after N more authenticated requests (expireSessionAfterRequests)', async () => {
      const s = await login(sim);
      sim.setFaults({ expireSessionAfterRequests: 2 });
      const path = '/api/haproxy/service/status';
      expect((await api(sim, 'GET', path, { session: s })).status).toBe(200);
      expect((await api(sim, 'GET', path, { session: s })).status).toBe(200);
      expect((await api(sim, 'GET', path, { session: s })).status).toBe(401);
      expect((await api(sim, 'GET', path, { session: s })).status).toBe(401);
      const page = await fetch('/ui/haproxy', {
        headers: { cookie: s.cookie },
        redirect: 'manual',
      });
      expect(page.status).toBe(302);
      const state = (await api(sim, 'GET', '/__sim/state')).json as {
        faults: { expireSessionAfterRequests: unknown };
      };
      expect(state.faults.expireSessionAfterRequests).toBeNull();
      expect((await api(sim, 'GET', path, { session: await login(sim) })).status).toBe(200);
    });
  });

  describe('service endpoints', () => {
    it('does nothing on GET start/stop/restart and answers failed to GET reconfigure', async () => {
      const before = await sim.haproxyPids();
      for (const action of ['stop', 'restart', 'start']) {
        const res = await api(sim, 'GET', `/api/haproxy/service/${action}`, { session: root });
        expect(res.json).toEqual({ response: [] });
      }
      expect(await sim.haproxyPids()).toEqual(before);
      expect(
        (await api(sim, 'GET', '/api/haproxy/service/reconfigure', { session: root })).json,
      ).toEqual({
        status: 'failed',
      });
    });

    it('answers the core service API like System › Services expects', async () => {
      const before = await sim.haproxyPids();
      for (const action of ['start', 'stop', 'restart']) {
        const get = await api(sim, 'GET', `/api/core/service/${action}/haproxy`, { session: root });
        expect(get.json, action).toEqual({ result: 'failed' });
        const unknown = await api(sim, 'POST', `/api/core/service/${action}/nginx`, {
          session: root,
        });
        expect(unknown.json, action).toEqual({ result: 'failed' });
        const noToken = await api(sim, 'POST', `/api/core/service/${action}/haproxy`, {
          session: root,
          csrf: false,
        });
        expect(noToken.status, action).toBe(403);
      }
      expect(await sim.haproxyPids()).toEqual(before);
      const limited = await login(sim, sim.credentials.limited);
      const refused = await api(sim, 'POST', '/api/core/service/restart/haproxy', {
        session: limited,
      });
      expect(refused.status).toBe(403);
      const page = await fetch('/ui/core/service', { headers: { cookie: limited.cookie } });
      expect(page.status).toBe(403);
      const rootPage = await fetch('/ui/core/service', { headers: { cookie: root.cookie } });
      expect(await rootPage.text()).toContain('<table id="grid-services"');
    });

    it('reports status from the pidfile with the widget captions', async () => {
      const res = await api(sim, 'POST', '/api/haproxy/service/status', { session: root });
      expect(res.json).toEqual({
        status: 'running',
        widget: {
          caption_stop: 'stop service',
          caption_start: 'start service',
          caption_restart: 'restart service',
        },
      });
      const search = await api(sim, 'GET', '/api/core/service/search', { session: root });
      expect(search.json).toMatchObject({ rows: [{ id: 'haproxy', running: 1 }] });
    });

    it('shows the real show info of the running process as flat strings', async () => {
      const [pid] = await sim.haproxyPids();
      const res = await api(sim, 'GET', '/api/haproxy/statistics/info', { session: root });
      const info = res.json as Record<string, unknown>;
      expect(info.Name).toBe('HAProxy');
      expect(info.Pid).toBe(String(pid));
      expect(info.Stopping).toBe('0');
      expect(Object.values(info).every((v) => typeof v === 'string')).toBe(true);
      // "Uptime: 0d 0h00m12s" has no colon; "Release_date" is a date; nothing keeps a colon.
      expect(Object.values(info).some((v) => String(v).includes(':'))).toBe(false);
    });

    it('returns the model with clear-text userlist passwords, and adds users without applying', async () => {
      const added = await api(sim, 'POST', '/api/haproxy/settings/add_user', {
        session: root,
        body: JSON.stringify({ user: { name: 'user7', password: 'user7-pass' } }),
      });
      const { uuid } = added.json as { uuid: string };
      expect(added.json).toEqual({ result: 'saved', uuid });
      const bad = await api(sim, 'POST', '/api/haproxy/settings/add_user', {
        session: root,
        body: JSON.stringify({ user: { name: 'bad name', password: 'x' } }),
      });
      expect(bad.json).toMatchObject({
        result: 'failed',
        validations: { 'user.name': expect.any(String) as string },
      });

      const got = (await api(sim, 'GET', '/api/haproxy/settings/get', { session: root })).json as {
        haproxy: {
          general: Record<string, string>;
          users: { user: Record<string, Record<string, string>> };
        };
      };
      expect(got.haproxy.general).toMatchObject({
        enabled: '1',
        gracefulStop: '0',
        hardStopAfter: '60s',
        seamlessReload: '0',
      });
      expect(got.haproxy.users.user[uuid]).toEqual({
        enabled: '1',
        name: 'user7',
        description: '',
        password: 'user7-pass',
      });
      const diff = await api(sim, 'POST', '/api/haproxy/export/diff/', { session: root });
      expect((diff.json as { response: string }).response).toContain(
        '+    user user7 insecure-password user7-pass',
      );
      const search = (
        await api(sim, 'GET', '/api/haproxy/settings/search_users', { session: root })
      ).json as {
        rows: Record<string, string>[];
      };
      expect(search.rows.map((r) => r.name)).toEqual(['user0', 'user7']);
      expect(search.rows.every((r) => !('password' in r))).toBe(true);
    });

    it('validates the settings form and reports configtest ALERTs verbatim', async () => {
      const set = (general: Record<string, string>) =>
        api(sim, 'POST', '/api/haproxy/settings/set', {
          session: root,
          body: JSON.stringify({ haproxy: { general } }),
        });
      expect((await set({ hardStopAfter: 'soon' })).json).toMatchObject({ result: 'failed' });
      // Well-formed for the model, too large for HAProxy: only configtest notices.
      expect((await set({ gracefulStop: '1', hardStopAfter: '99999999999d' })).json).toEqual({
        result: 'saved',
      });
      const test = await api(sim, 'POST', '/api/haproxy/service/configtest', { session: root });
      const { result } = test.json as { result: string };
      expect(result).toContain('[ALERT]');
      expect(result).toContain('timer overflow');
      expect((await set({ gracefulStop: '0', hardStopAfter: '60s' })).json).toEqual({
        result: 'saved',
      });
      expect(
        (await api(sim, 'POST', '/api/haproxy/service/configtest', { session: root })).json,
      ).toEqual({
        result: 'Configuration file is valid\n\n\n',
      });
    });
  });

  describe('get_activity faults', () => {
    const path = '/api/diagnostics/activity/get_activity';

    it('answers 500, HTML or cut JSON when told to', async () => {
      sim.setFaults({ processListError: 'http-500' });
      expect((await api(sim, 'GET', path, { session: root })).status).toBe(500);

      sim.setFaults({ processListError: 'html' });
      const html = await api(sim, 'GET', path, { session: root });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.json).toBeUndefined();

      sim.setFaults({ processListError: 'cut-json' });
      const cut = await api(sim, 'GET', path, { session: root });
      expect(cut.status).toBe(200);
      expect(cut.text.startsWith('{"headers":[')).toBe(true);
      expect(cut.json).toBeUndefined();
    });

    it('takes 1–2 s with slowProcessList', async () => {
      sim.setFaults({ slowProcessList: true });
      const started = Date.now();
      const res = await api(sim, 'GET', path, { session: root });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    });
  });

  describe('control endpoints', () => {
    it('switches faults without a session and refuses unknown ones', async () => {
      const set = await api(sim, 'POST', '/__sim/faults', {
        body: JSON.stringify({ orphanOnReload: true }),
      });
      expect(set.json).toMatchObject({ faults: { orphanOnReload: true } });
      const bad = await api(sim, 'POST', '/__sim/faults', {
        body: JSON.stringify({ orphan: true }),
      });
      expect(bad.status).toBe(400);
      const state = (await api(sim, 'GET', '/__sim/state')).json as {
        dir: string;
        haproxyPids: number[];
      };
      expect(state.haproxyPids).toEqual(await sim.haproxyPids());
      expect(readdirSync(state.dir)).toEqual(
        expect.arrayContaining(['haproxy.conf', 'haproxy.pid', 'haproxy.socket']),
      );
    });
  });
});
