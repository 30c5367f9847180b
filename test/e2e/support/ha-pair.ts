/**
 * Driving an HA pair of stand-ins through the master's Status › High Availability page, as an
 * admin does (test/sim/README.md "HA pair"), and showing what the toolbar holds for a tab.
 */
import type { Page } from 'playwright-core';
import type { SimPair } from '../../sim/index.ts';

/** The master's HA page for its version: 25.x's MVC page or 24.x's legacy one. */
export function haStatusPath(pair: SimPair): string {
  return pair.master.opnsenseVersion.startsWith('24.')
    ? '/status_habackup.php'
    : '/ui/core/hasync_status';
}

/** The haproxy row's "Synchronize and Restart" on either page. */
export const SYNC_AND_RESTART =
  '[data-service_action="restart"][data-service_name="haproxy"], #grid_services tr[data-row-id="haproxy"] [data-service_action="restart"]';

/**
 * Clicks "Synchronize and Restart" for haproxy and waits for the request that restarts it on the
 * backup to be answered (25.x: `restart/haproxy/`; 24.x: the form post `action=restart`).
 */
export async function synchronizeAndRestart(page: Page): Promise<void> {
  const answered = page.waitForResponse(
    (response) => {
      const request = response.request();
      if (request.method() !== 'POST') return false;
      const path = new URL(response.url()).pathname;
      if (path === '/api/core/hasync_status/restart/haproxy/') return true;
      return (
        path === '/status_habackup.php' &&
        new URLSearchParams(request.postData() ?? '').get('action') === 'restart'
      );
    },
    { timeout: 60_000 },
  );
  await page.locator(SYNC_AND_RESTART).first().click();
  await answered;
}

/**
 * Headless Chromium has no toolbar: the badge and tooltip the extension set for the tab (read
 * back from the browser with `action.getBadgeText`/`getTitle`) are drawn in the page's top right
 * corner, over the page, for the screenshot only.
 */
export async function drawToolbarBadge(
  page: Page,
  badge: { readonly text: string; readonly title: string; readonly iconUrl: string },
): Promise<void> {
  await page.evaluate((shown) => {
    const box = document.createElement('div');
    box.setAttribute(
      'style',
      'position:fixed;top:58px;right:8px;z-index:99999;display:flex;gap:8px;align-items:flex-start;' +
        'font:12px system-ui,sans-serif;max-width:420px',
    );
    const tip = document.createElement('div');
    tip.setAttribute(
      'style',
      'background:#fffbe6;border:1px solid #999;border-radius:3px;padding:4px 6px;color:#222;' +
        'box-shadow:0 1px 3px rgba(0,0,0,.3)',
    );
    tip.textContent = shown.title;
    const icon = document.createElement('div');
    icon.setAttribute('style', 'position:relative;width:32px;height:32px;flex:none');
    const img = document.createElement('img');
    img.src = shown.iconUrl;
    img.setAttribute('style', 'width:32px;height:32px');
    const text = document.createElement('span');
    text.textContent = shown.text;
    text.setAttribute(
      'style',
      'position:absolute;right:-6px;bottom:-4px;background:#c62828;color:#fff;border-radius:3px;' +
        'padding:0 3px;font-weight:700;font-size:11px;line-height:14px',
    );
    icon.append(img, text);
    box.append(tip, icon);
    document.body.append(box);
  }, badge);
}
