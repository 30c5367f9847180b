/**
 * #17: the look after a followed reload reads export/diff with the process list, so a reload
 * that kept the previous configuration ends not live, never clean; a look nobody asked for
 * never reads it.
 */
import { describe, expect, it } from 'vitest';
import { apply, createEnv, ORIGIN, startWorker, TAB } from '../runner-env.ts';

const DIFF = [
  '--- /usr/local/etc/haproxy.conf',
  '+++ /usr/local/etc/haproxy.conf.staging',
  '@@ -1,2 +1,3 @@',
  ' userlist admins',
  '     user ops insecure-password hunter2',
  '+    user admin insecure-password secret',
  '',
].join('\n');

function setup() {
  const env = createEnv();
  const worker = startWorker(env);
  return { env, worker };
}

describe('CheckRunner and export/diff', () => {
  it('a good Apply reads the diff in the look that confirms it, once, and ends clean', async () => {
    const { env, worker } = setup();
    const id = await apply(env, worker, () => env.firewall.reload());
    await env.clock.runUntil(() => worker.runner.get(id)?.phase === 'done');
    const record = worker.runner.get(id);
    expect(record?.verdict?.kind).toBe('clean');
    expect(env.firewall.count('/export/diff')).toBe(1);
    expect(record?.apiCalls).toBe(env.firewall.requests.length);
  });

  it('a reload that kept the previous configuration ends not live, and keeps no diff line', async () => {
    const { env, worker } = setup();
    env.firewall.undeployedDiff = DIFF;
    const id = await apply(env, worker, () => env.firewall.reload());
    await env.clock.runUntil(() => worker.runner.get(id)?.phase === 'done');
    const record = worker.runner.get(id);
    expect(record?.verdict).toMatchObject({
      kind: 'not-live',
      changes: { changedLines: 1, sections: ['userlist admins'] },
    });
    const kept = JSON.stringify([record, [...env.session.values()], env.history]);
    expect(kept).not.toContain('secret');
    expect(kept).not.toContain('hunter2');
  });

  it('with an orphan too: a duplicate that says the change is not live', async () => {
    const { env, worker } = setup();
    env.firewall.undeployedDiff = DIFF;
    const id = await apply(env, worker, () => env.firewall.reload({ orphan: true }));
    await env.clock.runUntil(() => worker.runner.get(id)?.phase === 'done');
    expect(worker.runner.get(id)?.verdict).toMatchObject({
      kind: 'duplicate',
      notLive: { changedLines: 1 },
    });
  });

  it('a look nobody asked for never reads the diff: changes tested but not applied are normal', async () => {
    const { env, worker } = setup();
    env.firewall.undeployedDiff = DIFF;
    const record = await worker.runner.begin(ORIGIN, null, 'page-open');
    await env.clock.runUntil(() => worker.runner.get(record.id)?.phase === 'done');
    expect(worker.runner.get(record.id)?.verdict?.kind).toBe('clean');
    expect(env.firewall.count('/export/diff')).toBe(0);
  });

  it('"Try anyway?": the new check keeps the ALERT lines the Apply it replaced was told', async () => {
    const { env, worker } = setup();
    env.firewall.undeployedDiff = DIFF;
    const alerts = "[ALERT] (1) : parsing [haproxy.conf:3] : unknown keyword 'bogus' in 'global'";
    const first = await worker.runner.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    await worker.runner.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: false, detail: alerts });
    await env.clock.runUntil(() => worker.runner.get(first.id)?.phase === 'done');
    // Continue: the reconfigure request, followed through webRequest, begins the next check.
    const next = await worker.runner.begin(ORIGIN, TAB, 'apply', true);
    env.firewall.reload();
    await worker.runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: true, detail: 'ok' });
    await env.clock.runUntil(() => worker.runner.get(next.id)?.phase === 'done');
    expect(worker.runner.get(next.id)).toMatchObject({
      configtestAlerts: alerts,
      verdict: { kind: 'not-live' },
    });
  });

  it('an Apply after a passing configtest carries no alerts over', async () => {
    const { env, worker } = setup();
    await apply(env, worker, () => env.firewall.reload());
    const next = await worker.runner.begin(ORIGIN, TAB, 'apply');
    expect(next.configtestAlerts).toBeNull();
  });
});
