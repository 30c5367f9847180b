/**
 * Stop and restart as configd runs them (docs/opnsense.md §2): rc stop signals the pidfile PID and waits
 * for it to exit — in graceful mode after it drained, up to hard-stop-after — then `killall`
 * ends every other haproxy, and only then does the API answer. Plus the faults a remediation
 * has to survive: a slow stop, a failing stop or start, a stop whose answer never arrives.
 */
import { describe, expect, it } from 'vitest';
import type { Sim } from './index.ts';
import { isAlive } from './proc.ts';
import {
  api,
  apply,
  login,
  measure,
  simPerTest,
  type ApiResponse,
  type GuiSession,
} from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

/** A request that is watched while it runs: `done` flips when the answer (or error) is in. */
function watched(request: Promise<ApiResponse>) {
  const startedAt = Date.now();
  const state = { done: false, elapsedMs: 0 };
  const result = request.finally(() => {
    state.done = true;
    state.elapsedMs = Date.now() - startedAt;
  });
  return { state, result };
}

/** An orphan (the field bug) next to the pidfile process: [orphan, newest]. */
async function withOrphan(sim: Sim, session: GuiSession): Promise<[number, number]> {
  const [orphan = 0] = await sim.haproxyPids();
  sim.setFaults({ orphanOnReload: true });
  await apply(sim, session);
  await waitFor(async () => (await sim.haproxyPids()).length === 2, {
    what: 'an orphan',
    timeoutMs: 5000,
  });
  sim.setFaults({ orphanOnReload: false });
  const newest = (await sim.haproxyPids()).find((p) => p !== orphan) ?? 0;
  return [orphan, newest];
}

const post = (sim: Sim, session: GuiSession, action: string) =>
  api(sim, 'POST', `/api/haproxy/service/${action}`, { session });

