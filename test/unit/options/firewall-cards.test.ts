import { describe, expect, it, vi } from 'vitest';
import {
  firewallCards,
  haBackupText,
  lastLookText,
  watchBlockText,
  type CardSources,
  type FirewallCard,
} from '../../../src/options/firewall-cards.ts';
import type { LastLook } from '../../../src/shared/last-look.ts';
import { DEFAULT_OPTIONS, type Options } from '../../../src/shared/options-storage.ts';
import { translator } from '../ui/catalogue.ts';

// The watch bounds live with the stored options, whose module also loads the browser API;
// these pure functions never call it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const en = translator('en');
const zh = translator('zh_CN');
const FW = 'https://fw.example.lan:8443';
const FW_PATTERN = 'https://fw.example.lan/*';
const KEY = { kind: 'api-key', key: 'K3y', secret: 's3cret' } as const;
const LOOK: LastLook = { at: Date.UTC(2026, 4, 12, 10, 42), result: 'duplicate', trigger: 'watch' };

type Overrides = Partial<Omit<CardSources, 'options'>> & { options?: Partial<Options> };

function sources(overrides: Overrides): CardSources {
  return {
    grantedPatterns: [FW_PATTERN],
    historyOrigins: [],
    lastLooks: {},
    notificationsGranted: true,
    ...overrides,
    options: { ...DEFAULT_OPTIONS, ...overrides.options },
  };
}
const only = (view: ReturnType<typeof firewallCards>): FirewallCard => {
  expect(view.cards).toHaveLength(1);
  const [card] = view.cards;
  if (!card) throw new Error('no card');
  return card;
};

describe('firewallCards: which firewalls get a card', () => {
  it('gives a firewall added in the options a card with the browser session and no watch', () => {
    const view = firewallCards(sources({ options: { auth: { [FW]: { kind: 'session' } } } }));
    expect(view).toEqual({
      cards: [
        {
          origin: FW,
          accessPatterns: [FW_PATTERN],
          alsoDisables: [],
          plainHttp: false,
          auth: { kind: 'session', key: '', secretStored: false, apiKeyAllowed: true },
          watch: { on: false, intervalMinutes: 15, blockedBy: 'needs-key', badgeOnly: false },
          lastLook: null,
          // One firewall, no HA restart seen: nothing to name as a backup.
          ha: null,
        },
      ],
      addressUnknown: [],
    });
  });

  it.each<[string, Overrides]>([
    ['the history', { historyOrigins: [FW, FW, FW] }],
    ['a last look', { lastLooks: { [FW]: LOOK } }],
    ['a stored watch', { options: { watch: { [FW]: { intervalMinutes: 5 } } } }],
  ])('knows a firewall from %s alone, once', (_what, overrides) => {
    expect(only(firewallCards(sources(overrides))).origin).toBe(FW);
  });

  it('gives no card to a firewall whose access is gone, whatever is still stored for it', () => {
    const view = firewallCards(
      sources({
        grantedPatterns: ['https://other.lan/*'],
        options: { auth: { [FW]: KEY }, watch: { [FW]: { intervalMinutes: 15 } } },
        historyOrigins: [FW],
        lastLooks: { [FW]: LOOK },
      }),
    );
    expect(view.cards).toEqual([]);
    expect(view.addressUnknown).toEqual(['https://other.lan/*']);
  });

  it('lists a granted host with no known address apart, and says nothing is enabled when empty', () => {
    expect(firewallCards(sources({}))).toEqual({ cards: [], addressUnknown: [FW_PATTERN] });
    expect(firewallCards(sources({ grantedPatterns: [] }))).toEqual({
      cards: [],
      addressUnknown: [],
    });
  });

  it('ignores storage keys that are no bare http(s) origin', () => {
    // As storage hands them over: JSON.parse makes `__proto__` an own key, as a structured
    // clone of an edited storage would.
    const auth = JSON.parse(
      JSON.stringify({
        ['__proto__']: { kind: 'session' },
        constructor: { kind: 'session' },
        'https://fw.example.lan:8443/ui/haproxy': { kind: 'session' },
        'HTTPS://FW.EXAMPLE.LAN:8443': { kind: 'session' },
        'https://fw.example.lan:443': { kind: 'session' },
        'https://admin@fw.example.lan': { kind: 'session' },
        'javascript:alert(1)': { kind: 'session' },
        'file:///etc/passwd': { kind: 'session' },
        '': { kind: 'session' },
      }),
    ) as Options['auth'];
    const view = firewallCards(
      sources({
        grantedPatterns: ['*://*/*'],
        options: { auth },
        historyOrigins: ['toString', 'https://fw.example.lan:8443 '],
        lastLooks: JSON.parse(
          '{"__proto__": {"at": 1, "result": "clean", "trigger": "watch"}}',
        ) as CardSources['lastLooks'],
      }),
    );
    expect(view.cards).toEqual([]);
  });

  it('gives each port of one host its own card, and says a Disable takes the other along', () => {
    const other = 'https://fw.example.lan:9443';
    const view = firewallCards(
      sources({ options: { auth: { [other]: { kind: 'session' }, [FW]: KEY } } }),
    );
    expect(view.cards.map((card) => [card.origin, card.accessPatterns, card.alsoDisables])).toEqual(
      [
        [FW, [FW_PATTERN], [other]],
        [other, [FW_PATTERN], [FW]],
      ],
    );
  });

  it('under a wildcard grant, names every pattern that covers a firewall', () => {
    const view = firewallCards(
      sources({
        grantedPatterns: ['https://*.example.lan/*', FW_PATTERN, 'http://*.example.lan/*'],
        historyOrigins: [FW, 'https://fw-b.example.lan'],
      }),
    );
    expect(view.cards.map((card) => [card.origin, card.accessPatterns])).toEqual([
      ['https://fw-b.example.lan', ['https://*.example.lan/*']],
      [FW, ['https://*.example.lan/*', FW_PATTERN]],
    ]);
    expect(view.addressUnknown).toEqual(['http://*.example.lan/*']);
  });
});

