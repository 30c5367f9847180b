/** The sim's pure pieces, checked with tables: config rendering, top formatting, parsing. */
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.ts';
import { DEFAULT_FAULTS, parseFaultPatch } from './faults.ts';
import { parseHaproxyDuration, renderConfig } from './haproxy-config.ts';
import { createModel, type StopMode } from './model.ts';
import { parseStat } from './proc.ts';
import { escapeArg, formatCpuTime, formatKilobytes, topCommand } from './process-table.ts';
import { parseShellCommand } from './shell.ts';
import { parseShowInfo } from './stats-socket.ts';

describe('renderConfig', () => {
  const render = (mode: StopMode, hardStopAfter = '60s') =>
    renderConfig({
      model: createModel(['user0', 'user1'], mode, hardStopAfter),
      paths: { socket: '/tmp/x/haproxy.socket' },
      frontendPort: 8080,
    });

  it.each<[StopMode, string, boolean, boolean]>([
    ['hard', '60s', false, false],
    ['graceful', '60s', true, false],
    ['graceful', '', false, false],
    ['seamless', '3s', true, true],
  ])('%s mode, hard-stop-after %j', (mode, hsa, hasHardStop, exposesFd) => {
    const conf = render(mode, hsa);
    expect(conf.includes(`hard-stop-after ${hsa}`)).toBe(hasHardStop);
    expect(conf.includes('expose-fd listeners')).toBe(exposesFd);
  });

  it('has the daemon basics, the userlist and a frontend that names the answering PID', () => {
    const conf = render('hard');
    for (const line of [
      '    daemon',
      '    nbthread 2',
      '    stats socket /tmp/x/haproxy.socket level admin',
      '    user user0 insecure-password user0-pass',
      '    user user1 insecure-password user1-pass',
      '    bind 127.0.0.1:8080',
      '    http-after-response set-header X-Pid %pid',
    ]) {
      expect(conf.split('\n')).toContain(line);
    }
    expect(conf).not.toContain('noreuseport');
    expect(conf).not.toContain('timeout http-request');
  });
});

describe('top formatting', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', 'a b'],
    ['new\nline', 'new\\nline'],
    ['tab\there', 'tab\\there'],
    ['back\\slash', 'back\\\\slash'],
    ['bell\x07', 'bell\\a'],
    ['\x01', '\\001'],
    ['é', '\\303\\251'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeArg(Buffer.from(input))).toBe(expected);
  });

  const argv = (...a: string[]) => a.map((s) => Buffer.from(s));
  it.each<[Buffer[], string, string | null, string]>([
    [
      argv('/usr/local/sbin/haproxy', '-sf', '41001'),
      'haproxy',
      'haproxy',
      '/usr/local/sbin/haproxy -sf 41001{haproxy}',
    ],
    [argv('/usr/local/sbin/haproxy', '-q'), 'haproxy', null, '/usr/local/sbin/haproxy -q'],
    [
      argv('/usr/local/bin/python3', 'x.py'),
      'python3.11',
      null,
      '/usr/local/bin/python3 x.py (python3.11)',
    ],
    [[], 'idle', 'idle: cpu0', '[idle{idle: cpu0}]'],
    [[], 'pagedaemon', null, '[pagedaemon]'],
  ])('formats %#', (args, comm, thread, expected) => {
    expect(topCommand(args, comm, thread)).toBe(expected);
  });

  it.each([
    [0, '0K'],
    [8 * 1024 * 1024, '8192K'],
    [98 * 1024 * 1024, '98M'],
    [20 * 1024 * 1024 * 1024, '20G'],
  ])('formats %d bytes as %s', (bytes, expected) => {
    expect(formatKilobytes(bytes)).toBe(expected);
  });

  it('formats CPU time as M:SS', () => {
    expect(formatCpuTime(0)).toBe('0:00');
    expect(formatCpuTime(6512)).toBe('1:05');
  });
});

