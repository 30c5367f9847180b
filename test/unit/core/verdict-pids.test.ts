import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/core/model.ts';
import {
  currentPidOf,
  namedProcesses,
  otherPidsOf,
  pidsOf,
} from '../../../src/core/verdict-pids.ts';
import { classified, cleanVerdict, haproxyProcess } from '../check-fixtures.ts';

const duplicate: Verdict = {
  kind: 'duplicate',
  processes: [
    classified(40001, 'orphan'),
    classified(41233, 'current'),
    classified(40002, 'predecessor'),
  ],
};

describe('the PIDs a verdict names', () => {
  it.each<[string, Verdict | null, number[], number | null, number[]]>([
    ['no verdict', null, [], null, []],
    ['clean', cleanVerdict(7), [7], 7, []],
    ['not reloaded', { kind: 'not-reloaded', current: classified(8, 'current') }, [8], 8, []],
    ['duplicate', duplicate, [40001, 41233, 40002], 41233, [40001, 40002]],
    [
      'draining without a current process',
      { kind: 'draining', processes: [classified(5, 'predecessor')], deadline: 0 },
      [5],
      null,
      [5],
    ],
    [
      'unverifiable: roles unknown, so none is current',
      {
        kind: 'unverifiable',
        reason: 'list-incomplete',
        processes: [haproxyProcess(3), haproxyProcess(4)],
      },
      [3, 4],
      null,
      [3, 4],
    ],
    ['stopped', { kind: 'stopped' }, [], null, []],
  ])('%s', (_name, verdict, all, current, others) => {
    expect(pidsOf(verdict)).toEqual(all);
    expect(currentPidOf(verdict)).toBe(current);
    expect(otherPidsOf(verdict)).toEqual(others);
  });

  it('names an unverifiable verdict’s processes without a role', () => {
    const verdict: Verdict = {
      kind: 'unverifiable',
      reason: 'no-current-info',
      processes: [haproxyProcess(3)],
    };
    expect(namedProcesses(verdict)).toEqual([{ process: haproxyProcess(3), role: null }]);
  });
});
