/**
 * How the API finds an action before it looks at the caller, and how it shapes what it sends
 * (docs/opnsense.md §4): unknown paths per OPNsense version, a missing plugin, action names in any case,
 * htmlspecialchars for session clients, trimmed configd answers, settings/get on GET only.
 */
import { describe, expect, it } from 'vitest';
import type { Sim } from './index.ts';
import { api, basicAuth, login, simPerTest } from './test-helpers.ts';

const startSim = simPerTest();

const keyHeaders = (sim: Sim) => ({
  authorization: basicAuth(sim.credentials.apiKey.key, sim.credentials.apiKey.secret),
});

describe('unknown paths, before authentication', () => {
  it('25.7: 404 {"errorMessage":"Endpoint not found"} for anybody, a bad API key included', async () => {
    const sim = await startSim({ startHaproxy: false });
    const session = await login(sim);
    const expected = { errorMessage: 'Endpoint not found' };
    for (const path of [
      '/api/haproxy/service/nonsense',
      '/api/haproxy/nonsense/status',
      '/api/nonsense/service/status',
      '/api/haproxy',
    ]) {
      for (const options of [
        {},
        { session },
        { headers: { authorization: basicAuth('bad', 'key') } },
      ]) {
        for (const method of ['GET', 'POST']) {
          const res = await api(sim, method, path, options);
          expect(res.status, `${method} ${path}`).toBe(404);
          expect(res.json).toEqual(expected);
        }
      }
    }
    // A known path still asks for a login first.
    expect((await api(sim, 'GET', '/api/haproxy/service/status')).status).toBe(401);
  });

  it('pluginInstalled false: every haproxy path is unknown, the rest of the firewall is not', async () => {
    const sim = await startSim({ faults: { pluginInstalled: false } });
    const session = await login(sim);
    for (const path of [
      '/api/haproxy/service/status',
      '/api/haproxy/service/reconfigure',
      '/api/haproxy/settings/get',
      '/api/haproxy/statistics/info',
    ]) {
      expect((await api(sim, 'GET', path)).status, path).toBe(404);
      const withSession = await api(sim, 'POST', path, { session });
      expect(withSession.status, path).toBe(404);
      expect(withSession.json).toEqual({ errorMessage: 'Endpoint not found' });
    }
    const activity = await api(sim, 'GET', '/api/diagnostics/activity/get_activity', { session });
    expect(activity.status).toBe(200);
    const services = await api(sim, 'GET', '/api/core/service/search', { session });
    expect(services.json).toMatchObject({ rows: [] });
    const page = await api(sim, 'GET', '/ui/haproxy', { session });
    expect(page.status).toBe(404);

    sim.setFaults({ pluginInstalled: true });
    expect((await api(sim, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
      status: 'running',
    });
    expect((await api(sim, 'GET', '/ui/haproxy', { session })).status).toBe(200);
  });

  it('24.1: 400 with the missing controller named, still before authentication', async () => {
    const sim = await startSim({
      opnsenseVersion: '24.1',
      startHaproxy: false,
      faults: { pluginInstalled: false },
    });
    expect(sim.opnsenseVersion).toBe('24.1');
    const missing = await api(sim, 'GET', '/api/haproxy/service/status');
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      message: 'controller OPNsense\\HAProxy\\Api\\ServiceController not found',
      status: 400,
    });
    expect(missing.text).toBe(
      '{"message":"controller OPNsense\\\\HAProxy\\\\Api\\\\ServiceController not found","status":400}',
    );
    const unknownAction = await api(sim, 'GET', '/api/diagnostics/activity/nonsense');
    expect(unknownAction.status).toBe(400);
    expect(unknownAction.json).toMatchObject({ status: 400 });

    sim.setFaults({ pluginInstalled: true });
    expect((await api(sim, 'GET', '/api/haproxy/service/status')).status).toBe(401);
    const session = await login(sim);
    expect((await api(sim, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
      status: 'stopped',
    });
  });
});

describe('action names', () => {
  it('reaches get_activity as getActivity and getactivity too (snake_case → camelCase, PHP ignores case)', async () => {
    const sim = await startSim({ startHaproxy: false });
    const session = await login(sim);
    for (const action of ['get_activity', 'getActivity', 'getactivity', 'GetActivity']) {
      const res = await api(sim, 'GET', `/api/diagnostics/activity/${action}`, { session });
      expect(res.status, action).toBe(200);
      expect(res.json).toMatchObject({ details: expect.any(Array) as unknown[] });
    }
    const users = await api(sim, 'GET', '/api/haproxy/settings/searchUsers', { session });
    expect(users.json).toMatchObject({ rows: [{ name: 'user0' }] });
  });
});

describe('what the answers look like', () => {
  it('escapes <, > and & for a session (htmlspecialchars), not for an API key', async () => {
    const sim = await startSim({ startHaproxy: false });
    const session = await login(sim);
    const path = '/api/diagnostics/activity/get_activity';
    const cron =
      '/usr/local/sbin/configctl acmeclient cron-auto-renew && /usr/local/sbin/configctl haproxy reload >/dev/null 2>&1';
    const commands = (json: unknown) =>
      (json as { details: { COMMAND: string }[] }).details.map((r) => r.COMMAND);

    const bySession = await api(sim, 'GET', path, { session });
    expect(bySession.text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    expect(commands(bySession.json)).toContain(
      `/bin/sh -c ${cron.replace(/&/g, '&amp;').replace(/>/g, '&gt;')}`,
    );
    const byKey = await api(sim, 'GET', path, { headers: keyHeaders(sim) });
    expect(commands(byKey.json)).toContain(`/bin/sh -c ${cron}`);

    // A description with those characters, through the model.
    await api(sim, 'POST', '/api/haproxy/settings/add_user', {
      session,
      body: JSON.stringify({
        user: { name: 'ops', password: 'ops-pass', description: 'R&D <lab> team' },
      }),
    });
    const description = (json: unknown) =>
      Object.values(
        (json as { haproxy: { users: { user: Record<string, { description: string }> } } }).haproxy
          .users.user,
      ).map((u) => u.description);
    const settings = '/api/haproxy/settings/get';
    expect(description((await api(sim, 'GET', settings, { session })).json)).toContain(
      'R&amp;D &lt;lab&gt; team',
    );
    expect(
      description((await api(sim, 'GET', settings, { headers: keyHeaders(sim) })).json),
    ).toContain('R&D <lab> team');
  });

  it('answers settings/get with data on GET only', async () => {
    const sim = await startSim({ startHaproxy: false });
    const session = await login(sim);
    const got = await api(sim, 'GET', '/api/haproxy/settings/get', { session });
    expect(got.json).toMatchObject({ haproxy: { general: { gracefulStop: '0' } } });
    const posted = await api(sim, 'POST', '/api/haproxy/settings/get', { session });
    expect(posted.status).toBe(200);
    expect(posted.json).toEqual([]);
  });

  it('answers start/stop/restart with configd’s answer trimmed', async () => {
    const sim = await startSim({ startHaproxy: false });
    const session = await login(sim);
    for (const action of ['start', 'restart', 'stop']) {
      const res = await api(sim, 'POST', `/api/haproxy/service/${action}`, { session });
      expect(res.text, action).toBe('{"response":"OK"}');
    }
    // rc start refuses when already running; configd reports the exit code.
    await api(sim, 'POST', '/api/haproxy/service/start', { session });
    const again = await api(sim, 'POST', '/api/haproxy/service/start', { session });
    expect(again.text).toBe('{"response":"Error (1)"}');
  });
});
