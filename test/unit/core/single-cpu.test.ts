/**
 * Firewalls with one CPU: the process list carries only the first word of each command, so the
 * verdict is decided by the drain window of the reload that started the newest process.
 */
import { describe, expect, it } from 'vitest';
import type { Baseline, StopSettings, Verdict } from '../../../src/core/model.ts';
import { readProcessList } from '../../../src/core/process-list.ts';
import { readCurrentProcessInfo } from '../../../src/core/show-info.ts';
import { readStopSettings } from '../../../src/core/stop-settings.ts';
import { DEFAULT_DRAIN_WINDOW_MS, decideVerdict } from '../../../src/core/verdict.ts';
import {
  BACKGROUND_ROWS,
  CLEAN_RELOAD,
  DRAINING,
  HAPROXY_BIN,
  ORPHAN_NEXT_TO_CURRENT,
  activity,
  haproxyCommand,
  haproxyRows,
  row,
  singleCpu,
  type ActivityAnswer,
} from './fixtures/activity.ts';
import { settingsAnswer, showInfo } from './fixtures/info-and-settings.ts';

const AT = Date.parse('2025-06-07T10:42:31Z');

function settings(general: Record<string, string> = {}): StopSettings {
  const read = readStopSettings(settingsAnswer(general));
  if (!read) throw new Error('fixture is not a settings answer');
  return read;
}

/** hard-stop-after 60 s: the window is 65 s. */
const GRACEFUL = settings({ gracefulStop: '1' });
const HARD = settings();

const APPLY: Baseline = {
  trigger: 'apply',
  takenAt: AT - 20_000,
  pids: [41001],
  currentPid: 41001,
};

function decide(
  answer: ActivityAnswer,
  uptimeSeconds: number,
  { stop = GRACEFUL, baseline = APPLY }: { stop?: StopSettings; baseline?: Baseline | null } = {},
): Verdict {
  return decideVerdict({
    baseline,
    observation: {
      at: AT,
      picture: readProcessList(answer),
      current: readCurrentProcessInfo(
        showInfo({ Pid: '41233', Uptime_sec: String(uptimeSeconds) }),
      ),
      status: 'running',
      stopSettings: stop,
    },
    now: AT,
    defaultDrainWindowMs: DEFAULT_DRAIN_WINDOW_MS,
  });
}

function roles(verdict: Verdict): Record<number, string> {
  if (verdict.kind !== 'duplicate' && verdict.kind !== 'draining') return {};
  return Object.fromEntries(
    verdict.processes.map((entry) => [entry.process.pid, `${entry.role}:${entry.reason}`]),
  );
}

describe('readProcessList on a firewall with one CPU', () => {
  it('reads COMMAND as activity.py leaves it: the first word, C set to 0', () => {
    const answer = singleCpu(DRAINING);
    const commands = answer.details.map((entry) => (entry as Record<string, string>).COMMAND);
    expect(commands).toContain(HAPROXY_BIN);
    expect(commands.every((command) => !/\s/.test(command ?? ''))).toBe(true);
    expect(answer.details.every((entry) => (entry as Record<string, string>).C === '0')).toBe(true);
  });

  it('tells the case from the answer: every row one word, haproxy and others alike', () => {
    const picture = readProcessList(singleCpu(DRAINING));
    expect(picture.commandLinesHidden).toBe(true);
    expect(picture.processes.map((process) => [process.pid, process.threads])).toEqual([
      [41001, 4],
      [41233, 4],
    ]);
    for (const process of picture.processes) {
      expect(process.argv).toEqual([HAPROXY_BIN]);
      expect(process.predecessorPids).toEqual([]);
      expect(process.commandCut).toBe(false);
    }
  });

  it.each([
    ['a multi-CPU answer', DRAINING],
    ['a multi-CPU answer with haproxy alone', { headers: [], details: DRAINING.details.slice(-8) }],
    [
      'one row with arguments among one-word rows',
      {
        headers: [],
        details: [
          ...singleCpu(DRAINING).details,
          row('500', '100900', '/usr/local/bin/python3 /usr/local/opnsense/service/configd.py'),
        ],
      },
    ],
  ])('keeps command lines for %s', (_name, answer) => {
    expect(readProcessList(answer).commandLinesHidden).toBeUndefined();
  });

  it('finds no haproxy among the look-alikes cut to their first word', () => {
    const picture = readProcessList(singleCpu(activity([])));
    expect(picture).toEqual({ processes: [], unattributedRows: 0, commandLinesHidden: true });
    const words = singleCpu(activity([])).details.map(
      (entry) => (entry as Record<string, string>).COMMAND,
    );
    // socketCommand.py's row reads `python3`, haproxy-cli stays itself, grep and tail their names.
    expect(words).toEqual(
      expect.arrayContaining(['python3', '/usr/local/bin/haproxy-cli', 'grep', 'tail']),
    );
    expect(BACKGROUND_ROWS.length).toBe(words.length);
  });

  it('ties no unmapped haproxy row to a process: every haproxy row reads the same', () => {
    const answer = singleCpu(
      activity([
        ...haproxyRows(41233, 100640, 1, haproxyCommand('-sf 41001')),
        row('', '100700', haproxyCommand('-sf 41233')),
      ]),
    );
    expect(readProcessList(answer).unattributedRows).toBe(1);
  });
});

describe('decideVerdict on a firewall with one CPU', () => {
  it('a clean reload is clean', () => {
    expect(decide(singleCpu(CLEAN_RELOAD), 12).kind).toBe('clean');
  });

  it('an old process inside the drain window is draining, until the window of that reload', () => {
    const verdict = decide(singleCpu(DRAINING), 12);
    expect(verdict.kind).toBe('draining');
    expect(roles(verdict)).toEqual({
      41001: 'predecessor:command-lines-hidden',
      41233: 'current:owns-stats-socket',
    });
    if (verdict.kind === 'draining') expect(verdict.deadline).toBe(AT - 12_000 + 65_000);
  });

  it('an old process seen after the window is an orphan', () => {
    const verdict = decide(singleCpu(DRAINING), 70);
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)).toEqual({
      41001: 'orphan:outlived-drain-window',
      41233: 'current:owns-stats-socket',
    });
  });

  it('the field bug waits out the window, then is reported', () => {
    expect(decide(singleCpu(ORPHAN_NEXT_TO_CURRENT), 12).kind).toBe('draining');
    const verdict = decide(singleCpu(ORPHAN_NEXT_TO_CURRENT), 66);
    expect(verdict.kind).toBe('duplicate');
    expect(roles(verdict)[39877]).toBe('orphan:outlived-drain-window');
  });

  it('hard mode: the window is 5 s', () => {
    expect(decide(singleCpu(DRAINING), 4, { stop: HARD }).kind).toBe('draining');
    expect(decide(singleCpu(DRAINING), 6, { stop: HARD }).kind).toBe('duplicate');
  });

  it('a look with no reload seen: a current process older than the window leaves no predecessor', () => {
    expect(decide(singleCpu(DRAINING), 3_600, { baseline: null }).kind).toBe('duplicate');
    expect(decide(singleCpu(DRAINING), 20, { baseline: null }).kind).toBe('draining');
    expect(decide(singleCpu(CLEAN_RELOAD), 3_600, { baseline: null }).kind).toBe('clean');
  });

  it('the same processes with command lines are judged by the chain instead', () => {
    expect(decide(DRAINING, 12).kind).toBe('draining');
    expect(decide(ORPHAN_NEXT_TO_CURRENT, 12).kind).toBe('duplicate');
  });
});