describe('parsers', () => {
  it('reads /proc/<pid>/stat even when the command name holds parentheses and spaces', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    const stat = parseStat(`123 (a (b) c) ${fields.join(' ')}`);
    expect(stat).toMatchObject({
      comm: 'a (b) c',
      state: 'S',
      ticks: 14 + 15,
      priority: 18,
      nice: 19,
      processor: 39,
    });
  });

  it('shapes show info like queryStats.php: # removed, values cut at a colon', () => {
    expect(
      parseShowInfo('Name: HAProxy\nPid: 41233\n# Node: fw:1\n\nUptime: 0d 0h00m12s\n'),
    ).toEqual({
      Name: 'HAProxy',
      Pid: '41233',
      Node: 'fw',
      Uptime: '0d 0h00m12s',
    });
  });

  it.each([
    ['60s', 60_000],
    ['250', 250],
    ['3m', 180_000],
    ['', null],
    ['soon', null],
  ])('parses HAProxy duration %j', (text, ms) => {
    expect(parseHaproxyDuration(text)).toBe(ms);
  });

  it('validates fault patches', () => {
    expect(parseFaultPatch({ orphanOnReload: true, expireSessionAfterRequests: 3 })).toEqual({
      orphanOnReload: true,
      expireSessionAfterRequests: 3,
    });
    expect(parseFaultPatch(DEFAULT_FAULTS)).toEqual(DEFAULT_FAULTS);
    expect(
      parseFaultPatch({
        slowStopMs: 90_000,
        stopFails: true,
        startFails: false,
        dropConnectionAfterStop: true,
        configtestAlert: true,
        pluginInstalled: false,
      }),
    ).toEqual({
      slowStopMs: 90_000,
      stopFails: true,
      startFails: false,
      dropConnectionAfterStop: true,
      configtestAlert: true,
      pluginInstalled: false,
    });
    expect(parseFaultPatch({ slowStopMs: 0 })).toEqual({ slowStopMs: 0 });
    for (const bad of [{ slowStopMs: -1 }, { slowStopMs: 1.5 }, { slowStopMs: '90s' }]) {
      expect(() => parseFaultPatch(bad), JSON.stringify(bad)).toThrow('slowStopMs');
    }
    expect(() => parseFaultPatch({ orphan: true })).toThrow('unknown fault orphan');
    expect(() => parseFaultPatch({ stalePidfile: 'yes' })).toThrow();
    expect(() => parseFaultPatch({ processListError: 'boom' })).toThrow();
    expect(() => parseFaultPatch([])).toThrow();
  });

  it('parses the CLI', () => {
    expect(
      parseCliArgs([
        '--port',
        '8080',
        '--users',
        'user0,user1',
        '--stop-mode=graceful',
        '--hard-stop-after',
        '',
        '--fault',
        'orphan-on-reload',
        '--fault',
        'process-list-cut-json',
        '--no-start',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 8080,
        users: ['user0', 'user1'],
        stopMode: 'graceful',
        hardStopAfter: '',
        faults: { orphanOnReload: true, processListError: 'cut-json' },
        startHaproxy: false,
      },
    });
    expect(
      parseCliArgs([
        '--http',
        '--hostname',
        'fw.example.lan',
        '--alt-names=a.lan,10.0.0.1',
        '--opnsense-version',
        '24.1',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        scheme: 'http',
        hostname: 'fw.example.lan',
        altNames: ['a.lan', '10.0.0.1'],
        opnsenseVersion: '24.1',
      },
    });
    for (const bad of [
      ['--hostname', 'fw.test,DNS:x'],
      ['--hostname'],
      ['--alt-names', 'a b'],
      ['--opnsense-version', '23.7'],
    ]) {
      expect(parseCliArgs(bad), bad.join(' ')).toMatchObject({ kind: 'error' });
    }
    expect(
      parseCliArgs([
        '--fault',
        'stop-fails',
        '--slow-stop-ms',
        '90000',
        '--fault',
        'plugin-missing',
      ]),
    ).toEqual({
      kind: 'run',
      options: { faults: { stopFails: true, slowStopMs: 90_000, pluginInstalled: false } },
    });
    expect(parseCliArgs(['--slow-stop-ms', 'soon'])).toMatchObject({ kind: 'error' });
    expect(parseCliArgs(['--fault', 'nope'])).toMatchObject({ kind: 'error' });
    expect(parseCliArgs(['--stop-mode', 'soft'])).toMatchObject({ kind: 'error' });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('parses the HA pair flags', () => {
    expect(
      parseCliArgs([
        '--ha-pair',
        '--sync-to',
        'unreachable',
        '--backup-fault',
        'orphan-on-reload',
        '--fault',
        'stop-fails',
        '--opnsense-version',
        '24.7',
      ]),
    ).toEqual({
      kind: 'run',
      options: { opnsenseVersion: '24.7', faults: { stopFails: true } },
      haPair: { synchronizeTo: 'unreachable', backupFaults: { orphanOnReload: true } },
    });
    expect(parseCliArgs(['--ha-pair', '--sync-to=https://10.0.0.2:4443'])).toEqual({
      kind: 'run',
      options: {},
      haPair: { synchronizeTo: { value: 'https://10.0.0.2:4443' }, backupFaults: {} },
    });
    expect(parseCliArgs(['--ha-pair'])).toEqual({
      kind: 'run',
      options: {},
      haPair: { synchronizeTo: 'url', backupFaults: {} },
    });
    for (const bad of [
      ['--sync-to', 'url'],
      ['--backup-fault', 'orphan-on-reload'],
      ['--ha-pair', '--sync-to'],
      ['--ha-pair', '--backup-fault', 'nope'],
    ]) {
      expect(parseCliArgs(bad), bad.join(' ')).toMatchObject({ kind: 'error' });
    }
  });
});

describe('parseShellCommand', () => {
  it.each([
    ['configctl haproxy reload', 'reload'],
    ['configctl haproxy restart', 'restart'],
    ['  configctl  haproxy stop\n', 'stop'],
    ['/usr/local/sbin/configctl haproxy start', 'start'],
  ])('accepts %j', (command, action) => {
    expect(parseShellCommand(command)).toEqual({ kind: 'configctl', action });
  });

  it.each([
    ['configctl haproxy'],
    ['configctl haproxy reload now'],
    ['configctl haproxy configtest'],
    ['configctl nginx reload'],
    ['service haproxy reload'],
    ['configctl haproxy reload; reboot'],
    [''],
    [42],
    [null],
  ])('refuses %j', (command) => {
    expect(parseShellCommand(command)).toMatchObject({ kind: 'error' });
  });
});
