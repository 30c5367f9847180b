import { describe, expect, it } from 'vitest';
import type { ClassifiedProcess, HaproxyProcess, Verdict } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { beginRemediation } from '../../../src/background/remediation/remediation.ts';
import type { RemediationState } from '../../../src/shared/check-state.ts';
import { describeCheck, manualCommands } from '../../../src/ui/check-view.ts';
import { loadCatalogue, translator } from './catalogue.ts';

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
    ['network', null, /cannot be reached/],
    ['certificate', null, /does not trust the firewall's certificate/],
    ['redirected', null, /redirect/],
  ] as const)('says what to do about %s', (kind, privilege, text) => {
    expect(
      describeCheck(record({ error: { kind, privilege, status: null, endpoint: '/api/x' } }), t)
        .canOpenGui,
    ).toBe(kind === 'certificate');
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

  it('shows a failure the page reported only after the look at the firewall', () => {
    const view = describeCheck(
      record({
        phase: 'observing',
        failure: 'reload-failed',
        outcome: { step: 'reconfigure', ok: false, detail: 'failed' },
        verdict: null,
      }),
      t,
    );
    expect(view.tone).toBe('progress');
    expect(view.title).toMatch(/Checking/);
  });

  it('shows the failure with what the look saw: the old process, still the only one', () => {
    const view = describeCheck(
      record({
        failure: 'configtest-failed',
        outcome: { step: 'configtest', ok: false, detail: '[ALERT] bad' },
        verdict: { kind: 'not-reloaded', current: current(41_001) },
      }),
      t,
    );
    expect(view.title).toMatch(/configuration test failed/);
    expect(view.lines.join(' ')).toMatch(/found on the firewall: The change is not live/);
    expect(view.processes.map((row) => row.pid)).toEqual([41_001]);
    expect(view.canRestart).toBe(false);
  });

  it('shows the failure with the error when the look could not read the firewall', () => {
    const view = describeCheck(
      record({
        failure: 'reload-failed',
        outcome: { step: 'reconfigure', ok: false, detail: 'failed' },
        error: { kind: 'session-expired', privilege: null, status: 401, endpoint: 'x' },
      }),
      t,
    );
    expect(view.title).toMatch(/reload failed/);
    expect(view.lines.join(' ')).toMatch(/session has expired/);
  });

  it('lets the look overrule a failure the page reported when it proves a clean reload or finds an orphan', () => {
    const clean = describeCheck(
      record({
        failure: 'reload-failed',
        verdict: { kind: 'clean', current: current(42_000, ['-st', '41001']) },
      }),
      t,
    );
    expect(clean.tone).toBe('ok');
    const orphaned = describeCheck(record({ failure: 'reload-failed', verdict: duplicate }), t);
    expect(orphaned.title).toMatch(/side by side/);
    expect(orphaned.canRestart).toBe(true);
  });

  it.each([
    ['https://fw.example.lan:8443', 'Firewall fw.example.lan:8443'],
    ['https://fw.example.lan', 'Firewall fw.example.lan'],
    ['http://192.168.1.1:8080', 'Firewall 192.168.1.1:8080'],
  ])('names the firewall %s', (origin, name) => {
    const view = describeCheck(record({ origin, verdict: duplicate }), t);
    expect(t('panelFirewall', [view.firewall])).toBe(name);
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

describe('describeCheck: what a restart costs and how it goes', () => {
  const GRACEFUL_60 = { mode: 'graceful', hardStopAfterMs: 60_000 } as const;

  it.each<[string, CheckRecord['stopSettings'], RegExp]>([
    ['hard mode', HARD, /cuts every open connection.*a few seconds/],
    [
      'graceful, 60 s',
      GRACEFUL_60,
      /up to 60 s, the hard-stop-after set in Services › HAProxy › Settings › Service/,
    ],
    [
      'graceful, no hard-stop-after',
      { mode: 'graceful', hardStopAfterMs: null },
      /no hard-stop-after is set.*about 120 s/,
    ],
    ['unread settings', null, /up to about 120 s/],
  ])('says before the click what a restart costs (%s)', (_name, stopSettings, text) => {
    const view = describeCheck(record({ verdict: duplicate, stopSettings }), t);
    expect(view.canRestart).toBe(true);
    expect(view.restartCost).toMatch(text);
  });

  it('offers kill -USR1 for the orphan, over SSH or the console', () => {
    const view = describeCheck(record({ verdict: duplicate, stopSettings: HARD }), t);
    expect(view.alternative?.commands).toEqual(['kill -USR1 40001']);
    expect(view.alternative?.note).toMatch(/SSH or the console/);
  });

  it('offers kill (TERM) for a predecessor past its deadline, which ignores USR1', () => {
    const overdue: Verdict = {
      kind: 'duplicate',
      processes: [
        current(41_233, ['-sf', '41001']),
        { process: haproxy(41_001), role: 'predecessor', deadline: NOW, reason: 'past-deadline' },
      ],
    };
    const view = describeCheck(record({ verdict: overdue, stopSettings: HARD }), t);
    expect(view.alternative?.commands).toEqual(['kill 41001']);
  });

  it('shows the stop with a bar sized by hard-stop-after while it runs', () => {
    const view = describeCheck(
      record({
        phase: 'remediating',
        verdict: duplicate,
        stopSettings: GRACEFUL_60,
        remediation: remediation({ step: 'stopping', stopSentAt: NOW, stopExpectedMs: 60_000 }),
      }),
      t,
    );
    expect(view.stopProgress).toEqual({ from: NOW, expectedMs: 60_000 });
    expect(view.lines.join(' ')).toMatch(/up to 60 s/);
    expect(view.restarting).toBe(true);
  });

  it('says a stop without an answer is no failure while it follows the list', () => {
    const view = describeCheck(
      record({
        phase: 'remediating',
        remediation: remediation({
          step: 'following',
          stopSentAt: NOW,
          stopAnswer: 'lost',
          remainingPids: [41_233],
        }),
      }),
      t,
    );
    expect(view.lines.join(' ')).toMatch(/no failure.*41233/);
  });

  it('after a verified restart: the new PID and how long HAProxy was unavailable', () => {
    const view = describeCheck(
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
    expect(view.title).toMatch(/42000/);
    expect(view.lines.join(' ')).toMatch(/unavailable for at most 2.4 s.*42000/);
  });

  it('says when it finished a restart that had been interrupted', () => {
    const view = describeCheck(
      record({
        verdict: { kind: 'clean', current: current(42_000) },
        remediation: remediation({ step: 'done', interruption: 'finished', outageMs: 61_000 }),
      }),
      t,
    );
    expect(view.lines.join(' ')).toMatch(/interrupted after stop.*finished it/);
  });

  it.each<[string, Partial<CheckRecord>, RegExp]>([
    ['a stopped verdict', { verdict: { kind: 'stopped' } }, /HAProxy is stopped/],
    [
      'a failed start',
      {
        verdict: { kind: 'stopped' },
        remediation: remediation({ step: 'stopped', startAnswer: 'error', stopSentAt: NOW }),
      },
      /HAProxy is stopped/,
    ],
    [
      'a run left to the admin',
      {
        verdict: { kind: 'stopped' },
        remediation: remediation({ step: 'stopped', interruption: 'left-to-admin' }),
      },
      /HAProxy is stopped/,
    ],
    [
      'a run cut off after stop',
      {
        remediation: remediation({
          step: 'cut-off',
          stopSentAt: NOW,
          error: { kind: 'session-expired', privilege: null, status: 401, endpoint: '/x' },
        }),
      },
      /may be stopped/,
    ],
  ])('offers Start HAProxy after %s', (_name, patch, title) => {
    const view = describeCheck(record(patch), t);
    expect(view).toMatchObject({ canStart: true, canRestart: false, live: 'alert' });
    expect(view.title).toMatch(title);
  });

  it('points a stopped HAProxy to what OPNsense has, not to a service bar button', () => {
    const text = describeCheck(record({ verdict: { kind: 'stopped' } }), t).lines.join(' ');
    expect(text).toMatch(/System › Services/);
    expect(text).toMatch(/configctl haproxy start over SSH or the console/);
    expect(text).not.toMatch(/service bar/);
  });

  it('names the left-to-admin reason and the failed start', () => {
    const left = describeCheck(
      record({
        verdict: { kind: 'stopped' },
        remediation: remediation({ step: 'stopped', interruption: 'left-to-admin' }),
      }),
      t,
    );
    expect(left.lines.join(' ')).toMatch(/more than 3 minutes ago/);
    const failed = describeCheck(
      record({
        verdict: { kind: 'stopped' },
        remediation: remediation({ step: 'stopped', startAnswer: 'error' }),
      }),
      t,
    );
    expect(failed.lines.join(' ')).toMatch(/start failed/);
  });

  it('a refused stop: nothing was restarted, the reason, and Restart again', () => {
    const view = describeCheck(
      record({
        verdict: duplicate,
        remediation: remediation({
          step: 'failed',
          error: { kind: 'csrf-rejected', privilege: null, status: 403, endpoint: '/x' },
        }),
      }),
      t,
    );
    expect(view.title).toMatch(/not restarted: it runs as before/);
    expect(view.lines.join(' ')).toMatch(/Reload this page/);
    expect(view.canRestart).toBe(true);
  });

  it('a stop that failed on the firewall says HAProxy still runs, with the commands', () => {
    const view = describeCheck(
      record({
        verdict: duplicate,
        remediation: remediation({
          step: 'failed',
          stopSentAt: NOW,
          stopAnswer: 'error',
          remainingPids: [40_001, 41_233],
        }),
      }),
      t,
    );
    expect(view.lines.join(' ')).toMatch(/stop failed, and HAProxy is still running/);
    expect(view.lines.join(' ')).toMatch(/SSH or the console/);
    expect(view.manualCommands).toContain('kill 40001 41233');
  });
});

describe('the catalogues send admins only where OPNsense has something', () => {
  it.each(['en', 'zh_CN'])('%s names no Command Prompt and no service-bar button', (locale) => {
    const text = JSON.stringify(loadCatalogue(locale));
    expect(text).not.toMatch(/Command Prompt|命令提示符|service bar|服务栏/i);
  });
});
