/**
 * The sim's request log says what each request carried (API key or session cookie), and a revoked
 * API key is refused the way OPNsense refuses an unknown one, while sessions go on working.
 */
import { describe, expect, it } from 'vitest';
import { fetchFromSim } from './index.ts';
import { api, basicAuth, login, simPerTest } from './test-helpers.ts';

const startSim = simPerTest();

describe('request log', () => {
  it('logs each request with its credentials and status, but not the control endpoints', async () => {
    const sim = await startSim();
    const before = Date.now();
    const session = await login(sim);
    const { key, secret } = sim.credentials.apiKey;
    const afterLogin = Date.now();
    await api(sim, 'GET', '/api/diagnostics/activity/get_activity', {
      headers: { authorization: basicAuth(key, secret) },
    });
    await api(sim, 'GET', '/api/haproxy/service/status?x=1', { session });
    await api(sim, 'GET', '/api/haproxy/service/status');
    await (await fetchFromSim(sim, '/__sim/state')).text();

    const all = sim.requests();
    expect(all.every((entry) => entry.at >= before)).toBe(true);
    expect(all.some((entry) => entry.path.startsWith('/__sim/'))).toBe(false);
    const apiCalls = sim
      .requests({ since: afterLogin })
      .map(({ method, path, apiKey, sessionCookie, status }) => ({
        method,
        path,
        apiKey,
        sessionCookie,
        status,
      }));
    expect(apiCalls).toEqual([
      {
        method: 'GET',
        path: '/api/diagnostics/activity/get_activity',
        apiKey: true,
        sessionCookie: false,
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/haproxy/service/status',
        apiKey: false,
        sessionCookie: true,
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/haproxy/service/status',
        apiKey: false,
        sessionCookie: false,
        status: 401,
      },
    ]);
    // The login itself: the form post (no cookie yet) and the pages after it (with the cookie).
    const loginSteps = sim.requests().filter((entry) => entry.at < afterLogin);
    expect(loginSteps.some((entry) => entry.method === 'POST' && !entry.sessionCookie)).toBe(true);
    expect(loginSteps.some((entry) => entry.path === '/ui/haproxy' && entry.sessionCookie)).toBe(
      true,
    );
  });

  it('refuses a revoked API key with 401 Authentication Failed; sessions still work', async () => {
    const sim = await startSim();
    const session = await login(sim);
    const { key, secret } = sim.credentials.apiKey;
    const withKey = { headers: { authorization: basicAuth(key, secret) } };
    const path = '/api/haproxy/service/status';
    expect((await api(sim, 'GET', path, withKey)).status).toBe(200);

    sim.revokeApiKey();
    const refused = await api(sim, 'GET', path, withKey);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ status: 401, message: 'Authentication Failed' });
    expect((await api(sim, 'GET', path, { session })).status).toBe(200);
  });
});
