/**
 * One handler map for every message the background accepts. Content messages are obeyed only
 * from our own content script in the top frame of an enabled firewall's HAProxy page; a check is
 * found by the sender's tab and firewall together, and acted on only by its own tab (or an
 * extension page), as check-access.ts decides.
 */
import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import { isHaproxyPageUrl } from '../../opnsense/selectors.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import type { ContentMessage, ExtensionPageMessage, TabSummary } from '../../shared/messages.ts';
import { loadHistory } from '../../shared/options-storage.ts';
import { webOriginOf } from '../../shared/origins.ts';
import { isOriginEnabled } from '../permissions/enabled-origins.ts';
import {
  mayRestart,
  mayStart,
  requesterOwnsCheck,
  type Requester,
} from '../checks/check-access.ts';
import type { RateLimiter } from '../../shared/rate-limit.ts';
import type { CheckRunner } from '../checks/check-runner.ts';
import { ContentMessageSchema, ExtensionPageMessageSchema } from './message-schemas.ts';

export interface MessengerDeps {
  readonly runner: CheckRunner;
  /** Settles once the checks stored before a service-worker restart are back in the runner. */
  readonly ready: Promise<void>;
  /** Shows a tab's check on the toolbar badge. */
  showBadge(tabId: number, check: CheckRecord | null): Promise<void>;
  /** New checks per tab (check-rate-limit.ts). */
  readonly newChecks: RateLimiter<number>;
  /** Opens a firewall's GUI in a tab so the admin can accept its certificate (gui-opener.ts). */
  openGui(origin: string, checkTabId: number | null): Promise<void>;
  /**
   * What a HAProxy page that just loaded shows (page-open.ts): its own check, one made where no
   * panel runs, or a fresh look. Without it, the tab's own check only.
   */
  pageOpened?(tabId: number, origin: string): Promise<CheckRecord | null>;
}

export function createMessenger(deps: MessengerDeps) {
  const { runner } = deps;

  /** A new check for a tab, unless that tab started too many just now. */
  async function begin(origin: string, tabId: number, trigger: CheckRecord['trigger']) {
    if (!deps.newChecks.tryAcquire(tabId)) return null;
    return runner.begin(origin, tabId, trigger);
  }

  async function fromContent(
    message: ContentMessage,
    tabId: number,
    origin: string,
  ): Promise<unknown> {
    const requester: Requester = { kind: 'tab', tabId, origin };
    switch (message.type) {
      case 'content-ready': {
        const own = await runner.tabReloaded(tabId, origin);
        const check = deps.pageOpened ? await deps.pageOpened(tabId, origin) : own;
        // Chrome resets a tab's badge when the tab navigates, and Apply reloads the page.
        await deps.showBadge(tabId, check);
        return check;
      }
      case 'action-clicked':
        await begin(origin, tabId, message.trigger);
        return null;
      case 'page-outcome':
        await runner.pageOutcome(tabId, origin, message.outcome);
        return null;
      case 'check-now':
        await begin(origin, tabId, 'manual');
        return null;
      case 'remediate': {
        const check = runner.get(message.checkId);
        if (!check || !mayRestart(requester, check)) return false;
        return runner.remediate(message.checkId, message.csrfToken);
      }
      case 'start-haproxy': {
        const check = runner.get(message.checkId);
        if (!check || !mayStart(requester, check)) return false;
        return runner.startHaproxy(message.checkId, message.csrfToken);
      }
      case 'dismiss': {
        const check = runner.get(message.checkId);
        if (!check || !requesterOwnsCheck(requester, check)) return null;
        await runner.dismiss(message.checkId);
        return null;
      }
      case 'open-gui': {
        const check = runner.get(message.checkId);
        if (!check || !requesterOwnsCheck(requester, check)) return null;
        await deps.openGui(origin, tabId);
        return null;
      }
    }
  }

  async function fromExtensionPage(message: ExtensionPageMessage): Promise<unknown> {
    const tab = await browser.tabs.get(message.tabId).catch(() => null);
    const origin = webOriginOf(tab?.url);
    switch (message.type) {
      case 'tab-summary': {
        const enabled = origin !== null && (await isOriginEnabled(origin));
        // The tab's own check for the firewall it shows now, else that firewall's newest.
        const check: CheckRecord | null = origin
          ? (runner.forTab(message.tabId, origin) ?? runner.forOrigin(origin))
          : null;
        const history = origin
          ? (await loadHistory()).filter((entry) => entry.origin === origin)
          : [];
        const summary: TabSummary = {
          url: tab?.url ?? null,
          origin,
          enabled,
          haproxyPage: isHaproxyPageUrl(tab?.url),
          check,
          lastHistory: history.at(-1) ?? null,
        };
        return summary;
      }
      case 'check-now-for-tab': {
        if (!origin || !(await isOriginEnabled(origin))) return null;
        return begin(origin, message.tabId, 'manual');
      }
      case 'start-for-tab': {
        if (!origin || !(await isOriginEnabled(origin))) return false;
        const check = runner.forTab(message.tabId, origin) ?? runner.forOrigin(origin);
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
    const origin = webOriginOf(sender.url);
    if (!parsed.success || tabId === undefined || origin === null) return undefined;
    // Our scripts run in the top frame only; a message from a frame is not from them.
    if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
    if (!isHaproxyPageUrl(sender.url)) return undefined;
    return deps.ready
      .then(() => isOriginEnabled(origin))
      .then((enabled) => (enabled ? fromContent(parsed.output, tabId, origin) : null));
  };
}
