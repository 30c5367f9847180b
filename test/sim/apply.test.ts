import { describe, expect, it } from 'vitest';
import type { StopMode } from './index.ts';
import { readArgv } from './proc.ts';
import { api, apply, login, measure, simPerTest } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

describe.each<StopMode>(['hard', 'graceful', 'seamless'])(
  'a clean Apply in %s mode',
  (stopMode) => {
    it('leaves one new process that knows every user', async () => {
      const s = await startSim({ stopMode, users: ['user0'] });
      const [old] = await s.haproxyPids();
      const session = await login(s);

      const added = await api(s, 'POST', '/api/haproxy/settings/add_user', {
        session,
        body: JSON.stringify({ user: { name: 'user1', password: 'user1-pass' } }),
      });
      const saved = added.json as { result: string; uuid: string };
      expect(saved.result).toBe('saved');
      expect(saved.uuid).toMatch(/^[0-9a-f-]{36}$/);
      // Adding is not applying: the running process still refuses the new user.
      expect((await measure(s, 'user1', 20)).ok).toBe(0);

      const { configtest, reconfigure } = await apply(s, session);
      expect(configtest.json).toEqual({ result: 'Configuration file is valid\n\n\n' });
      expect(reconfigure?.json).toEqual({ status: 'ok' });

      await waitFor(
        async () => {
          const pids = await s.haproxyPids();
          return pids.length === 1 && pids[0] !== old;
        },
        { what: 'the old process to leave', timeoutMs: 5000 },
      );
      const [current] = await s.haproxyPids();
      const flag = stopMode === 'hard' ? '-st' : '-sf';
      expect(readArgv(current ?? 0)?.join(' ')).toContain(`${flag} ${old ?? ''}`);
      if (stopMode === 'seamless') expect(readArgv(current ?? 0)).toContain('-x');

      for (const user of ['user0', 'user1']) {
        const m = await measure(s, user);
        expect(m.ok, user).toBe(200);
        expect([...m.byPid.keys()]).toEqual([current]);
      }
    });
  },
);
