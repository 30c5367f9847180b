import { describe, expect, it } from 'vitest';
import type { ClassifiedProcess, HaproxyProcess, Verdict } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { beginRemediation } from '../../../src/background/remediation.ts';
import type { RemediationState } from '../../../src/shared/check-state.ts';
import { describeCheck, manualCommands } from '../../../src/ui/check-view.ts';
import { translator } from './catalogue.ts';

const t = translator('en');
const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

function haproxy(pid: number, extra: string[] = []): HaproxyProcess {
  return {
    pid,
    threads: 2,
    argv: [
      '/usr/local/sbin/haproxy',
      '-q',
      '-f',
      '/usr/local/etc/haproxy.conf',
      '-p',
      '/var/run/haproxy.pid',
      ...extra,
    ],
    predecessorPids: extra[0] === '-sf' || extra[0] === '-st' ? [Number(extra[1])] : [],
    signalMode: extra[0] === '-st' ? 'hard' : extra[0] === '-sf' ? 'graceful' : null,
    handoverSocket: null,
    commandCut: false,
    lastPidMayBeCut: extra.length > 0,
  };
}

const current = (pid: number, extra: string[] = []): ClassifiedProcess => ({
  process: haproxy(pid, extra),
  role: 'current',
  deadline: null,
  reason: 'current',
});

function remediation(patch: Partial<RemediationState>): RemediationState {
  return { ...beginRemediation('restart', NOW, HARD), ...patch };
}

const HARD = { mode: 'hard', hardStopAfterMs: null } as const;

function record(overrides: Partial<CheckRecord>): CheckRecord {
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
    verdict: null,
    verdictAt: NOW,
    error: null,
    stopSettings: null,
    remediation: null,
    nextObservationAt: null,
    processListCalls: 1,
    apiCalls: 4,
    ...overrides,
  };
}

const duplicate: Verdict = {
  kind: 'duplicate',
  processes: [
    current(41_233),
    { process: haproxy(40_001), role: 'orphan', deadline: null, reason: 'not-named' },
  ],
};

