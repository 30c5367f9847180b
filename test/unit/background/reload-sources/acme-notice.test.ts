/**
 * The notification for an orphan an ACME restart kept: only for an `acme` check's duplicate (the
 * permission and the click: watch-notifier.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { acmeNoticeOf } from '../../../../src/background/reload-sources/acme-notice.ts';
import { parseFollows } from '../../../../src/background/reload-sources/deferred-restart.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

const ORIGIN = 'https://fw.example.lan:8443';
const t = (key: string, substitutions?: readonly (string | number)[]) =>
  `${key}(${(substitutions ?? []).join('|')})`;
const duplicate: CheckRecord['verdict'] = {
  kind: 'duplicate',
  processes: [classified(41007, 'current'), classified(41000, 'orphan')],
};
const acmeCheck = (overrides: Partial<CheckRecord>) =>
  checkRecord({ origin: ORIGIN, tabId: 4, trigger: 'acme', phase: 'done', ...overrides });

describe('acmeNoticeOf', () => {
  it('names the firewall and the other PIDs of an acme duplicate', () => {
    expect(acmeNoticeOf(acmeCheck({ verdict: duplicate }), t)).toEqual({
      id: `acme:${ORIGIN}`,
      title: 'acmeDuplicateTitle(fw.example.lan:8443)',
      message: 'acmeDuplicateBody(41000)',
    });
  });

  it.each([
    ['a clean restart', acmeCheck({ verdict: cleanVerdict(41007) })],
    ['an unfinished check', acmeCheck({ verdict: duplicate, phase: 'observing' })],
    ['a restart from System › Services', acmeCheck({ verdict: duplicate, trigger: 'restart' })],
  ])('says nothing for %s', (_name, record) => {
    expect(acmeNoticeOf(record, t)).toBeNull();
  });
});

describe('parseFollows', () => {
  it('keeps well-formed follows and drops the rest', () => {
    const follow = {
      id: 'f1',
      origin: ORIGIN,
      tabId: 4,
      timing: 'later',
      since: 1,
      startedAt: 2,
      basePid: null,
      calls: 0,
      dueAt: 2,
      lastSawNone: false,
    };
    expect(parseFollows([follow, { ...follow, timing: 'soon' }, { ...follow, calls: -1 }])).toEqual(
      [follow],
    );
    expect(parseFollows('x')).toEqual([]);
  });
});
