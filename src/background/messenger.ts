/**
 * One handler map for every message the background accepts. Content messages are obeyed only
 * from our own content script on an enabled firewall's HAProxy page, and a check can only be
 * acted on from a page of the same firewall.
 */
import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import { HAPROXY_PAGE_PATH } from '../opnsense/selectors.ts';
import type { CheckRecord } from '../shared/check-state.ts';
import type { ContentMessage, ExtensionPageMessage, TabSummary } from '../shared/messages.ts';
import { loadHistory } from '../shared/options-storage.ts';
import { patternCoversOrigin } from '../shared/origins.ts';
import type { CheckRunner } from './check-runner.ts';
import { ContentMessageSchema, ExtensionPageMessageSchema } from './message-schemas.ts';

export interface MessengerDeps {
  readonly runner: CheckRunner;
  forgetCheck(id: string): Promise<void>;
  /** Settles once the checks stored before a service-worker restart are back in the runner. */
  readonly ready: Promise<void>;
  /** Shows a tab's check on the toolbar badge. */
  showBadge(tabId: number, check: CheckRecord | null): Promise<void>;
  /** Opens a firewall's GUI in a tab so the admin can accept its certificate (gui-opener.ts). */
  openGui(origin: string, checkTabId: number | null): Promise<void>;
}

export async function isOriginEnabled(origin: string): Promise<boolean> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins.some((pattern) => patternCoversOrigin(pattern, origin));
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function createMessenger(deps: MessengerDeps) {
  const { runner } = deps;

  async function fromContent(
    message: ContentMessage,
    tabId: number,
    origin: string,
  ): Promise<unknown> {
    switch (message.type) {
      case 'content-ready': {
        const check = await runner.tabReloaded(tabId, origin);
        // Chrome resets a tab's badge when the tab navigates, and Apply reloads the page.
        await deps.showBadge(tabId, check);
        return check;
      }
      case 'action-clicked':
        await runner.begin(origin, tabId, message.trigger);
        return null;
      case 'page-outcome':
        await runner.pageOutcome(tabId, message.outcome);
        return null;
      case 'check-now':
        await runner.begin(origin, tabId, 'manual');
        return null;
      case 'remediate': {
        const check = runner.get(message.checkId);
        if (check?.origin !== origin) return false;
        return runner.remediate(message.checkId, message.csrfToken);
      }
      case 'start-haproxy': {
        const check = runner.get(message.checkId);
        if (check?.origin !== origin) return false;
        return runner.startHaproxy(message.checkId, message.csrfToken);
      }
      case 'dismiss': {
        const check = runner.get(message.checkId);
        if (check?.origin !== origin) return null;
        await runner.dismiss(message.checkId);
        if (check.phase === 'done') await deps.forgetCheck(check.id);
        return null;
      }
      case 'open-gui': {
        const check = runner.get(message.checkId);
        if (check?.origin !== origin) return null;
        await deps.openGui(origin, tabId);
        return null;
      }
    }
  }

  async function fromExtensionPage(message: ExtensionPageMessage): Promise<unknown> {
    const tab = await browser.tabs.get(message.tabId).catch(() => null);
    const origin = originOf(tab?.url);
    switch (message.type) {
      case 'tab-summary': {
        const enabled = origin !== null && (await isOriginEnabled(origin));
        const check: CheckRecord | null =
          runner.forTab(message.tabId) ?? (origin ? runner.forOrigin(origin) : null);
        const history = origin
          ? (await loadHistory()).filter((entry) => entry.origin === origin)
          : [];
        const summary: TabSummary = {
          url: tab?.url ?? null,
          origin,
          enabled,
          haproxyPage: tab?.url ? HAPROXY_PAGE_PATH.test(new URL(tab.url).pathname) : false,
          check,
          lastHistory: history.at(-1) ?? null,
        };
        return summary;
      }
      case 'check-now-for-tab': {
        if (!origin || !(await isOriginEnabled(origin))) return null;
        return runner.begin(origin, message.tabId, 'manual');
      }
      case 'start-for-tab': {
        if (!origin || !(await isOriginEnabled(origin))) return false;
        const check = runner.forTab(message.tabId) ?? runner.forOrigin(origin);
        if (check?.origin !== origin) return false;
        // The popup has no page token: the runner asks the firewall's open HAProxy page.
        return runner.startHaproxy(check.id, null);
      }
      case 'open-gui-for-tab': {
        if (!origin || !(await isOriginEnabled(origin))) return null;
        await deps.openGui(origin, message.tabId);
        return null;
      }
    }
  }

  return (message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const extensionPage = sender.url?.startsWith(browser.runtime.getURL('')) ?? false;
    if (extensionPage) {
      const parsed = v.safeParse(ExtensionPageMessageSchema, message);
      return parsed.success ? deps.ready.then(() => fromExtensionPage(parsed.output)) : undefined;
    }
    const parsed = v.safeParse(ContentMessageSchema, message);
    const tabId = sender.tab?.id;
    const origin = originOf(sender.url);
    if (!parsed.success || tabId === undefined || origin === null) return undefined;
    if (!HAPROXY_PAGE_PATH.test(new URL(sender.url ?? '').pathname)) return undefined;
    return deps.ready
      .then(() => isOriginEnabled(origin))
      .then((enabled) => (enabled ? fromContent(parsed.output, tabId, origin) : null));
  };
}
