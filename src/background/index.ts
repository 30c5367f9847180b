/**
 * Background entry: wires the parts, nothing else. Message handling is in messenger.ts, the check
 * flow in check-runner.ts, content-script registration in content-registration.ts, the reloads
 * of any GUI page in request-follower.ts, the page-open look in page-open.ts, the opt-in watch in
 * watch.ts and watch-notifier.ts.
 */
import browser from 'webextension-polyfill';
import contentScript from '../content/content-script.ts?script&iife';
import pageObserver from '../content/page-observer.ts?script&iife';
import { OpnsenseError } from '../opnsense/errors.ts';
import { createOpnsenseClient } from '../opnsense/client.ts';
import { isHaproxyPageUrl } from '../opnsense/selectors.ts';
import { requestAuthFor } from '../shared/firewall-auth.ts';
import { browserTimers } from '../shared/timers.ts';
import { lastLookOf, loadLastLooks, noteLastLook } from '../shared/last-look.ts';
import { appendHistory, loadOptions, persistMigratedOptions } from '../shared/options-storage.ts';
import { patternCoversOrigin } from '../shared/origins.ts';
import { forgetRevokedFirewalls } from '../shared/revoked-firewalls.ts';
import { isQuietLook, needsAdmin } from '../shared/unrequested-look.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { showBadge } from './tabs/badge.ts';
import { createRateLimiter } from './checks/check-rate-limit.ts';
import { createCheckRunner } from './checks/check-runner.ts';
import { forgetCheck, loadChecks, storeCheck } from './checks/stored-checks.ts';
import { csrfTokenFromTabs, tabsShowingOrigin } from './tabs/csrf-from-tab.ts';
import { createContentScriptSync } from './permissions/content-registration.ts';
import { onEnableMenuClicked, registerEnableMenu } from './permissions/enable-menu.ts';
import { historyEntryFor } from './checks/history-entry.ts';
import { keepAwakeWhileChecking } from './checks/keep-awake.ts';
import { createGuiOpener } from './tabs/gui-opener.ts';
import { createMessenger, isOriginEnabled } from './messaging/messenger.ts';
import { restrictToTrustedContexts } from './permissions/storage-access.ts';
import { tabShowsOrigin } from './tabs/tab-delivery.ts';
import { createJournalStore } from './remediation/remediation-journal.ts';
import { openHaproxyPage } from './checks/page-open.ts';
import {
  createReloadFollower,
  listenForReloadRequests,
} from './reload-sources/request-follower.ts';
import { createBrowserTransport } from './transport/index.ts';
import { createWatch } from './watch/watch.ts';
import { createWatchNotifier } from './watch/watch-notifier.ts';

const files = { content: contentScript, pageObserver };
const transport = createBrowserTransport();
const journal = createJournalStore(browser.storage.local);

// API secrets live in storage.local; content scripts have no business there.
void restrictToTrustedContexts(browser.storage.local);

const notifier = createWatchNotifier(browserTranslator());

const runner = createCheckRunner({
  async clientFor(origin, csrfToken, trigger) {
    const options = await loadOptions();
    const auth = requestAuthFor(origin, options.auth[origin], csrfToken);
    // The watch never uses the GUI session: each call would keep the admin logged in.
    if (trigger === 'watch' && auth.kind !== 'api-key') {
      throw new OpnsenseError({ kind: 'api-key-rejected', endpoint: '', detail: 'no API key' });
    }
    return createOpnsenseClient({ origin, auth, fetch: transport });
  },
  now: () => Date.now(),
  setTimer: browserTimers.setTimer,
  clearTimer: browserTimers.clearTimer,
  async publish(record) {
    await storeCheck(record);
    const look = lastLookOf(record);
    if (look) await noteLastLook(record.origin, look);
    await keepAwakeWhileChecking(runner.all());
    // Only to the tab's top frame, and only while it still shows this check's firewall.
    if (
      record.tabId !== null &&
      (await tabShowsOrigin(browser.tabs, record.tabId, record.origin))
    ) {
      await showBadge(record.tabId, record);
      await browser.tabs
        .sendMessage(record.tabId, { type: 'check-update', check: record }, { frameId: 0 })
        .catch(() => undefined);
    }
  },
  async finished(record) {
    // Looks nobody asked for enter the history only when they found something.
    if (!isQuietLook(record)) await appendHistory(historyEntryFor(record));
    if (record.trigger === 'watch') await notifier.looked(record);
    else await notifier.settled(record);
  },
  defaultDrainWindowMs: async () => (await loadOptions()).defaultDrainWindowMs,
  newId: () => crypto.randomUUID(),
  forget: forgetCheck,
  stillEnabled: isOriginEnabled,
  journal,
  csrfTokenFor: csrfTokenFromTabs,
});
const newChecks = createRateLimiter<number>({ now: () => Date.now() });

