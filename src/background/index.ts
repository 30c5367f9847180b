/**
 * Background entry: wires the parts, nothing else. Message handling is in messenger.ts, the check
 * flow in check-runner.ts, content-script registration in content-registration.ts.
 */
import browser from 'webextension-polyfill';
import contentScript from '../content/content-script.ts?script&iife';
import pageObserver from '../content/page-observer.ts?script&iife';
import { createOpnsenseClient } from '../opnsense/client.ts';
import { requestAuthFor } from '../shared/firewall-auth.ts';
import { appendHistory, loadOptions, persistMigratedOptions } from '../shared/options-storage.ts';
import { forgetRevokedFirewalls } from '../shared/revoked-firewalls.ts';
import { showBadge } from './badge.ts';
import { createRateLimiter } from './check-rate-limit.ts';
import { CheckRunner } from './check-runner.ts';
import { forgetCheck, loadChecks, storeCheck } from './check-store.ts';
import { csrfTokenFromTabs, tabsShowingOrigin } from './csrf-from-tab.ts';
import { createContentScriptSync } from './content-registration.ts';
import { onEnableMenuClicked, registerEnableMenu } from './enable-menu.ts';
import { historyEntryFor } from './history-entry.ts';
import { keepAwakeWhileChecking } from './keep-awake.ts';
import { createGuiOpener } from './gui-opener.ts';
import { createMessenger, isOriginEnabled } from './messenger.ts';
import { restrictToTrustedContexts } from './storage-access.ts';
import { tabShowsOrigin } from './tab-delivery.ts';
import { createJournalStore } from './remediation-journal.ts';
import { createBrowserTransport } from './transport/index.ts';

const files = { content: contentScript, pageObserver };
const transport = createBrowserTransport();
const journal = createJournalStore(browser.storage.local);

// API secrets live in storage.local; content scripts have no business there.
void restrictToTrustedContexts(browser.storage.local);

const runner = new CheckRunner({
  async clientFor(origin, csrfToken) {
    const options = await loadOptions();
    return createOpnsenseClient({
      origin,
      auth: requestAuthFor(origin, options.auth[origin], csrfToken),
      fetch: transport,
    });
  },
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  async publish(record) {
    await storeCheck(record);
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
    await appendHistory(historyEntryFor(record));
  },
  defaultDrainWindowMs: async () => (await loadOptions()).defaultDrainWindowMs,
  newId: () => crypto.randomUUID(),
  forget: forgetCheck,
  stillEnabled: isOriginEnabled,
  journal,
  csrfTokenFor: csrfTokenFromTabs,
});
const newChecks = createRateLimiter<number>({ now: () => Date.now() });

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
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  setRepeating: (callback, periodMs) => setInterval(callback, periodMs),
  clearRepeating: (handle) => {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
});
browser.runtime.onMessage.addListener(
  createMessenger({
    runner,
    ready: resumed,
    showBadge,
    newChecks,
    openGui: (origin, tabId) => guiOpener.open(origin, tabId),
  }),
);

const syncScripts = createContentScriptSync(browser.scripting, browser.permissions, files);
const sync = () =>
  syncScripts().catch((error: unknown) => {
    console.error('HAProxy Reload Guard: could not register the content scripts', error);
  });
browser.permissions.onAdded.addListener(() => void sync());
browser.permissions.onRemoved.addListener(() => {
  void sync();
  void resumed.then(forgetRevoked);
});
browser.runtime.onInstalled.addListener(() => {
  registerEnableMenu(browser.i18n.getMessage('contextMenuToggle'));
  void sync();
});
browser.runtime.onStartup.addListener(() => void sync());
browser.contextMenus.onClicked.addListener(onEnableMenuClicked);
// The alarm only wakes a stopped worker; waking runs this file, which resumes the stored checks.
browser.alarms.onAlarm.addListener(() => {
  void resumed.then(() => keepAwakeWhileChecking(runner.all()));
});
browser.tabs.onRemoved.addListener((tabId) => {
  newChecks.forget(tabId);
  for (const record of runner.all()) {
    if (record.tabId === tabId && record.phase === 'done') void runner.dismiss(record.id);
  }
});

void sync();
void persistMigratedOptions().catch(() => undefined);
