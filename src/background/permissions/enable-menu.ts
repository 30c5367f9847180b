/**
 * "Enable on this firewall" in the toolbar icon's context menu.
 *
 * Not webext-permission-toggle: it requests the exact origin with its port, which Firefox
 * ignores (https://bugzil.la/1362809) — OPNsense GUIs often run on :8443 — and it mixes the
 * `chrome.*` namespace into a `browser.*` code base.
 */
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { parseFirewallAddress } from '../../shared/origins.ts';

export const MENU_ID = 'hrg-enable-firewall';

export function registerEnableMenu(title: string): void {
  browser.contextMenus.removeAll().then(
    () => {
      browser.contextMenus.create({ id: MENU_ID, title, contexts: ['action'] });
    },
    () => undefined,
  );
}

export function onEnableMenuClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): void {
  if (info.menuItemId !== MENU_ID || !tab?.url) return;
  const address = parseFirewallAddress(tab.url);
  if (!address) return;
  // Must be called synchronously in the click handler: both browsers require a user gesture.
  void browser.permissions.request({ origins: [address.permissionPattern] }).then((granted) => {
    if (granted && tab.id !== undefined) void browser.tabs.reload(tab.id);
  });
}