describe('firewallCards: what a card shows', () => {
  it.each<[string, string, Options['auth'][string] | undefined, boolean, unknown]>([
    ['HTTPS, session', FW, { kind: 'session' }, false, 'needs-key'],
    ['HTTPS, nothing stored', FW, undefined, false, 'needs-key'],
    ['HTTPS, API key', FW, KEY, false, null],
    ['plain HTTP on the LAN', 'http://fw.example.lan', { kind: 'session' }, true, 'key-in-clear'],
    // A key an older version stored for a firewall in clear is never used, so no watch either.
    ['plain HTTP with a stored key', 'http://fw.example.lan', KEY, true, 'key-in-clear'],
    // Loopback never leaves the machine: a key is allowed there.
    ['plain HTTP on loopback, session', 'http://127.0.0.1:8080', undefined, false, 'needs-key'],
    ['plain HTTP on loopback, key', 'http://127.0.0.1:8080', KEY, false, null],
  ])('%s: plain-HTTP warning %s, watch blocked by %s', (_what, origin, auth, plain, block) => {
    const card = only(
      firewallCards(
        sources({
          grantedPatterns: ['https://*/*', 'http://*/*'],
          options: auth ? { auth: { [origin]: auth } } : { watch: {} },
          historyOrigins: [origin],
        }),
      ),
    );
    expect(card.plainHttp).toBe(plain);
    expect(card.watch.blockedBy).toBe(block);
    expect(JSON.stringify(card)).not.toContain('s3cret');
  });

  it.each([
    [true, { on: true, intervalMinutes: 30, blockedBy: null, badgeOnly: false }],
    [false, { on: true, intervalMinutes: 30, blockedBy: null, badgeOnly: true }],
  ])('a watch that is on, notifications granted %s', (granted, watch) => {
    const card = only(
      firewallCards(
        sources({
          options: { auth: { [FW]: KEY }, watch: { [FW]: { intervalMinutes: 30 } } },
          notificationsGranted: granted,
        }),
      ),
    );
    expect(card.watch).toEqual(watch);
  });

  it('shows a watch stored without a key as off and blocked (the background skips it)', () => {
    const card = only(
      firewallCards(
        sources({
          options: {
            auth: { [FW]: { kind: 'session' } },
            watch: { [FW]: { intervalMinutes: 45 } },
          },
          notificationsGranted: false,
        }),
      ),
    );
    expect(card.watch).toEqual({
      on: false,
      intervalMinutes: 45,
      blockedBy: 'needs-key',
      badgeOnly: false,
    });
  });

  it('an API key and no watch: off, ready to turn on with the default interval', () => {
    const card = only(firewallCards(sources({ options: { auth: { [FW]: KEY } } })));
    expect(card.watch).toEqual({
      on: false,
      intervalMinutes: 15,
      blockedBy: null,
      badgeOnly: false,
    });
  });

  it('carries the firewall’s own last look, not another’s', () => {
    const other: LastLook = { at: 5, result: 'clean', trigger: 'apply' };
    const card = only(
      firewallCards(
        sources({ historyOrigins: [FW], lastLooks: { [FW]: LOOK, 'https://other.lan': other } }),
      ),
    );
    expect(card.lastLook).toEqual(LOOK);
  });
});

