/**
 * Revoked access: stored secrets forgotten first, then every check and every restart journal of a
 * firewall no longer granted.
 */
import { describe, expect, it } from 'vitest';
import { createRevokedAccess } from '../../../../src/background/permissions/revoked-access.ts';
import { checkRecord } from '../../check-fixtures.ts';
import {
  createEnv,
  duplicate,
  ORIGIN,
  posts,
  restartWorker,
  startWorker,
  TAB,
  type Env,
  type Worker,
} from '../runner-env.ts';

describe('forgetting revoked firewalls', () => {
  it('forgets the stored settings, then dismisses the checks of firewalls no longer enabled', async () => {
    const calls: string[] = [];
    const forgetRevoked = createRevokedAccess({
      forgetRevokedFirewalls: () => {
        calls.push('settings');
        return Promise.resolve([]);
      },
      isEnabled: (origin) => Promise.resolve(origin === 'https://kept.lan'),
      runner: {
        all: () => [
          checkRecord({ id: 'kept', origin: 'https://kept.lan' }),
          checkRecord({ id: 'gone', origin: 'https://gone.lan' }),
        ],
        dismiss: (id) => {
          calls.push(`dismiss ${id}`);
          return Promise.resolve();
        },
        journaledOrigins: () => ['https://kept.lan', 'https://gone.lan'],
        forgetFirewall: (origin) => {
          calls.push(`journal ${origin}`);
          return Promise.resolve();
        },
      },
    });
    await forgetRevoked();
    expect(calls).toEqual(['settings', 'dismiss gone', 'journal https://gone.lan']);
  });
});

describe('a restart journal of a revoked firewall', () => {
  const forgetRevokedWith = (env: Env, worker: Worker) =>
    createRevokedAccess({
      forgetRevokedFirewalls: () => Promise.resolve([]),
      isEnabled: (origin) => Promise.resolve(env.enabled.has(origin)),
      runner: worker.runner,
    });

  /** A restart cut off between stop and start by an expired session: HAProxy left stopped. */
  async function cutOff() {
    const env = createEnv();
    const worker = startWorker(env);
    const id = await duplicate(env, worker);
    env.firewall.sessionExpiresAfterRequests = 2;
    void worker.runner.remediate(id, 't');
    await env.clock.runUntil(() => worker.runner.get(id)?.phase === 'done');
    env.firewall.sessionExpiresAfterRequests = null;
    return { env, worker, id };
  }

  it('is forgotten with its checks: granted again, the next page load neither starts nor looks', async () => {
    const { env, worker, id } = await cutOff();
    expect(await env.journal.load()).toHaveLength(1);
    env.enabled.delete(ORIGIN);
    await forgetRevokedWith(env, worker)();
    expect(worker.runner.get(id)).toBeUndefined();
    expect(await env.journal.load()).toEqual([]);

    env.enabled.add(ORIGIN);
    const requests = env.firewall.requests.length;
    await worker.runner.tabReloaded(TAB, ORIGIN);
    await env.clock.runFor(60_000);
    expect(env.firewall.requests).toHaveLength(requests);
  });

  it('found by a worker that starts after the revocation is never taken up', async () => {
    const env = createEnv();
    const worker = startWorker(env);
    const id = await duplicate(env, worker);
    // The worker dies right after the stop: a journal the next one would finish at once.
    worker.stopAfterJournaling((s) => s.step === 'following', 'before-send');
    void worker.runner.remediate(id, 't');
    await env.clock.runUntil(() => worker.stopped);
    env.enabled.delete(ORIGIN);
    const next = await restartWorker(env);
    await env.clock.runFor(60_000);
    expect(posts(env, '/start')).toBe(0);
    expect(await env.journal.load()).toEqual([]);
    expect(next.runner.journaledOrigins()).toEqual([]);
  });
});
