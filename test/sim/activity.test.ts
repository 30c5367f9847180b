/** `get_activity` from real /proc: one row per thread of every haproxy of this sim, plus look-alikes. */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killLeftoverSimProcesses, startSim, type Sim } from './index.ts';
import type { Activity } from './process-table.ts';
import { api, apply, expectNoSimHaproxyLeft, login, sorted } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

let sim: Sim;
let activity: Activity;
let pids: number[];

const KEYS = [
  'PID',
  'THR',
  'USERNAME',
  'PRI',
  'NICE',
  'SIZE',
  'RES',
  'STATE',
  'C',
  'TIME',
  'WCPU',
  'COMMAND',
];

beforeAll(async () => {
  killLeftoverSimProcesses();
  // An orphan gives two real processes to list.
  sim = await startSim({ faults: { orphanOnReload: true } });
  const session = await login(sim);
  await apply(sim, session);
  await waitFor(async () => (await sim.haproxyPids()).length === 2, {
    what: 'two processes',
    timeoutMs: 5000,
  });
  pids = sorted(await sim.haproxyPids());
  activity = (await api(sim, 'GET', '/api/diagnostics/activity/get_activity', { session }))
    .json as Activity;
});
afterAll(async () => {
  await sim.stop();
  expectNoSimHaproxyLeft();
});

it('has top summary headers and rows of strings with OPNsense keys', () => {
  expect(activity.headers[0]).toMatch(/^last pid: \d+; {2}load averages: /);
  for (const row of activity.details) {
    expect(Object.keys(row)).toEqual(KEYS);
    expect(Object.values(row).every((v) => typeof v === 'string')).toBe(true);
  }
});

it('lists every thread of every haproxy of this sim, with {haproxy} appended', () => {
  const isHaproxy = (command: string) => basename(command.split(' ')[0] ?? '') === 'haproxy';
  const rows = activity.details.filter((r) => isHaproxy(r.COMMAND));
  expect(sorted(new Set(rows.map((r) => Number(r.PID))))).toEqual(pids);
  for (const pid of pids) {
    const threads = readdirSync(`/proc/${pid}/task`).map(Number);
    expect(threads).toHaveLength(2); // nbthread 2
    const own = rows.filter((r) => r.PID === String(pid));
    expect(sorted(own.map((r) => Number(r.THR)))).toEqual(sorted(threads));
    for (const row of own) {
      expect(row.COMMAND).toMatch(
        /^\/usr\/sbin\/haproxy -q -f \/\S+\/haproxy\.conf -p \/\S+\/haproxy\.pid/,
      );
      expect(row.COMMAND.endsWith('{haproxy}')).toBe(true);
    }
  }
});

it('adds look-alikes that are not haproxy processes', () => {
  const commands = activity.details.map((r) => r.COMMAND);
  expect(commands).toContain('[idle{idle: cpu0}]');
  expect(commands).toContain(
    '/usr/local/bin/python3 /usr/local/opnsense/scripts/OPNsense/HAProxy/socketCommand.py show info (python3.11)',
  );
  expect(commands).toContain('grep haproxy');
  expect(commands.some((c) => c.startsWith('/usr/sbin/syslogd '))).toBe(true);
  expect(commands).toContain('/usr/local/bin/haproxy-cli');
  // An argument with a newline stays on one row, escaped.
  expect(commands).toContain('/bin/sh -c echo haproxy\\nreload');
  const fakePids = activity.details
    .filter((r) => !r.COMMAND.includes('/haproxy.conf'))
    .map((r) => Number(r.PID));
  expect(fakePids.some((p) => pids.includes(p))).toBe(false);
});