describe('watchBlockText', () => {
  it('says why and what to do, in both languages', () => {
    expect(watchBlockText('needs-key', en)).toMatch(/logged in .* for ever/);
    expect(watchBlockText('needs-key', en)).toContain('“Services: HAProxy”');
    expect(watchBlockText('needs-key', en)).toContain('“Diagnostics: System Activity”');
    expect(watchBlockText('needs-key', en)).toContain('API key');
    expect(watchBlockText('key-in-clear', en)).toContain('HTTPS');
    expect(watchBlockText('needs-key', zh)).toContain('“Services: HAProxy”');
    expect(watchBlockText('key-in-clear', zh)).toContain('HTTPS');
  });
});

describe('lastLookText', () => {
  const at = (epochMs: number) => `<${String(epochMs)}>`;
  it.each<[LastLook | null, string]>([
    [null, 'Last check: none yet.'],
    [LOOK, `Last check: <${String(LOOK.at)}>, duplicate processes (started by: Watch)`],
    [
      { at: 1, result: 'clean', trigger: 'page-open' },
      'Last check: <1>, clean (started by: HAProxy page opened)',
    ],
    [
      { at: 2, result: 'error:unauthorized', trigger: 'watch' },
      'Last check: <2>, error (unauthorized) (started by: Watch)',
    ],
    [
      { at: 3, result: 'not-reloaded', trigger: 'apply' },
      'Last check: <3>, not reloaded (started by: Apply)',
    ],
    // Written by a newer version: shown as stored, never as something it is not.
    [
      { at: 4, result: 'something-new', trigger: 'cron' },
      'Last check: <4>, something-new (started by: cron)',
    ],
  ])('%j', (look, text) => {
    expect(lastLookText(look, en, at)).toBe(text);
  });

  it('in Chinese', () => {
    expect(lastLookText(LOOK, zh, at)).toBe(
      `上次检查：<${String(LOOK.at)}>，存在重复进程（触发方式：定时监视）`,
    );
    expect(lastLookText(null, zh, at)).toBe('上次检查：尚无。');
  });
});

describe('firewallCards: the HA backup of a master', () => {
  const MASTER = 'https://fw-a.lan';
  const BACKUP = 'https://fw-b.lan:8443';
  const both = {
    grantedPatterns: ['https://fw-a.lan/*', 'https://fw-b.lan/*'],
    options: { auth: { [MASTER]: { kind: 'session' }, [BACKUP]: { kind: 'session' } } },
  } as const;
  const cardOf = (view: ReturnType<typeof firewallCards>, origin: string) =>
    view.cards.find((card) => card.origin === origin);

  it('offers the other enabled firewalls as the backup, found from the sync address by default', () => {
    const view = firewallCards(sources(both));
    expect(cardOf(view, MASTER)?.ha).toEqual({
      choices: [BACKUP],
      named: null,
      seen: null,
      backup: null,
      backupLastLook: null,
    });
  });

  it("shows the backup seen at the last HA restart, and that backup's last check", () => {
    const seen = { backup: BACKUP, via: 'sync-address', syncAddress: '10.0.0.2', at: 1 } as const;
    const view = firewallCards(
      sources({ ...both, haPairs: { [MASTER]: seen }, lastLooks: { [BACKUP]: LOOK } }),
    );
    const ha = cardOf(view, MASTER)?.ha;
    expect(ha).toMatchObject({ backup: BACKUP, backupLastLook: LOOK });
    expect(ha && haBackupText(ha, en)).toBe(
      'Backup at the last HA restart: https://fw-b.lan:8443 (named by the HA sync address 10.0.0.2).',
    );
  });

  it('gives a master known only from its HA restart a card', () => {
    const seen = { backup: null, via: null, syncAddress: '172.16.0.2', at: 1 } as const;
    const view = firewallCards(
      sources({
        grantedPatterns: both.grantedPatterns,
        options: { auth: { [BACKUP]: { kind: 'session' } } },
        haPairs: { [MASTER]: seen },
      }),
    );
    expect(view.cards.map((card) => card.origin)).toEqual([MASTER, BACKUP]);
  });

  it('asks for the backup when the last HA restart found none; keeps a named one only while enabled', () => {
    const seen = { backup: null, via: null, syncAddress: '172.16.0.2', at: 1 } as const;
    const view = firewallCards(
      sources({
        ...both,
        options: { ...both.options, haBackup: { [MASTER]: BACKUP, [BACKUP]: 'https://gone.lan' } },
        haPairs: { [MASTER]: seen },
      }),
    );
    const ha = cardOf(view, MASTER)?.ha;
    expect(ha).toMatchObject({ named: BACKUP, backup: BACKUP });
    expect(ha && haBackupText(ha, en)).toContain('(172.16.0.2)');
    expect(cardOf(view, BACKUP)?.ha?.named).toBeNull();
  });
});
