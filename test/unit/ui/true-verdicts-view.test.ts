/**
 * #17 in the panel, popup label and history: the not-live warning (alone and with an orphan)
 * and the 1-CPU wait and orphan, in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifiedProcess, HaproxyProcess, Verdict } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { describeCheck } from '../../../src/ui/check-view.ts';
import { checkLabel, resultLabel } from '../../../src/ui/verdict-label.ts';
import { translator } from './catalogue.ts';

const t = translator('en');
const zh = translator('zh_CN');
const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

/** A row of a 1-CPU firewall's list: the first word of the command only. */
function bare(pid: number): HaproxyProcess {
  return {
    pid,
    threads: 1,
    argv: ['/usr/local/sbin/haproxy'],
    predecessorPids: [],
    signalMode: null,
    handoverSocket: null,
    commandCut: false,
    lastPidMayBeCut: false,
  };
}

function entry(
  pid: number,
  role: ClassifiedProcess['role'],
  reason: string,
  deadline: number | null = null,
): ClassifiedProcess {
  return { process: bare(pid), role, deadline, reason };
}

const CHANGES = { changedLines: 3, sections: ['userlist admins', 'backend pool_app'] };

function record(verdict: Verdict, overrides: Partial<CheckRecord> = {}): CheckRecord {
  return {
    id: 'c1',
    origin: 'https://fw.lan',
    tabId: 1,
    trigger: 'apply',
    startedAt: NOW,
    phase: 'done',
    baseline: null,
    outcome: null,
    failure: null,
    verdict,
    verdictAt: NOW,
    error: null,
    stopSettings: { mode: 'graceful', hardStopAfterMs: 60_000 },
    remediation: null,
    nextObservationAt: null,
    processListCalls: 1,
    apiCalls: 5,
    ...overrides,
  };
}

const notLive: Verdict = {
  kind: 'not-live',
  current: entry(41233, 'current', 'owns-stats-socket'),
  changes: CHANGES,
};

describe('the not-live warning', () => {
  it('says the change is not live, why, what to do; an alert, no restart, no auto-hide', () => {
    const view = describeCheck(record(notLive), t);
    expect(view).toMatchObject({
      tone: 'warning',
      live: 'alert',
      compact: false,
      canRestart: false,
      canStart: false,
      autoHideMs: null,
      canCheckAgain: true,
    });
    expect(view.title).toBe('The change is not live: HAProxy runs the previous configuration');
    expect(view.lines.join('\n')).toContain('failed its check');
    expect(view.lines.join('\n')).toContain(
      '3 changed lines, in userlist admins, backend pool_app',
    );
    expect(view.lines.join('\n')).toContain('then Apply');
    expect(view.processes.map((row) => row.pid)).toEqual([41233]);
  });

  it("shows the configtest's ALERT lines when the page reported them", () => {
    const alerts = "[ALERT] config : parsing [haproxy.conf:41] : unknown keyword 'usr'";
    const view = describeCheck(
      record(notLive, { outcome: { step: 'configtest', ok: true, detail: alerts } }),
      t,
    );
    expect(view.detail).toBe(alerts);
    expect(describeCheck(record(notLive), t).detail).toBeNull();
  });

  it('combines with an orphan: the restart stays offered, and the panel says it deploys nothing', () => {
    const verdict: Verdict = {
      kind: 'duplicate',
      processes: [
        entry(39877, 'orphan', 'not-named'),
        entry(41233, 'current', 'owns-stats-socket'),
      ],
      notLive: CHANGES,
    };
    const view = describeCheck(record(verdict), t);
    expect(view.canRestart).toBe(true);
    expect(view.lines.join('\n')).toContain('does not make the change live');
    expect(checkLabel(record(verdict), t)).toContain('change not live');
  });

  it('is named in the popup and the history, in English and Chinese', () => {
    expect(checkLabel(record(notLive), t)).toBe('change not live');
    expect(resultLabel('not-live', zh)).toBe('更改未生效');
    expect(resultLabel('duplicate+not-live', t)).toBe(
      `${resultLabel('duplicate', t)} · change not live`,
    );
  });
});

describe('a firewall whose process list hides command lines (one CPU)', () => {
  it('says why it waits, with the countdown to the end of the window', () => {
    const deadline = NOW + 50_000;
    const verdict: Verdict = {
      kind: 'draining',
      processes: [
        entry(41001, 'predecessor', 'command-lines-hidden', deadline),
        entry(41233, 'current', 'owns-stats-socket'),
      ],
      deadline,
    };
    const view = describeCheck(record(verdict, { phase: 'observing' }), t);
    expect(view.countdownTo).toBe(deadline);
    expect(view.live).toBe('status');
    expect(view.lines.join('\n')).toContain(
      "This firewall's process list does not show command lines, so",
    );
    expect(view.processes.map((row) => row.command)).toEqual([
      '/usr/local/sbin/haproxy',
      '/usr/local/sbin/haproxy',
    ]);
  });

  it('reports the orphan after the window and offers kill -USR1 for it', () => {
    const verdict: Verdict = {
      kind: 'duplicate',
      processes: [
        entry(41001, 'orphan', 'outlived-drain-window'),
        entry(41233, 'current', 'owns-stats-socket'),
      ],
    };
    const view = describeCheck(record(verdict), t);
    expect(view.live).toBe('alert');
    expect(view.lines.join('\n')).toContain('does not show command lines');
    expect(view.alternative?.commands).toEqual(['kill -USR1 41001']);
  });

  it('multi-CPU panels say nothing about command lines', () => {
    const verdict: Verdict = {
      kind: 'duplicate',
      processes: [
        entry(39877, 'orphan', 'not-named'),
        entry(41233, 'current', 'owns-stats-socket'),
      ],
    };
    expect(describeCheck(record(verdict), t).lines.join('\n')).not.toContain('command lines');
  });
});
