/**
 * HA pairs, in real Chromium against an HA pair of stand-ins (test/sim/README.md "HA pair"): the
 * master's Status › High Availability "Synchronize and Restart" restarts HAProxy on the backup,
 * where an orphan survives the rc restart (docs/opnsense.md §2, §8). The extension checks the
 * backup with the backup's own session and tells the result where the admin clicked (the
 * master's tab badge, a notification) and on the backup's next HAProxy page, inside its 10-minute
 * window. Also: the 24.x page's form-encoded post, a backup the browser has no login for, and a
 * sync address that is none of the enabled firewalls (then named on the master's card).
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimPair, type SimPair, type SimPairOptions } from '../../sim/index.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { badgeText, checkFor, lastLookAt, tabIdOf } from '../support/extension-state.ts';
import { drawToolbarBadge, haStatusPath, synchronizeAndRestart } from '../support/ha-pair.ts';
import {
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  waitForAlert,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';
import { firewallCard, notificationIds, OPTIONS_PAGE } from '../support/watch.ts';

declare const chrome: {
  action: { getTitle(details: { tabId: number }): Promise<string> };
  storage: {
    local: {
      get(key: null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
    session: { get(key: null): Promise<Record<string, unknown>> };
  };
  runtime: { getURL(path: string): string };
};

const suite = chromiumSuite();
const worker = () => suite.browser.serviceWorker;
const pairs: SimPair[] = [];
afterEach(async () => {
  await Promise.all(pairs.splice(0).map((pair) => pair.stop()));
});

async function startPair(options: SimPairOptions = {}): Promise<SimPair> {
  const pair = await startSimPair(options);
  pairs.push(pair);
  return pair;
}

/**
 * The admin has used the backup's GUI once (its HAProxy page: the extension took its one clean
 * look there and knows the backup), then closed that tab.
 */
async function backupUsedOnce(pair: SimPair): Promise<void> {
  const page = await suite.openFirewall(pair.backup);
  await expect
    .poll(async () => (await lastLookAt(worker(), pair.backup.url))?.result ?? null, {
      timeout: 30_000,
    })
    .toBe('clean');
  await page.close();
}

/** A tab logged in to the master, on its Status › High Availability page. */
async function masterHaPage(pair: SimPair): Promise<{ page: Page; tabId: number }> {
  const page = await suite.newPage();
  await logIn(
    page,
    pair.master.url,
    pair.master.credentials.admin.user,
    pair.master.credentials.admin.password,
  );
  await page.goto(`${pair.master.url}${haStatusPath(pair)}`);
  await page.locator('[data-service_action="restart"]').first().waitFor();
  return { page, tabId: await tabIdOf(worker(), page.url()) };
}

async function storageText(): Promise<string> {
  const [local, session] = await Promise.all([
    worker().evaluate(() => chrome.storage.local.get(null)),
    worker().evaluate(() => chrome.storage.session.get(null)),
  ]);
  return JSON.stringify([local, session]);
}

