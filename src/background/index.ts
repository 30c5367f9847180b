/**
 * Background entry: wires the parts, nothing else; every rule lives in the capability folder that
 * owns it. checks/ (the checks and where their changes go), remediation/ (the restart),
 * reload-sources/ (the reloads of any GUI page), watch/ (the opt-in watch), tabs/ (badge,
 * delivery, the GUI opener, closed tabs), permissions/ (enabled hosts, content scripts, the menu),
 * messaging/ (the messages), transport/ (the requests to the firewall).
 */
import browser from 'webextension-polyfill';
import contentScript from '../content/content-script.ts?script&iife';
import pageObserver from '../content/page-observer.ts?script&iife';
import { noteHaPair } from '../shared/ha-pairs.ts';
import { loadLastLooks, noteLastLook } from '../shared/last-look.ts';
import { appendHistory, loadOptions, persistMigratedOptions } from '../shared/options-storage.ts';
import { forgetRevokedFirewalls } from '../shared/revoked-firewalls.ts';
import { browserTimers } from '../shared/timers.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { createCheckClients } from './checks/check-client.ts';
import { createCheckEnding } from './checks/check-ending.ts';
import { createCheckPublisher } from './checks/check-publisher.ts';
import { createRateLimiter } from '../shared/rate-limit.ts';
import { createCheckRunner, type CheckRunner } from './checks/check-runner.ts';
import { keepAwakeWhileChecking } from './checks/keep-awake.ts';
import { createLastLook, createLastLookAt } from './checks/last-look-at.ts';
import { openHaproxyPage } from './checks/page-open.ts';
import { forgetCheck, loadChecks, storeCheck } from './checks/stored-checks.ts';
import { createMessenger } from './messaging/messenger.ts';
import {
  enabledFirewallOrigins,
  enabledOriginTest,
  isOriginEnabled,
} from './permissions/enabled-origins.ts';
import { createContentScriptSync } from './permissions/content-registration.ts';
import { openWelcomeOnInstall } from './permissions/first-run.ts';
import { onEnableMenuClicked, registerEnableMenu } from './permissions/enable-menu.ts';
import { createRevokedAccess } from './permissions/revoked-access.ts';
import { restrictToTrustedContexts } from './permissions/storage-access.ts';
import {
  createReloadFollower,
  listenForReloadRequests,
} from './reload-sources/request-follower.ts';
import { createRestartFollower, RESTART_FOLLOW_ALARM } from './reload-sources/restart-follower.ts';
import { followAlarm, sessionFollowStore } from './reload-sources/stored-follows.ts';
import { journalsOnLiveTabs } from './remediation/journal-tabs.ts';
import { createJournalStore } from './remediation/remediation-journal.ts';
import { findHaBackup } from './reload-sources/ha-backup.ts';
import { showBackupUnknown, showBadge } from './tabs/badge.ts';
import { tabClosed } from './tabs/closed-tab.ts';
import { csrfTokenFromTabs, tabsShowingOrigin } from './tabs/csrf-from-tab.ts';
import { firewallTabOpen } from './tabs/firewall-tab.ts';
import { createGuiOpener } from './tabs/gui-opener.ts';
import { tabShowsHaproxyPage } from './tabs/haproxy-tab.ts';
import { createMasterTabBadge } from './tabs/master-tab-badge.ts';
import { tabShowsOrigin } from './tabs/tab-delivery.ts';
import { createBrowserTransport } from './transport/index.ts';
import { createWatch } from './watch/watch.ts';
import { createWatchNotifier } from './watch/watch-notifier.ts';

const files = { content: contentScript, pageObserver };
const transport = createBrowserTransport();
const journal = createJournalStore(browser.storage.local);

// API secrets live in storage.local; content scripts have no business there.
void restrictToTrustedContexts(browser.storage.local);