describe('graceful stop waits for the drain', () => {
  it('answers only after hard-stop-after ended the held connection and killall took the orphan', async () => {
    const sim = await startSim({ stopMode: 'graceful', hardStopAfter: '2s' });
    const session = await login(sim);
    const [orphan, newest] = await withOrphan(sim, session);
    sim.setFaults({ holdConnection: true });

    const stop = watched(post(sim, session, 'stop'));
    // The pidfile process got SIGUSR1 and stopped listening: only the orphan answers now,
    // while the stop is still waiting for the drain.
    await waitFor(
      async () => {
        const m = await measure(sim, 'user0', 10, 2);
        return [...m.byPid.keys()].every((pid) => pid === orphan);
      },
      { what: 'only the orphan to listen', timeoutMs: 5000 },
    );
    expect(stop.state.done).toBe(false);
    expect(isAlive(newest)).toBe(true);

    expect((await stop.result).json).toEqual({ response: 'OK' });
    // Drained until its hard-stop-after (2 s), not the 0.3 s of an idle drain.
    expect(stop.state.elapsedMs).toBeGreaterThanOrEqual(1800);
    expect(await sim.haproxyPids()).toEqual([]);
    expect((await api(sim, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
      status: 'stopped',
    });
  });

  it('in hard mode the held connection does not delay it (SIGTERM)', async () => {
    const sim = await startSim({ stopMode: 'hard', faults: { holdConnection: true } });
    const session = await login(sim);
    const stop = watched(post(sim, session, 'stop'));
    expect((await stop.result).json).toEqual({ response: 'OK' });
    expect(stop.state.elapsedMs).toBeLessThan(1500);
    expect(await sim.haproxyPids()).toEqual([]);
  });

  it('restart’s stop waits the same way, then one new process starts', async () => {
    const sim = await startSim({
      stopMode: 'graceful',
      hardStopAfter: '2s',
      faults: { holdConnection: true },
    });
    const [old = 0] = await sim.haproxyPids();
    const session = await login(sim);
    const restart = watched(post(sim, session, 'restart'));
    expect((await restart.result).json).toEqual({ response: 'OK' });
    expect(restart.state.elapsedMs).toBeGreaterThanOrEqual(1800);
    const pids = await sim.haproxyPids();
    expect(pids).toHaveLength(1);
    expect(pids).not.toContain(old);
  });
});

describe('stop faults', () => {
  it('slowStopMs: the answer comes no sooner, the orphan lives until killall at the end', async () => {
    const sim = await startSim({ stopMode: 'hard' });
    const session = await login(sim);
    const [orphan, newest] = await withOrphan(sim, session);
    sim.setFaults({ slowStopMs: 1500 });

    const stop = watched(post(sim, session, 'stop'));
    await waitFor(() => !isAlive(newest), {
      what: 'the pidfile process to go (SIGTERM)',
      timeoutMs: 5000,
    });
    expect(stop.state.done).toBe(false);
    expect(isAlive(orphan)).toBe(true);
    expect((await stop.result).json).toEqual({ response: 'OK' });
    expect(stop.state.elapsedMs).toBeGreaterThanOrEqual(1500);
    expect(await sim.haproxyPids()).toEqual([]);

    sim.setFaults({ slowStopMs: 0 });
    await post(sim, session, 'start');
    const fast = watched(post(sim, session, 'stop'));
    await fast.result;
    expect(fast.state.elapsedMs).toBeLessThan(1500);
  });

  it('stopFails: Error (1) and every haproxy keeps running; cleared, stop works', async () => {
    const sim = await startSim();
    const session = await login(sim);
    const [orphan, newest] = await withOrphan(sim, session);
    sim.setFaults({ stopFails: true });
    const failed = await post(sim, session, 'stop');
    expect(failed.json).toEqual({ response: 'Error (1)' });
    expect((await sim.haproxyPids()).sort()).toEqual([orphan, newest].sort());
    expect((await measure(sim, 'user0', 20)).ok).toBe(20);

    sim.setFaults({ stopFails: false });
    expect((await post(sim, session, 'stop')).json).toEqual({ response: 'OK' });
    expect(await sim.haproxyPids()).toEqual([]);
  });

  it('startFails: Error (1) and nothing runs; cleared, start works', async () => {
    const sim = await startSim();
    const session = await login(sim);
    await post(sim, session, 'stop');
    sim.setFaults({ startFails: true });
    expect((await post(sim, session, 'start')).json).toEqual({ response: 'Error (1)' });
    expect((await post(sim, session, 'restart')).json).toEqual({ response: 'Error (1)' });
    expect(await sim.haproxyPids()).toEqual([]);
    expect((await api(sim, 'GET', '/api/haproxy/service/status', { session })).json).toMatchObject({
      status: 'stopped',
    });

    sim.setFaults({ startFails: false });
    expect((await post(sim, session, 'start')).json).toEqual({ response: 'OK' });
    expect(await sim.haproxyPids()).toHaveLength(1);
    expect((await measure(sim, 'user0', 20)).ok).toBe(20);
  });

  it('dropConnectionAfterStop: everything is stopped, but no answer arrives', async () => {
    const sim = await startSim();
    const session = await login(sim);
    await withOrphan(sim, session);
    sim.setFaults({ dropConnectionAfterStop: true });
    const error = await post(sim, session, 'stop').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError); // fetch failed: the socket closed mid-request
    expect(await sim.haproxyPids()).toEqual([]);

    sim.setFaults({ dropConnectionAfterStop: false });
    await post(sim, session, 'start');
    expect((await post(sim, session, 'stop')).json).toEqual({ response: 'OK' });
  });
});

describe('configtestAlert', () => {
  it('makes configtest report an [ALERT] while the config still loads and reloads', async () => {
    const sim = await startSim({ faults: { configtestAlert: true } });
    const [old] = await sim.haproxyPids();
    const session = await login(sim);
    await sim.addUser('user1');
    const test = await api(sim, 'POST', '/api/haproxy/service/configtest', { session });
    const { result } = test.json as { result: string };
    // configtest checks the staging file that reconfigure deploys (docs/opnsense.md §8).
    expect(result).toMatch(
      /\[ALERT\] +\(\d+\) : config : parsing \[\S+haproxy\.conf\.staging:\d+\] : 'maxconn' already specified\. Continuing\./,
    );
    expect(result).toContain('Configuration file is valid');

    const reconfigure = await api(sim, 'POST', '/api/haproxy/service/reconfigure', { session });
    expect(reconfigure.json).toEqual({ status: 'ok' });
    await waitFor(
      async () => {
        const pids = await sim.haproxyPids();
        return pids.length === 1 && pids[0] !== old;
      },
      { what: 'the reloaded process', timeoutMs: 5000 },
    );
    expect((await measure(sim, 'user1', 20)).ok).toBe(20);

    sim.setFaults({ configtestAlert: false });
    expect((await api(sim, 'POST', '/api/haproxy/service/configtest', { session })).json).toEqual({
      result: 'Configuration file is valid\n\n\n',
    });
  });
});
