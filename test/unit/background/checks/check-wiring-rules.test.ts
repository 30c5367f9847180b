/**
 * The rules the background entry used to hold, each on its own: where a check's change is
 * published, what its end records, the watch's need for an API key, and a firewall's last look.
 */
import { describe, expect, it, vi } from 'vitest';

// last-look.ts reads storage through the browser API; lastLookOf itself is pure.
vi.mock('webextension-polyfill', () => ({ default: {} }));
import { createCheckClients } from '../../../../src/background/checks/check-client.ts';
import { createCheckEnding } from '../../../../src/background/checks/check-ending.ts';
import { createCheckPublisher } from '../../../../src/background/checks/check-publisher.ts';
import { createLastLookAt } from '../../../../src/background/checks/last-look-at.ts';
import { OpnsenseError } from '../../../../src/opnsense/errors.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import type { HistoryEntry } from '../../../../src/shared/messages.ts';
import type { FirewallAuthSetting } from '../../../../src/shared/options-storage.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';

const ORIGIN = 'https://fw.lan';

describe('publishing a check', () => {
  function setup(tabShows: boolean) {
    const calls: string[] = [];
    const publish = createCheckPublisher({
      store: (record) => {
        calls.push(`store ${record.id}`);
        return Promise.resolve();
      },
      noteLastLook: (origin, look) => {
        calls.push(`last-look ${origin} ${look.result}`);
        return Promise.resolve();
      },
      keepAwake: (checks) => {
        calls.push(`keep-awake ${checks.length}`);
        return Promise.resolve();
      },
      checks: () => [checkRecord(), checkRecord({ id: 'c2' })],
      tabShowsOrigin: () => Promise.resolve(tabShows),
      showBadge: (tabId) => {
        calls.push(`badge ${tabId}`);
        return Promise.resolve();
      },
      tell: (tabId) => {
        calls.push(`tell ${tabId}`);
        return Promise.resolve();
      },
    });
    return { calls, publish };
  }

  it('stores it, notes the last look, keeps awake, and tells the tab that still shows the firewall', async () => {
    const { calls, publish } = setup(true);
    await publish(checkRecord({ tabId: 4, verdict: cleanVerdict(1), verdictAt: 5 }));
    expect(calls).toEqual([
      'store c1',
      `last-look ${ORIGIN} clean`,
      'keep-awake 2',
      'badge 4',
      'tell 4',
    ]);
  });

  it('tells no tab that moved on, and none for a check of no tab; no last look without an answer', async () => {
    const moved = setup(false);
    await moved.publish(checkRecord({ tabId: 4, phase: 'observing' }));
    expect(moved.calls).toEqual(['store c1', 'keep-awake 2']);
    const watch = setup(true);
    await watch.publish(checkRecord({ tabId: null, phase: 'observing' }));
    expect(watch.calls).toEqual(['store c1', 'keep-awake 2']);
  });
});

describe("publishing an HA backup's check made from the master's tab", () => {
  it("badges the master's tab while it shows the master, and tells no panel there", async () => {
    const asked: string[] = [];
    const calls: string[] = [];
    const publish = createCheckPublisher({
      store: () => Promise.resolve(),
      noteLastLook: () => Promise.resolve(),
      keepAwake: () => Promise.resolve(),
      checks: () => [],
      tabShowsOrigin: (tabId, origin) => {
        asked.push(`${tabId} ${origin}`);
        return Promise.resolve(origin === 'https://master.lan');
      },
      showBadge: (tabId, record) => {
        calls.push(`badge ${tabId} ${record.origin}`);
        return Promise.resolve();
      },
      tell: (tabId) => {
        calls.push(`tell ${tabId}`);
        return Promise.resolve();
      },
    });
    await publish(
      checkRecord({
        tabId: 12,
        clickedOn: 'https://master.lan',
        trigger: 'ha-backup',
        verdict: cleanVerdict(1),
        verdictAt: 5,
      }),
    );
    expect(asked).toEqual(['12 https://master.lan']);
    expect(calls).toEqual([`badge 12 ${ORIGIN}`]);
  });
});

describe('the end of a check', () => {
  function setup() {
    const history: HistoryEntry[] = [];
    const notified: string[] = [];
    const finished = createCheckEnding({
      appendHistory: (entry) => {
        history.push(entry);
        return Promise.resolve();
      },
      notifier: {
        looked: (record) => {
          notified.push(`looked ${record.id}`);
          return Promise.resolve();
        },
        settled: (record) => {
          notified.push(`settled ${record.id}`);
          return Promise.resolve();
        },
        backupChecked: (record) => {
          notified.push(`backup ${record.id}`);
          return Promise.resolve();
        },
        acmeChecked: (record) => {
          notified.push(`acme ${record.id}`);
          return Promise.resolve();
        },
      },
    });
    return { history, notified, finished };
  }

  it('records a look nobody asked for only when it found something', async () => {
    const env = setup();
    await env.finished(checkRecord({ id: 'quiet', trigger: 'watch', verdict: cleanVerdict(1) }));
    await env.finished(
      checkRecord({
        id: 'orphan',
        trigger: 'watch',
        verdict: { kind: 'duplicate', processes: [classified(2, 'orphan')] },
      }),
    );
    await env.finished(checkRecord({ id: 'apply', verdict: cleanVerdict(1) }));
    expect(env.history).toHaveLength(2);
    expect(env.notified).toEqual(['looked quiet', 'looked orphan', 'settled apply']);
  });

  it("hands an HA backup's and an ACME restart's check to their notifications, after settling", async () => {
    const env = setup();
    await env.finished(
      checkRecord({ id: 'backup', trigger: 'ha-backup', verdict: cleanVerdict(1) }),
    );
    await env.finished(checkRecord({ id: 'renewal', trigger: 'acme', verdict: cleanVerdict(1) }));
    expect(env.notified).toEqual([
      'settled backup',
      'backup backup',
      'settled renewal',
      'acme renewal',
    ]);
  });
});

describe('the API client of a check', () => {
  const clients = (stored: FirewallAuthSetting | undefined) =>
    createCheckClients({
      storedAuth: () => Promise.resolve(stored),
      fetch: () => Promise.reject(new TypeError('unused')),
    });
  const key: FirewallAuthSetting = { kind: 'api-key', key: 'k', secret: 's' };

  it('refuses the watch the GUI session: without an API key its look fails as a rejected key', async () => {
    const error: unknown = await clients(undefined)(ORIGIN, null, 'watch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpnsenseError);
    expect(error).toMatchObject({ kind: 'api-key-rejected' });
    await expect(clients(key)(ORIGIN, null, 'watch')).resolves.toBeDefined();
  });

  it('lets every other check use the session', async () => {
    await expect(clients(undefined)(ORIGIN, 'token', 'apply')).resolves.toBeDefined();
  });
});

describe('the last look at a firewall', () => {
  const at = (stored: number | null, checks: CheckRecord[]) =>
    createLastLookAt({
      loadLastLooks: () =>
        Promise.resolve(
          stored === null ? {} : { [ORIGIN]: { at: stored, result: 'clean', trigger: 'apply' } },
        ),
      checks: () => checks,
    })(ORIGIN);

  it('is the newest of the stored look and the checks in memory of that firewall', async () => {
    expect(await at(null, [])).toBeNull();
    expect(await at(50, [])).toBe(50);
    expect(
      await at(50, [
        checkRecord({ startedAt: 60 }),
        checkRecord({ startedAt: 10, verdictAt: 70 }),
        checkRecord({ origin: 'https://other.lan', startedAt: 90 }),
      ]),
    ).toBe(70);
  });
});
