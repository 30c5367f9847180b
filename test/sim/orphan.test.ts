/**
 * The field bug (docs/opnsense.md §1, §5): a reload that does not signal the old process leaves it listening
 * next to the new one, and only stop + start clears it.
 */
import { expect, it } from 'vitest';

import { readArgv } from './proc.ts';
import { api, apply, login, measure, sorted, simPerTest } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

it('orphanOnReload: two processes split new connections until stop + start', async () => {
  const s = await startSim({ users: ['user0'], faults: { orphanOnReload: true } });
  const [orphan = 0] = await s.haproxyPids();
  const session = await login(s);
  await s.addUser('user1');

  expect((await apply(s, session)).reconfigure?.json).toEqual({ status: 'ok' });
  await waitFor(async () => (await s.haproxyPids()).length === 2, {
    what: 'a second process',
    timeoutMs: 5000,
  });
  const pids = sorted(await s.haproxyPids());
  const newest = pids.find((p) => p !== orphan) ?? 0;
  // The new process was started without naming the old one.
  expect(readArgv(newest)?.some((a) => a === '-sf' || a === '-st')).toBe(false);

  const user1 = await measure(s, 'user1');
  expect(user1.ok).toBeGreaterThanOrEqual(20);
  expect(user1.ok).toBeLessThanOrEqual(180);
  expect(sorted(user1.byPid.keys())).toEqual(pids);
  expect([...user1.okByPid.keys()]).toEqual([newest]);
  const user0 = await measure(s, 'user0');
  expect(user0.ok).toBe(200);
  expect(sorted(user0.byPid.keys())).toEqual(pids);

  // A correct reload afterwards only replaces the pidfile process; the orphan stays.
  s.setFaults({ orphanOnReload: false });
  await apply(s, session);
  await waitFor(async () => !(await s.haproxyPids()).includes(newest), {
    what: 'the reloaded process to go',
    timeoutMs: 5000,
  });
  expect(await s.haproxyPids()).toHaveLength(2);
  expect(await s.haproxyPids()).toContain(orphan);

  // Restart signals only the pidfile PID, so the orphan survives it too.
  const restarted = await api(s, 'POST', '/api/haproxy/service/restart', { session });
  expect(restarted.json).toEqual({ response: 'OK' });
  expect(await s.haproxyPids()).toHaveLength(2);
  expect(await s.haproxyPids()).toContain(orphan);
  expect((await measure(s, 'user1')).ok).toBeLessThan(200);

  // Stop kills every haproxy (killall); start brings up one process with the current config.
  expect((await api(s, 'POST', '/api/haproxy/service/stop', { session })).json).toEqual({
    response: 'OK',
  });
  expect(await s.haproxyPids()).toEqual([]);
  expect((await api(s, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
    status: 'stopped',
  });
  expect((await api(s, 'POST', '/api/haproxy/service/start', { session })).json).toEqual({
    response: 'OK',
  });
  expect(await s.haproxyPids()).toHaveLength(1);
  expect((await measure(s, 'user1')).ok).toBe(200);
  expect((await measure(s, 'user0')).ok).toBe(200);
});