const notifier = createWatchNotifier(browserTranslator());
const clientFor = createCheckClients({
  storedAuth: async (origin) => (await loadOptions()).auth[origin],
  fetch: transport,
});
const runner: CheckRunner = createCheckRunner({
  clientFor,
  now: () => Date.now(),
  setTimer: browserTimers.setTimer,
  clearTimer: browserTimers.clearTimer,
  publish: createCheckPublisher({
    store: storeCheck,
    noteLastLook,
    keepAwake: keepAwakeWhileChecking,
    checks: () => runner.all(),
    tabShowsOrigin: (tabId, origin) => tabShowsOrigin(browser.tabs, tabId, origin),
    showBadge,
    async tell(tabId, check) {
      await browser.tabs
        .sendMessage(tabId, { type: 'check-update', check }, { frameId: 0 })
        .catch(() => undefined);
    },
  }),
  finished: createCheckEnding({ appendHistory, notifier }),
  defaultDrainWindowMs: async () => (await loadOptions()).defaultDrainWindowMs,
  newId: () => crypto.randomUUID(),
  forget: forgetCheck,
  stillEnabled: isOriginEnabled,
  journal,
  csrfTokenFor: csrfTokenFromTabs,
});
const newChecks = createRateLimiter<number>({ now: () => Date.now() });
const masterTabBadge = createMasterTabBadge({
  checks: () => runner.all(),
  tabShowsOrigin: (tabId, origin) => tabShowsOrigin(browser.tabs, tabId, origin),
  showBadge,
  showBackupUnknown,
  now: () => Date.now(),
  tabUpdates: browser.tabs.onUpdated,
});
const lastLookAt = createLastLookAt({ loadLastLooks, checks: () => runner.all() });
const lastLook = createLastLook({ loadLastLooks, checks: () => runner.all() });
const forgetRevoked = createRevokedAccess({
  forgetRevokedFirewalls: () => forgetRevokedFirewalls(),
  isEnabled: isOriginEnabled,
  runner,
});

// Checks stored before the service worker was stopped are loaded before any message is answered,
// so a page reloading right after Apply still finds its check.
const resumed = Promise.all([loadChecks(), journal.load()]).then(
  async ([records, journals]) => {
    runner.resume(records, await journalsOnLiveTabs(journals, tabsShowingOrigin));
    await forgetRevoked();
  },
  () => undefined,
);
const guiOpener = createGuiOpener({
  tabs: browser.tabs,
  recheck: (origin, tabId) => runner.begin(origin, tabId, 'manual'),
  newChecks,
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
        lastLook,
        // The page-open look's own client: the admin's session, or the firewall's API key.
        newestProcess: async (origin) =>
          (await clientFor(origin, null, 'page-open')).currentProcess(),
        tabShowsHaproxyPage: (tabId, origin) => tabShowsHaproxyPage(browser.tabs, tabId, origin),
        now: () => Date.now(),
      }),
  }),
);

const restartFollower = createRestartFollower({
  ...browserTimers,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
  currentProcess: async (origin) => (await clientFor(origin, null, 'acme')).currentProcess(),
  firewallOpen: async (origin) =>
    (await isOriginEnabled(origin)) && (await firewallTabOpen(browser.tabs, origin)),
  async restarted(follow) {
    if (newChecks.tryAcquire(follow.tabId)) await runner.begin(follow.origin, follow.tabId, 'acme');
  },
  store: sessionFollowStore,
  alarm: followAlarm,
});
void resumed.then(() => restartFollower.resume());

// Registered at the top level, synchronously: only such listeners wake a stopped worker.
listenForReloadRequests(
  browser.webRequest,
  createReloadFollower({
    runner,
    ready: resumed,
    isEnabled: isOriginEnabled,
    newChecks,
    ...browserTimers,
    haBackup: (master) => {
      masterTabBadge.listen();
      return findHaBackup(master, {
        // The master's HA settings, read (GET: no page token) with the master's own login.
        clientFor: (origin) => clientFor(origin, null, 'ha-backup'),
        enabledFirewalls: enabledFirewallOrigins,
        namedBackup: async (origin) => (await loadOptions()).haBackup[origin] ?? null,
        notePair: noteHaPair,
        now: () => Date.now(),
      });
    },
    backupUnknown: (tabId, master, syncAddress) =>
      masterTabBadge.backupUnknown(tabId, master, syncAddress),
    restarts: restartFollower,
    now: () => Date.now(),
  }),
);

const watch = createWatch({
  alarms: browser.alarms,
  loadOptions,
  enabledOrigins: enabledOriginTest,
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
browser.runtime.onInstalled.addListener(({ reason }) => {
  void openWelcomeOnInstall(reason, {
    openTab: (url) => browser.tabs.create({ url }),
    pageUrl: (path) => browser.runtime.getURL(path),
  });
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
  if (alarm.name === RESTART_FOLLOW_ALARM) void resumed.then(() => restartFollower.resume());
});
browser.tabs.onRemoved.addListener((tabId) => {
  newChecks.forget(tabId);
  masterTabBadge.tabClosed(tabId);
  void tabClosed(tabId, runner);
});

void sync();
void syncWatch();
void persistMigratedOptions().catch(() => undefined);
