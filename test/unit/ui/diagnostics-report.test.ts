import { describe, expect, it } from 'vitest';
import type { StopSettings, Verdict } from '../../../src/core/model.ts';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { describeCheck, offersDiagnostics } from '../../../src/ui/check-view.ts';
import { diagnosticsReport } from '../../../src/ui/diagnostics-report.ts';
import { checkRecord, classified, cleanVerdict, haproxyProcess } from '../check-fixtures.ts';
import { translator } from './catalogue.ts';

const AT = Date.UTC(2026, 0, 15, 10, 0, 0);

const orphanVerdict: Verdict = {
  kind: 'duplicate',
  processes: [
    {
      ...classified(40001, 'orphan'),
      process: haproxyProcess(40001, {
        argv: ['/usr/local/sbin/haproxy', '-f', '/usr/local/etc/haproxy.conf'],
      }),
    },
    {
      ...classified(41233, 'current'),
      process: haproxyProcess(41233, {
        argv: ['/usr/local/sbin/haproxy', '-f', '/usr/local/etc/haproxy.conf', '-sf', '40500'],
      }),
    },
  ],
};

function report(overrides: Partial<CheckRecord> = {}, includeAddress = false): string {
  return diagnosticsReport({
    record: checkRecord({
      origin: 'https://fw.example.lan:8443',
      verdict: orphanVerdict,
      verdictAt: AT,
      stopSettings: { mode: 'graceful', hardStopAfterMs: 60_000 },
      showInfo: { pid: 41233, uptimeSeconds: 12, stopping: false, version: '2.8.16-abc' },
      ...overrides,
    }),
    extensionVersion: '0.1.0',
    includeAddress,
  });
}

