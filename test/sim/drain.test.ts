/**
 * A draining predecessor is not an orphan: it is named after -sf by the new process, takes no new
 * connections, and leaves when its hard-stop-after ends (docs/opnsense.md §5).
 */
import { describe, expect, it } from 'vitest';
import type { Sim, StopMode } from './index.ts';
import type { ActivityRow } from './process-table.ts';
import { api, apply, login, measure, type GuiSession, simPerTest } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();

async function activityRows(s: Sim, session: GuiSession): Promise<ActivityRow[]> {
  const res = await api(s, 'GET', '/api/diagnostics/activity/get_activity', { session });
  expect(res.status).toBe(200);
  return (res.json as { details: ActivityRow[] }).details;
}

describe.each<StopMode>(['graceful', 'seamless'])(
  '%s reload with a held connection',
  (stopMode) => {
    it('keeps the predecessor draining until hard-stop-after, then it is gone', async () => {
      const s = await startSim({ stopMode, hardStopAfter: '3s', faults: { holdConnection: true } });
      const [old = 0] = await s.haproxyPids();
      const session = await login(s);
      await s.addUser('user1');

      expect((await apply(s, session)).reconfigure?.json).toEqual({ status: 'ok' });
      const appliedAt = Date.now();
      const pids = await s.haproxyPids();
      expect(pids).toHaveLength(2);
      const newest = pids.find((p) => p !== old) ?? 0;

      const rows = await activityRows(s, session);
      const newestRows = rows.filter((r) => r.PID === String(newest));
      expect(newestRows.length).toBeGreaterThan(0);
      for (const row of newestRows) expect(row.COMMAND).toContain(`-sf ${old}{haproxy}`);
      expect(rows.some((r) => r.PID === String(old))).toBe(true);

      // The predecessor no longer listens: every new connection reaches the new process.
      const m = await measure(s, 'user1');
      expect(m.ok).toBe(200);
      expect([...m.byPid.keys()]).toEqual([newest]);

      await waitFor(async () => !(await s.haproxyPids()).includes(old), {
        what: 'the predecessor to leave',
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      // It lingered for its hard-stop-after window, not the 0.3 s of an idle drain.
      expect(Date.now() - appliedAt).toBeGreaterThan(2000);
      const after = await activityRows(s, session);
      expect(after.some((r) => r.PID === String(old))).toBe(false);
      expect(await s.haproxyPids()).toEqual([newest]);
    });
  },
);
