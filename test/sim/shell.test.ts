/**
 * `configctl haproxy …` behind the GUI's back (docs/opnsense.md §3): the same configd actions and faults,
 * with no GUI request — what automation, cron and an admin on SSH do.
 */
import { expect, it } from 'vitest';
import { fetchFromSim } from './index.ts';
import { readArgv } from './proc.ts';
import { api, measure, simPerTest, sorted } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

it('reload honours orphanOnReload; restart keeps the orphan; stop + start clears it', async () => {
  const sim = await startSim({ faults: { orphanOnReload: true } });
  const [orphan = 0] = await sim.haproxyPids();
  expect(await sim.shell('configctl haproxy reload')).toBe('OK');
  await waitFor(async () => (await sim.haproxyPids()).length === 2, {
    what: 'an orphan',
    timeoutMs: 5000,
  });
  const newest = (await sim.haproxyPids()).find((p) => p !== orphan) ?? 0;
  expect(readArgv(newest)?.some((a) => a === '-sf' || a === '-st')).toBe(false);
  sim.setFaults({ orphanOnReload: false });

  expect(await sim.shell('configctl haproxy restart')).toBe('OK');
  expect(await sim.haproxyPids()).toContain(orphan);
  expect(await sim.haproxyPids()).toHaveLength(2);

  expect(await sim.shell('  /usr/local/sbin/configctl   haproxy stop ')).toBe('OK');
  expect(await sim.haproxyPids()).toEqual([]);
  expect(await sim.shell('configctl haproxy start')).toBe('OK');
  expect(await sim.haproxyPids()).toHaveLength(1);
});

it('POST /__sim/shell runs a reload without any session, over HTTPS', async () => {
  const sim = await startSim({ stopMode: 'hard' });
  const [old = 0] = await sim.haproxyPids();
  const res = await fetchFromSim(sim, '/__sim/shell', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ command: 'configctl haproxy reload' }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ output: 'OK' });
  await waitFor(async () => !(await sim.haproxyPids()).includes(old), {
    what: 'the old process to go',
    timeoutMs: 5000,
  });
  const [current = 0] = await sim.haproxyPids();
  expect(readArgv(current)?.join(' ')).toContain(`-st ${old}`);
  expect((await measure(sim, 'user0', 20)).ok).toBe(20);

  const bad = await api(sim, 'POST', '/__sim/shell', {
    body: JSON.stringify({ command: 'rm -rf /' }),
  });
  expect(bad.status).toBe(400);
  await expect(sim.shell('configctl haproxy reload; reboot')).rejects.toThrow('unknown command');
});

it('reload of a stopped service starts it (reload || restart), and faults apply', async () => {
  const sim = await startSim({ startHaproxy: false });
  expect(await sim.haproxyPids()).toEqual([]);
  expect(await sim.shell('configctl haproxy reload')).toBe('OK');
  expect(await sim.haproxyPids()).toHaveLength(1);
  sim.setFaults({ stopFails: true });
  const before = sorted(await sim.haproxyPids());
  expect(await sim.shell('configctl haproxy stop')).toBe('Error (1)');
  expect(sorted(await sim.haproxyPids())).toEqual(before);
});