describe('diagnosticsReport', () => {
  it('names every process with its role, reason and command line', () => {
    const text = report();
    expect(text).toMatch(/^ {2}40001 {2}orphan {2}\(no live haproxy process names it/m);
    expect(text).toMatch(/^ {2}41233 {2}current {2}\(its PID is the one `show info` reports\)/m);
    expect(text).toContain('/usr/local/sbin/haproxy -f /usr/local/etc/haproxy.conf -sf 40500');
    expect(text).toMatch(/^Verdict: duplicate \(/m);
  });

  it('carries the HAProxy version, the uptime and when the current process started', () => {
    const text = report();
    expect(text).toContain('HAProxy version (show info): 2.8.16-abc');
    expect(text).toContain('12 s at the last look (PID 41233, started 2026-01-15T09:59:48.000Z)');
    expect(text).toContain('Last look: 2026-01-15T10:00:00.000Z');
  });

  it('says the OPNsense and plugin versions need a privilege the extension does not ask for', () => {
    const text = report();
    expect(text).toMatch(/^OPNsense version: not read \(needs privilege System: Firmware/m);
    expect(text).toMatch(
      /^os-haproxy plugin version: not read \(needs privilege System: Firmware/m,
    );
  });

  it.each<[StopSettings | null, string]>([
    [null, 'Stop settings: not read'],
    [{ mode: 'hard', hardStopAfterMs: null }, 'Stop settings: mode hard, hard-stop-after not set'],
    [{ mode: 'graceful', hardStopAfterMs: 60_000 }, 'mode graceful, hard-stop-after 60 s'],
    [{ mode: 'seamless', hardStopAfterMs: 1_500 }, 'mode seamless, hard-stop-after 1.5 s'],
  ])('stop settings %j', (stopSettings, expected) => {
    expect(report({ stopSettings })).toContain(expected);
  });

  it.each<[Verdict | null, RegExp]>([
    [null, /^Verdict: none yet$/m],
    [{ kind: 'stopped' }, /^Verdict: stopped \(no haproxy process runs\)$/m],
    [{ kind: 'clean', current: classified(7, 'current') }, /^Verdict: clean \(/m],
    [
      { kind: 'unverifiable', reason: 'list-incomplete', processes: [haproxyProcess(9)] },
      /^Reason: list-incomplete$[\s\S]*^ {2}9 {2}unknown/m,
    ],
    [
      { kind: 'draining', processes: [classified(8, 'predecessor')], deadline: AT + 5_000 },
      /^Drain deadline: 2026-01-15T10:00:05.000Z$/m,
    ],
  ])('verdict %j', (verdict, expected) => {
    expect(report({ verdict })).toMatch(expected);
  });

  it('states the 1-CPU fact when roles were decided by the drain window', () => {
    const verdict: Verdict = {
      kind: 'duplicate',
      processes: [
        classified(40001, 'orphan', 'outlived-drain-window'),
        classified(41233, 'current'),
      ],
    };
    expect(report({ verdict })).toMatch(/^Fact: 1-CPU firewall/m);
    expect(report()).not.toContain('1-CPU');
  });

  it('states the not-live fact, alone or with an orphan, as a count and section names only', () => {
    const changes = { changedLines: 3, sections: ['userlist admins'] };
    const notLive: Verdict = { kind: 'not-live', current: classified(41233, 'current'), changes };
    expect(report({ verdict: notLive })).toMatch(
      /^Fact: Not live: export\/diff shows 3 changed lines in userlist admins/m,
    );
    expect(report({ verdict: notLive })).toMatch(/41233 {2}current/);
    expect(report({ verdict: { ...orphanVerdict, notLive: changes } })).toMatch(/^Fact: Not live/m);
    expect(report()).not.toContain('Not live');
  });

  it('leaves the address out unless asked, in the header and in command lines', () => {
    const verdict: Verdict = {
      kind: 'clean',
      current: {
        ...classified(5, 'current'),
        process: haproxyProcess(5, { argv: ['/usr/local/sbin/haproxy', '-L', 'fw.example.lan'] }),
      },
    };
    const hidden = report({ verdict });
    expect(hidden).toContain('Firewall: not included');
    expect(hidden).not.toContain('fw.example.lan');
    expect(hidden).toContain('-L <firewall>');
    const shown = report({ verdict }, true);
    expect(shown).toContain('Firewall: https://fw.example.lan:8443');
    expect(shown).toContain('-L fw.example.lan');
  });

  it('reads only the fields it names: nothing else a record might carry reaches the text', () => {
    const carrying = { csrfToken: 'TOKEN-123', apiSecret: 'SECRET-456', password: 'pw-789' };
    const record: CheckRecord = { ...checkRecord({ verdict: orphanVerdict }), ...carrying };
    const text = diagnosticsReport({ record, extensionVersion: '0.1.0', includeAddress: true });
    for (const secret of Object.values(carrying)) expect(text).not.toContain(secret);
  });

  it('reports an error by its kind and path, a page failure by its step, never its output', () => {
    const text = report({
      verdict: null,
      error: {
        kind: 'forbidden',
        privilege: null,
        status: 403,
        endpoint: '/api/haproxy/settings/get',
      },
      outcome: { step: 'configtest', ok: false, detail: 'user admin password secret' },
    });
    expect(text).toContain('Error: forbidden at /api/haproxy/settings/get HTTP 403');
    expect(text).toContain('Page request: configtest failed');
    expect(text).not.toContain('password secret');
  });

  it('without show info, says the version and uptime are unknown', () => {
    const text = report({ showInfo: null });
    expect(text).toContain('HAProxy version (show info): unknown');
    expect(text).toContain('unknown (show info not read)');
  });
});

describe('offersDiagnostics', () => {
  const t = translator('en');
  it.each<[string, Partial<CheckRecord>, boolean]>([
    ['an orphan', { verdict: orphanVerdict }, true],
    ['HAProxy stopped', { verdict: { kind: 'stopped' } }, true],
    ['a clean reload (a confirmation only)', { verdict: cleanVerdict(7) }, false],
    ['a check with no look yet', { phase: 'observing' }, false],
  ])('%s: %s', (_name, overrides, offered) => {
    const record = checkRecord(overrides);
    expect(offersDiagnostics(record, describeCheck(record, t))).toBe(offered);
  });
});
