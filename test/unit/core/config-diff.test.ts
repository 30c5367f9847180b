/**
 * `export/diff` reduced to a count and section names, the not-live verdict it leads to, and the
 * secret in a userlist line that must reach no output.
 */
import { describe, expect, it } from 'vitest';
import { readsConfigDiff, summariseConfigDiff } from '../../../src/core/config-diff.ts';
import type { Baseline, CheckTrigger, ConfigChanges, Verdict } from '../../../src/core/model.ts';
import { readProcessList } from '../../../src/core/process-list.ts';
import { readCurrentProcessInfo } from '../../../src/core/show-info.ts';
import { DEFAULT_DRAIN_WINDOW_MS, decideVerdict, isFinal } from '../../../src/core/verdict.ts';
import { verdictResult } from '../../../src/core/verdict-result.ts';
import { CLEAN_RELOAD, DRAINING, ORPHAN_NEXT_TO_CURRENT } from './fixtures/activity.ts';
import { showInfo } from './fixtures/info-and-settings.ts';

/** What `diff -Naur running staging` prints for a new user and a changed backend server. */
const DIFF = [
  '--- /usr/local/etc/haproxy.conf\t2025-06-07 10:40:00.000000000 +0000',
  '+++ /usr/local/etc/haproxy.conf.staging\t2025-06-07 10:42:20.000000000 +0000',
  '@@ -40,6 +40,7 @@',
  ' ',
  ' userlist admins',
  '     user ops insecure-password hunter2',
  '+    user admin insecure-password secret',
  ' ',
  ' frontend web',
  '     bind 0.0.0.0:443 name 0.0.0.0:443 ssl crt-list /tmp/haproxy/ssl/web.certlist',
  '@@ -80,6 +81,6 @@',
  ' backend pool_app',
  '     mode http',
  '     balance roundrobin',
  '-    server app1 10.0.0.11:8080 check',
  '+    server app1 10.0.0.12:8080 check',
  '     server app2 10.0.0.13:8080 check',
  ' ',
  '',
].join('\n');

describe('summariseConfigDiff', () => {
  it('counts changed lines and names their sections', () => {
    expect(summariseConfigDiff(DIFF)).toEqual({
      changedLines: 3,
      sections: ['userlist admins', 'backend pool_app'],
    });
  });

  it('keeps no line of the diff: the password reaches no output', () => {
    const summary = summariseConfigDiff(DIFF);
    const shown = JSON.stringify(summary);
    for (const secret of ['secret', 'hunter2', 'insecure-password', 'admin ', '10.0.0.12']) {
      expect(shown).not.toContain(secret);
    }
  });

  it.each([
    ['an empty diff', ''],
    ['a newline', '\n'],
    ['headers only', '--- a\n+++ b\n'],
  ])('finds nothing in %s', (_name, diff) => {
    expect(summariseConfigDiff(diff)).toBeNull();
  });

  it('counts by the hunk headers: a removed line that starts with "--" is a change, not a header', () => {
    const diff = ['--- a', '+++ b', '@@ -1,2 +1,1 @@', ' global', '--- comment', ''].join('\n');
    expect(summariseConfigDiff(diff)).toEqual({ changedLines: 1, sections: ['global'] });
  });

  it('names a changed section line by its header words only, and leaves unplaced changes unnamed', () => {
    const diff = [
      '@@ -1,2 +1,2 @@',
      '-listen stats 0.0.0.0:8404',
      '+listen stats 0.0.0.0:8405',
      ' ',
      '@@ -90,1 +90,1 @@',
      '-    timeout client 30s',
      '+    timeout client 60s',
      '',
    ].join('\n');
    expect(summariseConfigDiff(diff)).toEqual({ changedLines: 4, sections: ['listen stats'] });
  });

  it('a whole file added (-N) counts every line', () => {
    const diff = ['@@ -0,0 +1,2 @@', '+global', '+    daemon', ''].join('\n');
    expect(summariseConfigDiff(diff)).toEqual({ changedLines: 2, sections: ['global'] });
  });
});

describe('readsConfigDiff', () => {
  it.each([
    ['apply', true],
    ['restart', true],
    ['start', true],
    ['remediation', true],
    ['manual', false],
    ['page-open', false],
    ['watch', false],
  ] as const)('%s: %s', (trigger: CheckTrigger, expected) => {
    expect(readsConfigDiff(trigger, false)).toBe(expected);
  });

  it('a restart clicked on a page-open look reads it while the restart is checked', () => {
    expect(readsConfigDiff('page-open', true)).toBe(true);
  });
});

const AT = Date.parse('2025-06-07T10:42:31Z');
const APPLY: Baseline = {
  trigger: 'apply',
  takenAt: AT - 20_000,
  pids: [41001],
  currentPid: 41001,
};
const CHANGES: ConfigChanges = { changedLines: 3, sections: ['userlist admins'] };

function decide(activity: unknown, changes: ConfigChanges | null): Verdict {
  return decideVerdict({
    baseline: APPLY,
    observation: {
      at: AT,
      picture: readProcessList(activity),
      current: readCurrentProcessInfo(showInfo({ Pid: '41233', Uptime_sec: '12' })),
      status: 'running',
      stopSettings: { mode: 'graceful', hardStopAfterMs: 60_000 },
    },
    now: AT,
    defaultDrainWindowMs: DEFAULT_DRAIN_WINDOW_MS,
    undeployedChanges: changes,
  });
}

describe('decideVerdict with the diff', () => {
  it('an empty diff: clean as before', () => {
    expect(decide(CLEAN_RELOAD, null).kind).toBe('clean');
  });

  it('a clean process set on the previous configuration is not live, final, never clean', () => {
    const verdict = decide(CLEAN_RELOAD, CHANGES);
    expect(verdict).toMatchObject({ kind: 'not-live', changes: CHANGES });
    if (verdict.kind === 'not-live') expect(verdict.current.process.pid).toBe(41233);
    expect(isFinal(verdict)).toBe(true);
    expect(verdictResult(verdict)).toBe('not-live');
  });

  it('combines with an orphan: the duplicate says the change is not live too', () => {
    const verdict = decide(ORPHAN_NEXT_TO_CURRENT, CHANGES);
    expect(verdict).toMatchObject({ kind: 'duplicate', notLive: CHANGES });
    expect(verdictResult(verdict)).toBe('duplicate+not-live');
    expect(verdictResult(decide(ORPHAN_NEXT_TO_CURRENT, null))).toBe('duplicate');
  });

  it('a drain goes on: the diff is read again at the next look', () => {
    expect(decide(DRAINING, CHANGES).kind).toBe('draining');
  });
});
