/**
 * The opt-in watch, in Chromium: the admin gives a firewall an API key and turns its watch on with
 * a one-minute interval on the options page; the extension then looks at once, and again every
 * minute, with the key only. An orphan made behind the extension's back (as `configctl haproxy
 * reload` from SSH, a cron job or an ACME renewal would) is found within one interval and shown
 * where the admin is: the toolbar badge in every tab, a system notification, and the warning panel
 * on the next HAProxy page. A key that stops working is said once; a watch turned off asks nothing.
 *
 * Each test gets a browser of its own: the watch's alarms, badge and notifications belong to the
 * whole browser, and one test's watch must not be seen (or heard) by the next.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type Sim, type SimOptions, type SimRequest } from '../../sim/index.ts';
import { expectNoSimHaproxyLeft } from '../../sim/test-helpers.ts';
import { launchChromiumWithExtension, type ExtensionBrowser } from '../support/chromium.ts';
import {
  gotoAcceptingCertificate,
  logIn,
  openHaproxyPage,
  waitForAlert,
} from '../support/opnsense-page.ts';
import {
  addFirewall,
  currentWorker,
  globalBadgeText,
  lastLookOf,
  notificationIds,
  OPTIONS_PAGE,
  turnWatchOff,
  turnWatchOn,
  useApiKey,
  waitForWatchLook,
} from '../support/watch.ts';
import { waitFor } from '../../support/wait.ts';

declare const chrome: {
  notifications: {
    create(id: string, options: object): Promise<string>;
    update(id: string, options: object): Promise<boolean>;
    clear(id: string): Promise<boolean>;
  };
};

const MINUTE = 60_000;
/** One watch interval, plus what an alarm may be late and one look may take. */
const ONE_INTERVAL = MINUTE + 30_000;

let browser: ExtensionBrowser | null = null;
const sims: Sim[] = [];

afterEach(async () => {
  await browser?.close();
  browser = null;
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
  expectNoSimHaproxyLeft();
});

async function start(
  ...options: SimOptions[]
): Promise<{ browser: ExtensionBrowser; sims: Sim[] }> {
  for (const option of options) sims.push(await startSim(option));
  browser = await launchChromiumWithExtension();
  return { browser, sims: [...sims] };
}

/**
 * The admin's first visit: the certificate warning clicked through (the extension's requests ride
 * on that exception, src/background/transport) and, with `logIn`, a session cookie in the browser
 * that the watch must leave alone. The tab is closed afterwards, so that nothing but the extension
 * talks to the firewall while the watch runs.
 */
