/**
 * #17 in the stand-in: the 1-CPU process list split as activity.py splits it, and the deploy of
 * setup.sh (staging over running only if `haproxy -c` passes) with `export/diff` telling it.
 */
import { describe, expect, it } from 'vitest';
import { readProcessList } from '../../src/core/process-list.ts';
import { summariseConfigDiff } from '../../src/core/config-diff.ts';
import type { Activity } from './process-table.ts';
import { pythonSplit } from './process-table.ts';
import type { Sim } from './index.ts';
import { api, apply, login, simPerTest, sorted, type GuiSession } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

describe('pythonSplit', () => {
  it.each([
    ['a b  c', 10, ['a', 'b', 'c']],
    ['  a b c d', 2, ['a', 'b', 'c d']],
    ['a b c   ', 1, ['a', 'b c']],
    ['', 10, []],
  ] as const)('%j with maxsplit %d', (line, maxsplit, expected) => {
    expect(pythonSplit(line, maxsplit)).toEqual(expected);
  });
});

describe('the 1-CPU mode', () => {
  it('leaves every row one word, C "0", haproxy rows just the binary; settable at run time', async () => {
    const sim = await startSim({ faults: { orphanOnReload: true } });
    const session = await login(sim);
    await apply(sim, session);
    await waitFor(async () => (await sim.haproxyPids()).length === 2, {
      what: 'two processes',
      timeoutMs: 5000,
      intervalMs: 25,
    });
    const read = async () =>
      (await api(sim, 'GET', '/api/diagnostics/activity/get_activity', { session }))
        .json as Activity;

    const smp = await read();
    expect(smp.details.some((row) => /\s/.test(row.COMMAND))).toBe(true);
    expect(readProcessList(smp).commandLinesHidden).toBeUndefined();

    sim.setFaults({ singleCpu: true });
    const single = await read();
    expect(single.details.length).toBe(smp.details.length);
    for (const row of single.details) {
      expect(row.COMMAND).not.toMatch(/\s/);
      expect(row.C).toBe('0');
    }
    const haproxyRows = single.details.filter((row) => row.COMMAND.endsWith('/haproxy'));
    expect(new Set(haproxyRows.map((row) => row.COMMAND)).size).toBe(1);
    // The kernel's idle thread: `[idle{idle: cpu0}]` cut at its space, as activity.py does.
    expect(single.details.map((row) => row.COMMAND)).toContain('[idle{idle:');
    const picture = readProcessList(single);
    expect(picture.commandLinesHidden).toBe(true);
    expect(picture.processes.map((process) => process.pid)).toEqual(
      sorted(await sim.haproxyPids()),
    );
  });

  it('is a start option too', async () => {
    const sim = await startSim({ faults: { singleCpu: true } });
    const session = await login(sim);
    const answer = (await api(sim, 'GET', '/api/diagnostics/activity/get_activity', { session }))
      .json as Activity;
    expect(readProcessList(answer).commandLinesHidden).toBe(true);
  });
});

describe('deploy and export/diff', () => {
  const diffOf = async (sim: Sim, session: GuiSession) =>
    ((await api(sim, 'GET', '/api/haproxy/export/diff', { session })).json as { response: string })
      .response;

  it('a good Apply deploys: the diff is empty after it, a unified diff before', async () => {
    const sim = await startSim();
    const session = await login(sim);
    expect(await diffOf(sim, session)).toBe('');
    await sim.addUser('user7');
    const pending = await diffOf(sim, session);
    expect(pending).toMatch(/^--- .*haproxy\.conf\t/m);
    expect(pending).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/m);
    expect(pending).toContain('+    user user7 insecure-password user7-pass');
    expect(summariseConfigDiff(pending)).toEqual({
      changedLines: 1,
      sections: ['userlist hrg_users'],
    });
    await apply(sim, session);
    expect(await diffOf(sim, session)).toBe('');
  });

  it('"Try anyway?" on a configuration that fails its check: ok, a clean process set on the previous file, a diff', async () => {
    const sim = await startSim();
    const session = await login(sim);
    const before = await sim.haproxyPids();
    sim.setFaults({ configInvalid: true });
    await sim.addUser('user7');
    const configtest = await api(sim, 'POST', '/api/haproxy/service/configtest', { session });
    expect((configtest.json as { result: string }).result).toContain('ALERT');
    // Continue: reconfigure anyway.
    const reconfigure = await api(sim, 'POST', '/api/haproxy/service/reconfigure', { session });
    expect(reconfigure.json).toEqual({ status: 'ok' });
    await waitFor(
      async () => {
        const pids = await sim.haproxyPids();
        return pids.length === 1 && pids[0] !== before[0];
      },
      { what: 'one new process', timeoutMs: 10_000, intervalMs: 25 },
    );
    const diff = await diffOf(sim, session);
    const summary = summariseConfigDiff(diff);
    // The bad line sits deep in `global`, beyond diff's three lines of context: counted, unnamed.
    expect(summary).toEqual({ changedLines: 2, sections: ['userlist hrg_users'] });
    // The frontend still answers with the previous userlist: user7 is not live.
    expect(diff).toContain('+    hrg-not-a-keyword on');
  });

  it('start and restart deploy only a configuration that passes', async () => {
    const sim = await startSim();
    const session = await login(sim);
    sim.setFaults({ configInvalid: true });
    const restart = await api(sim, 'POST', '/api/haproxy/service/restart', { session });
    expect(restart.json).toEqual({ response: 'OK' });
    expect((await sim.haproxyPids()).length).toBe(1);
    expect(await diffOf(sim, session)).not.toBe('');
    sim.setFaults({ configInvalid: false });
    await api(sim, 'POST', '/api/haproxy/service/restart', { session });
    expect(await diffOf(sim, session)).toBe('');
  });
});
