import { describe, expect, it } from 'vitest';
import { historyEntryFor } from '../../../src/background/checks/history-entry.ts';
import type { HistoryEntry, TabSummary } from '../../../src/shared/messages.ts';
import { parseHistory, parseTabSummary } from '../../../src/shared/messages-schema.ts';
import { checkRecord, classified } from '../check-fixtures.ts';

const entry: HistoryEntry = historyEntryFor(
  checkRecord({
    verdict: { kind: 'duplicate', processes: [classified(2, 'current'), classified(1, 'orphan')] },
    verdictAt: 5,
  }),
);

describe('parseHistory', () => {
  it('keeps the entries as written, an older one without its remediation too', () => {
    const older: Record<string, unknown> = { ...entry, trigger: 'reload' };
    delete older.remediation;
    expect(parseHistory(structuredClone([entry, older]))).toEqual([entry, older]);
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['an object', { 0: entry }],
    ['a string', 'history'],
  ])('reads %s as no history', (_name, stored) => {
    expect(parseHistory(stored)).toEqual([]);
  });

  it('drops the entries that do not fit and keeps the rest', () => {
    const stored: unknown[] = [
      null,
      'clean',
      { ...entry, at: 'yesterday' },
      { ...entry, otherPids: null },
      { ...entry, result: undefined },
      { ...entry, remediation: { kind: 'reboot' } },
      entry,
    ];
    expect(parseHistory(stored)).toEqual([entry]);
  });
});

describe('parseTabSummary', () => {
  const summary: TabSummary = {
    url: 'https://fw.lan/ui/haproxy',
    origin: 'https://fw.lan',
    enabled: true,
    haproxyPage: true,
    check: checkRecord(),
    lastHistory: entry,
  };

  it('reads the background’s answer', () => {
    expect(parseTabSummary(structuredClone(summary))).toEqual(summary);
  });

  it.each<[string, unknown]>([
    ['no answer', undefined],
    ['a check that is not one', { ...summary, check: { id: 'c1' } }],
    ['no enabled flag', { ...summary, enabled: undefined }],
  ])('refuses %s', (_name, answer) => {
    expect(parseTabSummary(answer)).toBeNull();
  });
});
