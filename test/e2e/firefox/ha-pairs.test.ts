/**
 * HA pairs in Firefox ESR (dist/firefox, both firewalls enabled by a real click in the options):
 * "Synchronize and Restart" on the master's Status › High Availability restarts HAProxy on the
 * backup, where an orphan survives the rc restart (docs/opnsense.md §2, §8). The extension checks
 * the backup with the backup's own session: `!!` on the master's tab badge, and the warning on
 * the backup's next HAProxy page, inside its 10-minute window.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimPair, type SimPair } from '../../sim/index.ts';
import { waitFor } from '../../support/wait.ts';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { firefoxSuite } from '../support/firefox-suite.ts';
import { logIn, openHaproxyPage, screenshot, waitForPanelText } from './opnsense-page.ts';

declare const browser: {
  tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
  storage: {
    session: { get(key: null): Promise<Record<string, unknown>> };
    local: { get(key: null): Promise<Record<string, unknown>> };
  };
};

const suite = firefoxSuite();
// The pairs are stopped after each test, before the suite's own check that no haproxy is left.
const pairs: SimPair[] = [];
afterEach(async () => {
  await Promise.all(pairs.splice(0).map((pair) => pair.stop()));
});
const newPage = () => suite.newPage();

/** The badge of the one tab that shows `origin`, read from an extension page. */
function badgeOfTabOn(extensionPage: Page, origin: string): Promise<string | null> {
  return extensionPage.evaluate(async (wanted) => {
    const tabs = await browser.tabs.query({});
    const tab = tabs.find((candidate) => candidate.url?.startsWith(`${wanted}/`));
    return tab?.id === undefined ? null : browser.action.getBadgeText({ tabId: tab.id });
  }, origin);
}

describe('HA pairs, in Firefox', () => {
  it.each([
    { version: '25.7', page: 'Status › High Availability' },
    // 24.x posts form-encoded fields to status_habackup.php: Firefox hands the follower the body.
    { version: '24.7', page: 'the legacy status_habackup.php' },
  ] as const)(
    '$version: the backup’s orphan after "Synchronize and Restart" on $page: !! on the master’s badge, the warning on the backup’s page',
    async ({ version }) => {
      const pair = await startSimPair({
        master: { opnsenseVersion: version },
        backup: { opnsenseVersion: version },
      });
      pairs.push(pair);
      const { master, backup } = pair;
      const options = await suite.enableFromOptionsPage(master.url);
      await suite.enableFromOptionsPage(backup.url);

      // The admin has logged in to the backup's GUI once (the browser session the look uses).
      const backupLogin = await newPage();
      await logIn(
        backupLogin,
        backup.url,
        backup.credentials.admin.user,
        backup.credentials.admin.password,
      );
      const { orphanPid } = await orphanFromTheShell(backup);

      const masterTab = await newPage();
      await logIn(
        masterTab,
        master.url,
        master.credentials.admin.user,
        master.credentials.admin.password,
      );
      const legacy = version.startsWith('24.');
      await masterTab.goto(
        `${master.url}${legacy ? '/status_habackup.php' : '/ui/core/hasync_status'}`,
      );
      const restart = '[data-service_action="restart"][data-service_name="haproxy"]';
      await masterTab.waitForSelector(restart);
      await masterTab.bringToFront();
      await Promise.all([
        // 24.x reloads the page once its last post (the restart) has answered; BiDi cannot read
        // a request's body to pick that post out.
        legacy
          ? masterTab.waitForNavigation({ waitUntil: 'load', timeout: 60_000 })
          : masterTab.waitForResponse(
              (response) =>
                new URL(response.url()).pathname === '/api/core/hasync_status/restart/haproxy/',
              { timeout: 60_000 },
            ),
        masterTab.locator(restart).click(),
      ]);
      expect(await backup.haproxyPids()).toContain(orphanPid);

      await waitFor(() => badgeOfTabOn(options, master.url), {
        until: (text): text is string => text === '!!',
        what: "the master's tab badge to show !!",
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      const stored = await options.evaluate(async () =>
        JSON.stringify([
          await browser.storage.local.get(null),
          await browser.storage.session.get(null),
        ]),
      );
      expect(stored).toContain('"trigger":"ha-backup"');
      expect(stored).not.toContain(pair.xmlrpcPassword);

      // The backup's next HAProxy page, inside its window: the warning waits there.
      await openHaproxyPage(backupLogin, backup.url, '#users');
      const panel = await waitForPanelText(backupLogin, /side by side/);
      expect(panel.rows[String(orphanPid)]).toBe('orphan');
      if (!legacy) await screenshot(backupLogin, 'firefox-ha-backup-warning');
    },
  );
});