async function firstVisit(ext: ExtensionBrowser, sim: Sim, { logIn: withLogin = false } = {}) {
  const tab = await ext.context.newPage();
  if (withLogin) {
    await logIn(tab, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
  } else {
    await gotoAcceptingCertificate(tab, `${sim.url}/`);
  }
  await tab.close();
}

async function openOptions(ext: ExtensionBrowser): Promise<Page> {
  const options = await ext.context.newPage();
  await options.goto(ext.extensionUrl(OPTIONS_PAGE));
  await options.locator('#address').waitFor();
  return options;
}

/** The firewall's card with its API key stored and the watch on at one minute; when it went on. */
async function watchWithKey(ext: ExtensionBrowser, options: Page, sim: Sim): Promise<number> {
  const card = await addFirewall(options, sim.url);
  await useApiKey(ext.context, card, sim.url, sim.credentials.apiKey);
  const turnedOnAt = Date.now();
  await turnWatchOn(ext.context, card, sim.url, 1);
  return turnedOnAt;
}

const apiRequests = (sim: Sim, since: number): SimRequest[] =>
  sim.requests({ since }).filter((request) => request.path.startsWith('/api/'));

/**
 * Records every notification the extension creates or updates, in its service worker, passing
 * each call on unchanged: `getAll()` says which notifications exist, not how often one was shown
 * nor what it said.
 */
async function recordNotifications(ext: ExtensionBrowser): Promise<void> {
  const worker = await currentWorker(ext.context);
  await worker.evaluate(() => {
    const api = chrome.notifications;
    const shown: { id: string; call: string; options: object }[] = [];
    Object.assign(globalThis, { hrgShownNotifications: shown });
    const create = api.create.bind(api);
    const update = api.update.bind(api);
    api.create = (id, options) => {
      shown.push({ id, call: 'create', options });
      return create(id, options);
    };
    api.update = (id, options) => {
      shown.push({ id, call: 'update', options });
      return update(id, options);
    };
  });
}

async function shownNotifications(
  ext: ExtensionBrowser,
): Promise<{ id: string; call: string; options: { title?: string; message?: string } }[]> {
  const worker = await currentWorker(ext.context);
  const shown = await worker.evaluate(
    () => (globalThis as { hrgShownNotifications?: unknown }).hrgShownNotifications ?? null,
  );
  // A new worker would have lost the recorder, and with it what was shown before.
  if (shown === null) throw new Error('the service worker was restarted: the recorder is gone');
  return shown as { id: string; call: string; options: { title?: string; message?: string } }[];
}

describe('the opt-in watch, in Chromium', () => {
  it(
    'looks at once with the API key only, then finds an orphan made behind its back within one interval',
    async () => {
      const {
        browser: ext,
        sims: [sim],
      } = await start({ users: ['user0'] });
      if (!sim) throw new Error('no sim');
      await firstVisit(ext, sim, { logIn: true });
      const options = await openOptions(ext);

      const turnedOnAt = await watchWithKey(ext, options, sim);
      const first = await waitForWatchLook(ext.context, sim.url, turnedOnAt, 30_000);
      expect(first.result).toBe('clean');
      const firstLookRequests = apiRequests(sim, turnedOnAt);
      expect(firstLookRequests.map((request) => request.path)).toContain(
        '/api/diagnostics/activity/get_activity',
      );
      // The admin is logged in (the browser holds the PHPSESSID cookie), yet no request of the
      // watch carries it: each authenticated call would refresh that session (docs/opnsense.md §4).
      expect(firstLookRequests.filter((r) => !r.apiKey || r.sessionCookie)).toEqual([]);
      expect(await globalBadgeText(ext.context)).not.toBe('!!');
      expect(await notificationIds(ext.context)).toEqual([]);

      // Behind the extension's back: a reload from the shell, no GUI request at all.
      const [orphanPid] = await sim.haproxyPids();
      sim.setFaults({ orphanOnReload: true });
      const reloadedAt = Date.now();
      expect(await sim.shell('configctl haproxy reload')).toBe('OK');
      expect(await sim.haproxyPids()).toHaveLength(2);

      const found = await waitForWatchLook(
        ext.context,
        sim.url,
        reloadedAt,
        ONE_INTERVAL,
        (look) => look.result === 'duplicate',
      );
      expect(found.at - reloadedAt).toBeLessThanOrEqual(ONE_INTERVAL);
      await waitFor(() => globalBadgeText(ext.context), {
        until: (text) => text === '!!',
        what: 'badge',
        timeoutMs: 10_000,
      });
      await waitFor(() => notificationIds(ext.context), {
        until: (ids) => ids.includes(`watch:${sim.url}`),
        what: 'the notification',
        timeoutMs: 10_000,
      });
      const watchRequests = apiRequests(sim, turnedOnAt);
      expect(watchRequests.filter((r) => !r.apiKey || r.sessionCookie)).toEqual([]);

      // The admin opens the HAProxy page (still logged in): the warning panel names the orphan.
      const page = await ext.context.newPage();
      await openHaproxyPage(page, sim.url);
      const alert = await waitForAlert(page, /side by side/);
      expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
        'orphan',
      );
      expect(await alert.textContent()).toContain(String(orphanPid));
    },
    5 * MINUTE,
  );

  it(
    'says once, not at every interval, that the API key stopped working',
    async () => {
      const {
        browser: ext,
        sims: [sim],
      } = await start({ users: ['user0'] });
      if (!sim) throw new Error('no sim');
      await firstVisit(ext, sim);
      const options = await openOptions(ext);
      await recordNotifications(ext);
      const turnedOnAt = await watchWithKey(ext, options, sim);
      const first = await waitForWatchLook(ext.context, sim.url, turnedOnAt, 30_000);
      expect(first.result).toBe('clean');

      // The admin deletes the key on the firewall (System › Access › Users).
      const revokedAt = Date.now();
      sim.revokeApiKey();
      const failed = await waitForWatchLook(ext.context, sim.url, revokedAt, ONE_INTERVAL, (look) =>
        look.result.startsWith('error:'),
      );
      expect(apiRequests(sim, revokedAt).some((request) => request.status === 401)).toBe(true);
      const id = `watch:${sim.url}`;
      await waitFor(() => notificationIds(ext.context), {
        until: (ids) => ids.includes(id),
        what: 'the notification',
        timeoutMs: 10_000,
      });
      const [said, ...more] = (await shownNotifications(ext)).filter((n) => n.id === id);
      expect(more).toEqual([]);
      expect(said?.options.message).toMatch(/API key/);

      // The admin dismisses it. Two more intervals of failing looks: it does not come back.
      await (
        await currentWorker(ext.context)
      ).evaluate((notification) => chrome.notifications.clear(notification), id);
      const next = await waitForWatchLook(ext.context, sim.url, failed.at, ONE_INTERVAL);
      const after = await waitForWatchLook(ext.context, sim.url, next.at, ONE_INTERVAL);
      expect([next.result, after.result]).toEqual([failed.result, failed.result]);
      expect((await shownNotifications(ext)).filter((n) => n.id === id)).toHaveLength(1);
      expect(await notificationIds(ext.context)).not.toContain(id);
    },
    5 * MINUTE,
  );

  it(
    'asks nothing of a firewall whose watch was turned off, while another watch goes on',
    async () => {
      const {
        browser: ext,
        sims: [watched, unwatched],
      } = await start({ users: ['user0'] }, { users: ['user0'], hostname: 'fw-b.test' });
      if (!watched || !unwatched) throw new Error('no sims');
      await firstVisit(ext, watched);
      await firstVisit(ext, unwatched);
      const options = await openOptions(ext);
      const watchedOnAt = await watchWithKey(ext, options, watched);
      const unwatchedOnAt = await watchWithKey(ext, options, unwatched);
      await waitForWatchLook(ext.context, watched.url, watchedOnAt, 30_000);
      await waitForWatchLook(ext.context, unwatched.url, unwatchedOnAt, 30_000);
      expect(apiRequests(unwatched, unwatchedOnAt).length).toBeGreaterThan(0);

      const card = await addFirewall(options, unwatched.url);
      await turnWatchOff(ext.context, card, unwatched.url);
      const offAt = Date.now();
      const lookBefore = await lastLookOf(ext.context, unwatched.url);

      // The other firewall's watch looks twice more: a whole interval has passed for both alarms.
      const next = await waitForWatchLook(ext.context, watched.url, offAt, ONE_INTERVAL);
      await waitForWatchLook(ext.context, watched.url, next.at, ONE_INTERVAL);
      expect(apiRequests(unwatched, offAt)).toEqual([]);
      expect(await lastLookOf(ext.context, unwatched.url)).toEqual(lookBefore);
    },
    5 * MINUTE,
  );
});
