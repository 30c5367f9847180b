import { describe, expect, it } from 'vitest';
import { beginRemediation } from '../../../../src/background/remediation/remediation.ts';
import {
  createJournalStore,
  JOURNAL_KEY,
  readJournals,
  type RemediationJournal,
} from '../../../../src/background/remediation/remediation-journal.ts';
import { MemoryArea } from '../runner-env.ts';

const ORIGIN = 'https://fw.example.lan:8443';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

function journal(patch: Partial<RemediationJournal> = {}): RemediationJournal {
  return {
    version: 1,
    checkId: 'c1',
    origin: ORIGIN,
    tabId: 7,
    aliveAt: T0,
    stopSettings: { mode: 'graceful', hardStopAfterMs: 60_000 },
    currentPidBefore: 41_233,
    remediation: {
      ...beginRemediation('restart', T0, { mode: 'graceful', hardStopAfterMs: 60_000 }),
      pidsBefore: [40_001, 41_233],
      stopSentAt: T0 + 20,
      step: 'following',
      error: { kind: 'session-expired', privilege: null, status: 401, endpoint: '/api/x' },
    },
    ...patch,
  };
}

describe('readJournals', () => {
  it('reads back what was stored', () => {
    expect(readJournals({ [ORIGIN]: journal() })).toEqual([journal()]);
  });

  const remediation = journal().remediation;
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['an array', [journal()]],
    ['a string', 'journal'],
    ['filed under another origin', { 'https://other.lan': journal() }],
    ['an unknown version', { [ORIGIN]: { ...journal(), version: 2 } }],
    [
      'a step that does not exist',
      { [ORIGIN]: journal({ remediation: { ...remediation, step: 'exploding' as 'done' } }) },
    ],
    [
      'a PID that is not a PID',
      { [ORIGIN]: journal({ remediation: { ...remediation, pidsBefore: [-1] } }) },
    ],
    ['a time that is not a number', { [ORIGIN]: { ...journal(), aliveAt: '2026-11-24' } }],
    ['a non-finite time', { [ORIGIN]: { ...journal(), aliveAt: Number.POSITIVE_INFINITY } }],
    ['an origin that is no URL', { 'not a url': journal({ origin: 'not a url' }) }],
    ['a missing field', { [ORIGIN]: { ...journal(), remediation: { step: 'following' } } }],
    ['a huge check id', { [ORIGIN]: journal({ checkId: 'x'.repeat(10_000) }) }],
  ])('drops %s', (_name, stored) => {
    expect(readJournals(stored)).toEqual([]);
  });

  it('keeps the good entries next to a bad one', () => {
    const other = 'https://fw2.lan';
    expect(
      readJournals({ [ORIGIN]: journal(), [other]: { ...journal({ origin: other }), version: 9 } }),
    ).toEqual([journal()]);
  });
});

describe('createJournalStore', () => {
  it('saves one entry per firewall, replaces it, and clears it', async () => {
    const area = new MemoryArea();
    const store = createJournalStore(area);
    const other = journal({ origin: 'https://fw2.lan', checkId: 'c2' });
    await Promise.all([store.save(journal()), store.save(other)]);
    expect(await store.load()).toHaveLength(2);
    await store.save(journal({ aliveAt: T0 + 1_000 }));
    expect((await store.load()).find((j) => j.origin === ORIGIN)?.aliveAt).toBe(T0 + 1_000);
    await store.clear(ORIGIN);
    expect(await store.load()).toEqual([other]);
  });

  it('holds PIDs, times and steps only: no token, no credential', async () => {
    const area = new MemoryArea();
    await createJournalStore(area).save(journal());
    const text = JSON.stringify(area.items.get(JOURNAL_KEY));
    expect(text).not.toMatch(/csrf|token|secret|password|cookie|PHPSESSID|Authorization/i);
  });
});