describe('HA pairs, in Chromium', () => {
  it.each([
    { version: '25.7', page: 'Status › High Availability' },
    { version: '24.7', page: 'the legacy status_habackup.php' },
  ] as const)(
    '$version: the backup’s orphan after "Synchronize and Restart" on $page: !! on the master’s badge, the warning on the backup’s page',
    async ({ version }) => {
      const pair = await startPair({
        master: { opnsenseVersion: version },
        backup: { opnsenseVersion: version },
      });
      await backupUsedOnce(pair);
      const { orphanPid } = await orphanFromTheShell(pair.backup);
      const masterPids = await pair.master.haproxyPids();
      const { page, tabId } = await masterHaPage(pair);

      await synchronizeAndRestart(page);
      // The rc restart on the backup stopped only its pidfile PID: the orphan is still there.
      expect(await pair.backup.haproxyPids()).toContain(orphanPid);
      await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('!!');
      const check = await checkFor(worker(), pair.backup.url);
      expect(check).toMatchObject({
        trigger: 'ha-backup',
        tabId,
        clickedOn: pair.master.url,
        phase: 'done',
        verdict: { kind: 'duplicate' },
      });
      // The master's own HAProxy was not touched, nor looked at for this.
      expect(await pair.master.haproxyPids()).toEqual(masterPids);
      expect(await checkFor(worker(), pair.master.url)).toBeNull();
      expect(await notificationIds(suite.browser.context)).toContain(
        `ha-backup:${pair.backup.url}`,
      );
      // The master's HA settings carry the XMLRPC password: none of it is stored.
      expect(await storageText()).not.toContain(pair.xmlrpcPassword);
      // 24.x reloads the page after the restart: the badge is put back on the new page.
      await page.waitForLoadState('load');
      await expect.poll(() => badgeText(worker(), tabId), { timeout: 10_000 }).toBe('!!');

      if (version === '25.7') {
        const title = await worker().evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
        expect(title).toContain('fw-backup.test');
        await drawToolbarBadge(page, {
          text: '!!',
          title,
          // The page cannot load the extension's files: the icon goes in as a data URL.
          iconUrl: await worker().evaluate(async () => {
            const bytes = new Uint8Array(
              await (await fetch(chrome.runtime.getURL('icons/icon-128.png'))).arrayBuffer(),
            );
            let binary = '';
            for (const byte of bytes) binary += String.fromCharCode(byte);
            return `data:image/png;base64,${btoa(binary)}`;
          }),
        });
        await screenshot(page, 'ha-master-badge');
      }

      // The backup's next HAProxy page, a minute-old look inside its 10-minute window: the warning.
      const backupPage = await suite.newPage();
      await openHaproxyPage(backupPage, pair.backup.url);
      const alert = await waitForAlert(backupPage, /side by side/);
      expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
        'orphan',
      );
      if (version === '25.7') await screenshot(backupPage, 'ha-backup-warning');
    },
  );

  it('a backup the browser has no login for: says so plainly, on the badge and the backup’s card', async () => {
    const pair = await startPair();
    // The backup is enabled (added in the options) and its certificate accepted in a tab, but the
    // admin never logged in to its GUI.
    const certificate = await suite.newPage();
    await gotoAcceptingCertificate(certificate, pair.backup.url);
    await certificate.close();
    await worker().evaluate(
      (backup) =>
        chrome.storage.local.set({
          options: {
            defaultDrainWindowMs: 300_000,
            auth: { [backup]: { kind: 'session' } },
            watch: {},
            version: 1,
          },
        }),
      pair.backup.url,
    );
    const { page, tabId } = await masterHaPage(pair);
    await synchronizeAndRestart(page);
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('?');
    const check = await checkFor(worker(), pair.backup.url);
    expect(check).toMatchObject({ trigger: 'ha-backup', error: { kind: 'session-expired' } });
    // The backup's requests carried no session of the master's, and no key.
    const backupRequests = pair.backup.requests().filter((r) => r.path.startsWith('/api/'));
    expect(backupRequests.length).toBeGreaterThan(0);
    expect(backupRequests.every((r) => !r.apiKey)).toBe(true);

    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl(OPTIONS_PAGE));
    await expect
      .poll(() => firewallCard(options, pair.backup.url).getByTestId('last-look').textContent())
      .toContain('error');
    const backupPage = await suite.newPage();
    await logIn(
      backupPage,
      pair.backup.url,
      pair.backup.credentials.admin.user,
      pair.backup.credentials.admin.password,
    );
    await openHaproxyPage(backupPage, pair.backup.url);
    await waitForAlert(backupPage, /log in to the backup's GUI once, or give it an API key/i);
  });

  it('a sync address none of the enabled firewalls has: HA? on the master’s tab, then the backup named on its card is checked', async () => {
    const pair = await startPair({ synchronizeTo: 'unreachable' });
    await backupUsedOnce(pair);
    const { orphanPid } = await orphanFromTheShell(pair.backup);
    const { page, tabId } = await masterHaPage(pair);

    await synchronizeAndRestart(page);
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('HA?');
    const title = await worker().evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(title).toContain('192.0.2.2');
    // Nothing was looked at on the backup for it.
    expect((await checkFor(worker(), pair.backup.url))?.trigger).not.toBe('ha-backup');

    // The master's card: name the backup.
    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl(OPTIONS_PAGE));
    const card = firewallCard(options, pair.master.url);
    await expect
      .poll(() => card.getByTestId('ha-backup-seen').textContent())
      .toContain('192.0.2.2');
    await card.getByTestId('ha-backup-choice').selectOption(pair.backup.url);
    await expect.poll(() => card.getByTestId('card-saved').textContent()).not.toBe('');

    await page.bringToFront();
    await synchronizeAndRestart(page);
    await expect.poll(() => badgeText(worker(), tabId), { timeout: 30_000 }).toBe('!!');
    expect(await checkFor(worker(), pair.backup.url)).toMatchObject({
      trigger: 'ha-backup',
      verdict: { kind: 'duplicate' },
    });
    expect(await pair.backup.haproxyPids()).toContain(orphanPid);
    // The card shows the backup and its last look.
    await options.bringToFront();
    await expect
      .poll(() => card.getByTestId('ha-backup-last-look').textContent())
      .toMatch(/duplicate|old process/i);
  });
});
