/**
 * The notification for an orphan an ACME restart kept: only for an `acme` check's duplicate, only
 * with the permission, and a click opens that firewall's HAProxy page.
 */
import { describe, expect, it } from 'vitest';
import {
  acmeNoticeOf,
  createAcmeNotice,
  createAcmeNoticeClicks,
} from '../../../../src/background/reload-sources/acme-notice.ts';
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

describe('createAcmeNotice', () => {
  it('notifies only when the admin granted notifications', async () => {
    const shown: string[] = [];
    let granted = false;
    const ended = createAcmeNotice({
      t,
      notificationsGranted: () => Promise.resolve(granted),
      notify: (id) => {
        shown.push(id);
        return Promise.resolve();
      },
    });
    await ended(acmeCheck({ verdict: duplicate }));
    expect(shown).toEqual([]);
    granted = true;
    await ended(acmeCheck({ verdict: duplicate }));
    expect(shown).toEqual([`acme:${ORIGIN}`]);
  });

  it("opens the HAProxy page on a click on its own notifications, not on the watch's", () => {
    const opened: string[] = [];
    const cleared: string[] = [];
    const hooked: { listener: ((id: string) => void) | null } = { listener: null };
    const listen = createAcmeNoticeClicks((origin) => opened.push(origin));
    const api = {
      onClicked: {
        addListener: (added: (id: string) => void) => {
          hooked.listener = added;
        },
        hasListener: (candidate: (id: string) => void) => candidate === hooked.listener,
      },
      clear: (id: string) => {
        cleared.push(id);
        return Promise.resolve(true);
      },
    };
    listen(undefined);
    listen(api);
    const added = hooked.listener;
    listen(api);
    expect(hooked.listener).toBe(added);
    const click = (id: string) => {
      hooked.listener?.(id);
    };
    click(`watch:${ORIGIN}`);
    click(`acme:${ORIGIN}`);
    expect(opened).toEqual([ORIGIN]);
    expect(cleared).toEqual([`acme:${ORIGIN}`]);
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