/** The newest look at a firewall: stored (it outlives the browser) or of a check in memory. */
async function lastLookAt(origin: string): Promise<number | null> {
  const stored = (await loadLastLooks())[origin]?.at ?? null;
  const inMemory = runner
    .all()
    .filter((record) => record.origin === origin)
    .map((record) => record.verdictAt ?? record.startedAt);
  const all = stored === null ? inMemory : [stored, ...inMemory];
  return all.length === 0 ? null : Math.max(...all);
}

async function tabShowsHaproxyPage(tabId: number, origin: string): Promise<boolean> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  return isHaproxyPageUrl(tab?.url, origin);
}

/** Checks and secrets of firewalls whose access is gone: forgotten, not left to come back. */
async function forgetRevoked(): Promise<void> {
  await forgetRevokedFirewalls();
  for (const record of runner.all()) {
    if (!(await isOriginEnabled(record.origin))) await runner.dismiss(record.id);
  }
}

// Checks stored before the service worker was stopped are loaded before any message is answered,
// so a page reloading right after Apply still finds its check. Remediation journals outlive the
// browser; after a browser restart their tab ids may name other tabs, so only a tab that still
// shows that firewall is kept.
const resumed = Promise.all([loadChecks(), journal.load()]).then(
  async ([records, journals]) => {
    const checked = await Promise.all(
      journals.map(async (entry) => {
        const tabs = entry.tabId === null ? [] : await tabsShowingOrigin(entry.origin);
        return tabs.includes(entry.tabId ?? -1) ? entry : { ...entry, tabId: null };
      }),
    );
    runner.resume(records, checked);
    await forgetRevoked();
  },
  () => undefined,
);
const guiOpener = createGuiOpener({
  tabs: browser.tabs,
  recheck: (origin, tabId) => runner.begin(origin, tabId, 'manual'),
  keepAlive: () => browser.runtime.getPlatformInfo(),
  ...browserTimers,
});
browser.runtime.onMessage.addListener(
  createMessenger({
    runner,
    ready: resumed,
    showBadge,
    newChecks,
    openGui: (origin, tabId) => guiOpener.open(origin, tabId),
    pageOpened: (tabId, origin) =>
      openHaproxyPage(tabId, origin, {
        runner,
        lastLookAt,
        tabShowsHaproxyPage,
        now: () => Date.now(),
      }),
  }),
);

// Registered at the top level, synchronously: only such listeners wake a stopped worker.
listenForReloadRequests(
  browser.webRequest,
  createReloadFollower({ runner, ready: resumed, isEnabled: isOriginEnabled, newChecks }),
);

const watch = createWatch({
  alarms: browser.alarms,
  loadOptions,
  async enabledOrigins() {
    const { origins = [] } = await browser.permissions.getAll();
    return (origin) => origins.some((pattern) => patternCoversOrigin(pattern, origin));
  },
  lastLookAt,
  busy: (origin) =>
    runner.all().some((record) => record.origin === origin && record.phase !== 'done'),
  async look(origin) {
    await runner.begin(origin, null, 'watch');
  },
  now: () => Date.now(),
});
const syncWatch = () =>
  resumed
    .then(() => watch.sync())
    .then((watched) => notifier.keepOnly(watched))
    .catch((error: unknown) => {
      console.error('HAProxy Reload Guard: could not update the watch', error);
    });
notifier.listen();
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && 'options' in changes) void syncWatch();
});

const syncScripts = createContentScriptSync(browser.scripting, browser.permissions, files);
const sync = () =>
  syncScripts().catch((error: unknown) => {
    console.error('HAProxy Reload Guard: could not register the content scripts', error);
  });
browser.permissions.onAdded.addListener(() => {
  void sync();
  // The notifications API appears once its optional permission is granted.
  notifier.listen();
  void syncWatch();
});
browser.permissions.onRemoved.addListener(() => {
  void sync();
  void resumed.then(forgetRevoked).then(syncWatch);
});
browser.runtime.onInstalled.addListener(() => {
  registerEnableMenu(browser.i18n.getMessage('contextMenuToggle'));
  void sync();
});
browser.runtime.onStartup.addListener(() => {
  void sync();
  void notifier.restore();
});
browser.contextMenus.onClicked.addListener(onEnableMenuClicked);
// The alarm only wakes a stopped worker; waking runs this file, which resumes the stored checks.
browser.alarms.onAlarm.addListener((alarm) => {
  void resumed.then(() => keepAwakeWhileChecking(runner.all()));
  void resumed.then(() => watch.alarmFired(alarm.name));
});
browser.tabs.onRemoved.addListener((tabId) => {
  newChecks.forget(tabId);
  for (const record of runner.all()) {
    if (record.tabId !== tabId || record.phase !== 'done') continue;
    // An orphan found from System › Services is still there when its tab is closed: the next
    // HAProxy page of that firewall shows it (page-open.ts). Only Dismiss forgets a warning.
    if (needsAdmin(record)) void runner.adopt(record.id, null);
    else void runner.dismiss(record.id);
  }
});

void sync();
void syncWatch();
void persistMigratedOptions().catch(() => undefined);