describe('describeCheck', () => {
  it('shows a small progress indicator while checking', () => {
    const view = describeCheck(record({ phase: 'observing' }), t);
    expect(view).toMatchObject({
      tone: 'progress',
      live: 'status',
      compact: true,
      title: 'Checking HAProxy after the reload…',
    });
    expect(view.canRestart).toBe(false);
  });

  it('confirms clean briefly, naming the PID, as a status', () => {
    const view = describeCheck(
      record({ verdict: { kind: 'clean', current: current(41_233, ['-st', '41001']) } }),
      t,
    );
    expect(view).toMatchObject({ tone: 'ok', live: 'status', compact: true });
    expect(view.title).toContain('41233');
    expect(view.autoHideMs).toBeGreaterThan(0);
    expect(view.canRestart).toBe(false);
  });

  it('shows the predecessor and a countdown while draining', () => {
    const verdict: Verdict = {
      kind: 'draining',
      deadline: NOW + 65_000,
      processes: [
        current(41_233, ['-sf', '41001']),
        {
          process: haproxy(41_001),
          role: 'predecessor',
          deadline: NOW + 65_000,
          reason: 'named-by-current',
        },
      ],
    };
    const view = describeCheck(record({ phase: 'observing', verdict }), t);
    expect(view).toMatchObject({ live: 'status', countdownTo: NOW + 65_000 });
    expect(view.title).toContain('41001');
    expect(view.processes.map((row) => row.role)).toEqual(['current', 'predecessor']);
  });

  it('raises an alert for duplicates with every process, its role and command, and the restart action', () => {
    const view = describeCheck(record({ verdict: duplicate }), t);
    expect(view).toMatchObject({
      tone: 'danger',
      live: 'alert',
      compact: false,
      canRestart: true,
      canCheckAgain: true,
    });
    expect(view.processes).toEqual([
      expect.objectContaining({ pid: 41_233, role: 'current', roleLabel: 'current' }),
      expect.objectContaining({ pid: 40_001, role: 'orphan', roleLabel: 'orphan' }),
    ]);
    expect(view.processes[1]?.command).toBe(
      '/usr/local/sbin/haproxy -q -f /usr/local/etc/haproxy.conf -p /var/run/haproxy.pid',
    );
    expect(view.lines.join(' ')).toMatch(/new(ly added)? users fail to log in/);
  });

  const warnings: [string, Verdict, RegExp][] = [
    ['not-reloaded', { kind: 'not-reloaded', current: current(40_001) }, /not live/],
    ['stopped', { kind: 'stopped' }, /HAProxy is stopped/],
    [
      'unverifiable',
      { kind: 'unverifiable', reason: 'no-current-info', processes: [haproxy(1)] },
      /could not be verified/,
    ],
  ];
  it.each(warnings)(
    '%s gets its own alert and never the all-clear tone',
    (_kind, verdict, title) => {
      const view = describeCheck(record({ verdict }), t);
      expect(view.live).toBe('alert');
      expect(view.tone).not.toBe('ok');
      expect(view.title).toMatch(title);
    },
  );

  it.each([
    'no-current-info',
    'current-not-in-list',
    'current-stopping',
    'list-incomplete',
    'status-contradicts-list',
    'service-disabled',
    'pid-reused',
    'successor-starting',
    'baseline-contradicts',
  ] as const)('explains unverifiable reason %s in words', (reason) => {
    const view = describeCheck(
      record({ verdict: { kind: 'unverifiable', reason, processes: [] } }),
      t,
    );
    expect(view.lines[0]).not.toMatch(/^unverifiable_/);
    expect(view.lines[0]?.length).toBeGreaterThan(30);
  });

  it.each([
    ['session-expired', null, /Log in to OPNsense again/],
    [
      'forbidden',
      'Diagnostics: System Activity',
      /needs the privilege "Diagnostics: System Activity"/,
    ],
    ['csrf-rejected', null, /Reload this page/],
    ['api-key-rejected', null, /API key/],
    ['not-installed', null, /os-haproxy/],
    ['server', null, /server error/],
    ['malformed', null, /HTML or broken JSON/],
    ['timeout', null, /did not answer in time/],
    ['network', null, /certificate/],
  ] as const)('says what to do about %s', (kind, privilege, text) => {
    const view = describeCheck(
      record({
        error: {
          kind,
          privilege,
          status: null,
          endpoint: '/api/diagnostics/activity/get_activity',
        },
      }),
      t,
    );
    expect(view).toMatchObject({
      tone: 'danger',
      live: 'alert',
      canCheckAgain: true,
      canRestart: false,
    });
    expect(view.title).toMatch(text);
  });

  it('keeps showing progress while a passing error is being retried', () => {
    const view = describeCheck(
      record({
        phase: 'observing',
        error: { kind: 'timeout', privilege: null, status: null, endpoint: 'x' },
      }),
      t,
    );
    expect(view.tone).toBe('progress');
    expect(view.live).toBe('status');
  });

  it('reports a failed configtest with the firewall’s text as detail', () => {
    const detail = '[ALERT] (7) : parsing [haproxy.conf:3] : <script>alert(1)</script>';
    const view = describeCheck(
      record({ failure: 'configtest-failed', outcome: { step: 'configtest', ok: false, detail } }),
      t,
    );
    expect(view.title).toMatch(/configuration test failed/);
    expect(view.detail).toBe(detail);
  });

  it('walks through the remediation steps, then the verified result', () => {
    const steps = ['stopping', 'starting', 'checking'] as const;
    for (const step of steps) {
      const view = describeCheck(
        record({
          phase: 'remediating',
          verdict: duplicate,
          remediation: remediation({ step }),
        }),
        t,
      );
      expect(view.restarting).toBe(true);
      expect(view.canRestart).toBe(false);
    }
    const done = describeCheck(
      record({
        verdict: { kind: 'clean', current: current(42_000) },
        remediation: remediation({
          step: 'done',
          stopSentAt: NOW,
          newPid: 42_000,
          outageMs: 2_400,
        }),
      }),
      t,
    );
    expect(done.tone).toBe('ok');
    expect(done.title).toMatch(/restarted and verified.*42000/);
  });

  it('gives the manual commands, naming the survivors, when the restart could not clear them', () => {
    const view = describeCheck(
      record({
        verdict: duplicate,
        remediation: remediation({ step: 'failed', stopSentAt: NOW, remainingPids: [40_001] }),
      }),
      t,
    );
    expect(view.manualCommands).toEqual(manualCommands([40_001]));
    expect(view.manualCommands).toContain('kill 40001');
    expect(view.live).toBe('alert');
  });
});
