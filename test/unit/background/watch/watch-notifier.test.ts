/**
 * The watch's notifier on an in-memory browser: the badge every tab shows, one notification per
 * new alert, and the alert ended by the restart that cleared it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { checkRecord, classified, cleanVerdict } from '../../check-fixtures.ts';
import { FakeStorageArea } from '../../fake-browser.ts';

const ORIGIN = 'https://fw.example.lan:8443';

function createBrowser() {
  const badge = { text: '', color: '' };
  const notifications: { id: string; title: string; message: string }[] = [];
  const clickListeners: ((id: string) => void)[] = [];
  const openedTabs: string[] = [];
  let notificationsGranted = true;
  return {
    badge,
    notifications,
    openedTabs,
    click(id: string) {
      for (const listener of clickListeners) listener(id);
    },
    deny() {
      notificationsGranted = false;
    },
    api: {
      storage: { local: new FakeStorageArea() },
      runtime: { getURL: (path: string) => `chrome-extension://x/${path}` },
      action: {
        setBadgeText: ({ text }: { text: string }) => {
          badge.text = text;
          return Promise.resolve();
        },
        setBadgeBackgroundColor: ({ color }: { color: string }) => {
          badge.color = color;
          return Promise.resolve();
        },
      },
      permissions: { contains: () => Promise.resolve(notificationsGranted) },
      notifications: {
        create: (id: string, options: { title: string; message: string }) => {
          notifications.push({ id, title: options.title, message: options.message });
          return Promise.resolve(id);
        },
        clear: () => Promise.resolve(true),
        onClicked: {
          addListener: (listener: (id: string) => void) => clickListeners.push(listener),
          hasListener: (listener: (id: string) => void) => clickListeners.includes(listener),
        },
      },
      tabs: {
        create: ({ url }: { url: string }) => {
          openedTabs.push(url);
          return Promise.resolve({});
        },
      },
    },
  };
}

let fake = createBrowser();
vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => fake.api[key as keyof typeof fake.api] }),
}));
const { createWatchNotifier } = await import('../../../../src/background/watch/watch-notifier.ts');

const t = (key: string, substitutions?: readonly (string | number)[]) =>
  `${key}(${(substitutions ?? []).join('|')})`;
const watchLook = (overrides: Partial<CheckRecord>) =>
  checkRecord({ origin: ORIGIN, tabId: null, trigger: 'watch', verdictAt: 1, ...overrides });
const orphan = watchLook({
  verdict: {
    kind: 'duplicate',
    processes: [classified(41007, 'current'), classified(41000, 'orphan')],
  },
});

beforeEach(() => {
  fake = createBrowser();
});

describe('the watch notifier', () => {
  it('notifies an orphan once, names the firewall and the PID, and shows !! in every tab', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    await notifier.looked(orphan);
    expect(fake.notifications).toEqual([
      {
        id: `watch:${ORIGIN}`,
        title: 'watchDuplicateTitle(fw.example.lan:8443)',
        message: 'watchDuplicateBody(41000)',
      },
    ]);
    expect(fake.badge.text).toBe('!!');
  });

  it('keeps to the badge without the notifications permission', async () => {
    fake.deny();
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    expect(fake.notifications).toEqual([]);
    expect(fake.badge.text).toBe('!!');
  });

  it('ends the alert when the restart from the panel verifies a clean HAProxy', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    await notifier.settled(
      checkRecord({ origin: ORIGIN, trigger: 'remediation', verdict: cleanVerdict(41014) }),
    );
    expect(fake.badge.text).toBe('');
    // The same orphan coming back later is told again.
    await notifier.looked(orphan);
    expect(fake.notifications).toHaveLength(2);
  });

  it('leaves the alert to a check that did not clear it, and never notifies for one', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    await notifier.settled({ ...orphan, trigger: 'apply', tabId: 3 });
    await notifier.settled(
      checkRecord({
        origin: ORIGIN,
        error: { kind: 'network', privilege: null, status: null, endpoint: '' },
      }),
    );
    expect(fake.badge.text).toBe('!!');
    expect(fake.notifications).toHaveLength(1);
  });

  it('keeps the alert through checks that prove nothing: unverifiable, draining', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    // A failure the page forged ends its check after one look that may see anything.
    await notifier.settled(
      checkRecord({
        origin: ORIGIN,
        trigger: 'apply',
        tabId: 3,
        failure: 'configtest-failed',
        verdict: { kind: 'unverifiable', reason: 'list-incomplete', processes: [] },
      }),
    );
    await notifier.settled(
      checkRecord({
        origin: ORIGIN,
        trigger: 'page-open',
        verdict: {
          kind: 'draining',
          processes: [classified(41007, 'current'), classified(41000, 'predecessor')],
          deadline: 2,
        },
      }),
    );
    expect(fake.badge.text).toBe('!!');
    // A watch look that proves nothing keeps it too, and tells nothing new.
    await notifier.looked(
      watchLook({ verdict: { kind: 'unverifiable', reason: 'list-incomplete', processes: [] } }),
    );
    await notifier.looked(orphan);
    expect(fake.badge.text).toBe('!!');
    expect(fake.notifications).toHaveLength(1);
  });

  it('drops the alert of a firewall no longer watched', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.looked(orphan);
    await notifier.keepOnly([]);
    expect(fake.badge.text).toBe('');
  });

  it('says once that the key stopped working', async () => {
    const notifier = createWatchNotifier(t);
    const rejected = watchLook({
      error: { kind: 'api-key-rejected', privilege: null, status: 401, endpoint: '' },
    });
    await notifier.looked(rejected);
    await notifier.looked(rejected);
    expect(fake.notifications.map((entry) => entry.title)).toEqual([
      'watchKeyFailedTitle(fw.example.lan:8443)',
    ]);
    expect(fake.badge.text).toBe('?');
  });
});

describe("the notification of an HA backup's check", () => {
  const backupCheck = (overrides: Partial<CheckRecord>) =>
    checkRecord({
      origin: ORIGIN,
      tabId: 12,
      clickedOn: 'https://master.lan',
      trigger: 'ha-backup',
      verdictAt: 1,
      ...overrides,
    });

  it("names the backup and the orphan's PID, and leaves the watch's badge alone", async () => {
    const notifier = createWatchNotifier(t);
    await notifier.backupChecked(backupCheck({ verdict: orphan.verdict }));
    expect(fake.notifications).toEqual([
      {
        id: `ha-backup:${ORIGIN}`,
        title: 'haBackupNoticeTitle(fw.example.lan:8443|verdict_duplicate())',
        message: 'haBackupNoticeDuplicate(41000)',
      },
    ]);
    expect(fake.badge.text).toBe('');
  });

  it('says plainly when the backup refused the look: log in once, or give it a key', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.backupChecked(
      backupCheck({
        error: { kind: 'session-expired', privilege: null, status: 401, endpoint: '' },
      }),
    );
    expect(fake.notifications[0]?.message).toBe('haBackupNoCredentials(fw.example.lan:8443)');
  });

  it('shows nothing without the permission', async () => {
    fake.deny();
    await createWatchNotifier(t).backupChecked(backupCheck({ verdict: orphan.verdict }));
    expect(fake.notifications).toEqual([]);
  });

  it('stays quiet for a clean backup: the badge and the card say it', async () => {
    await createWatchNotifier(t).backupChecked(backupCheck({ verdict: cleanVerdict(1) }));
    expect(fake.notifications).toEqual([]);
  });
});

describe('an ACME restart that kept an orphan', () => {
  const acmeCheck = (overrides: Partial<CheckRecord>) =>
    checkRecord({ origin: ORIGIN, tabId: 4, trigger: 'acme', phase: 'done', ...overrides });

  it('is notified with the permission, and a click opens that HAProxy page', async () => {
    const notifier = createWatchNotifier(t);
    notifier.listen();
    await notifier.acmeChecked(acmeCheck({ verdict: orphan.verdict }));
    expect(fake.notifications.map((notice) => notice.id)).toEqual([`acme:${ORIGIN}`]);
    fake.click(`acme:${ORIGIN}`);
    expect(fake.openedTabs).toEqual([`${ORIGIN}/ui/haproxy`]);
  });

  it('is not notified without the permission, nor when the restart left HAProxy clean', async () => {
    const notifier = createWatchNotifier(t);
    await notifier.acmeChecked(acmeCheck({ verdict: cleanVerdict(1) }));
    fake.deny();
    await notifier.acmeChecked(acmeCheck({ verdict: orphan.verdict }));
    expect(fake.notifications).toEqual([]);
  });
});
