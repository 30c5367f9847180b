import { expect, it } from 'vitest';

import { readArgv } from './proc.ts';
import { api, apply, login, measure, simPerTest } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

it('stalePidfile: the next Apply starts a second process next to the first', async () => {
  const s = await startSim({ faults: { stalePidfile: true } });
  const [first = 0] = await s.haproxyPids();
  const session = await login(s);
  await s.addUser('user1');

  expect((await apply(s, session)).reconfigure?.json).toEqual({ status: 'ok' });
  const pids = await s.haproxyPids();
  expect(pids).toHaveLength(2);
  expect(pids).toContain(first);
  // reload found "not running" (dead pidfile PID), configd fell back to restart, whose start
  // launched a plain process: nobody was told to stop.
  const second = pids.find((p) => p !== first) ?? 0;
  expect(readArgv(second)?.some((a) => a === '-sf' || a === '-st')).toBe(false);
  const state = (await api(s, 'GET', '/__sim/state')).json as { pidfilePid: number };
  expect(state.pidfilePid).toBe(second);
  const m = await measure(s, 'user1');
  expect(m.ok).toBeGreaterThan(0);
  expect(m.ok).toBeLessThan(200);
});

it('reloadFails: the old process keeps serving the old config and reconfigure still says ok', async () => {
  const s = await startSim({ faults: { reloadFails: true } });
  const [old] = await s.haproxyPids();
  const session = await login(s);
  await s.addUser('user1');

  const { configtest, reconfigure } = await apply(s, session);
  // `haproxy -c` binds nothing, so it cannot see that a listener will fail to bind.
  expect(configtest.json).toEqual({ result: 'Configuration file is valid\n\n\n' });
  expect(reconfigure?.json).toEqual({ status: 'ok' });
  expect(await s.haproxyPids()).toEqual([old]);
  expect((await api(s, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
    status: 'running',
  });
  expect((await measure(s, 'user1', 50)).ok).toBe(0);
  expect((await measure(s, 'user0', 50)).ok).toBe(50);
  // The failed process had already replaced the stats socket path with its own, now dead, one.
  const info = await api(s, 'GET', '/api/haproxy/statistics/info', { session });
  expect(info.status).toBe(200);
  expect(info.text).toBe('');

  // Stop + start (no reload involved) brings the new config up.
  await api(s, 'POST', '/api/haproxy/service/stop', { session });
  await api(s, 'POST', '/api/haproxy/service/start', { session });
  await waitFor(async () => (await s.haproxyPids()).length === 1, {
    what: 'one process',
    timeoutMs: 5000,
  });
  expect((await measure(s, 'user1')).ok).toBe(200);
});
