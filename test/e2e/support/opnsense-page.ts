/**
 * What an admin does in the (stand-in) OPNsense GUI, as Playwright steps, and where the
 * extension's panel shows up. Locators pierce the panel's open shadow root.
 */
import type { Locator, Page } from 'playwright-core';

export const PANEL_HOST = '#haproxy-reload-guard';

/**
 * Opens a firewall URL the way an admin does the first time: Chromium refuses the self-signed
 * certificate (`goto` rejects with net::ERR_CERT_AUTHORITY_INVALID while its warning page is
 * shown), so click "Advanced", then "Proceed to … (unsafe)". Once accepted, Chromium remembers
 * the decision for this host and certificate, and later visits load directly. Resolves to
 * whether the browser warned.
 */
export async function gotoAcceptingCertificate(page: Page, url: string): Promise<boolean> {
  try {
    await page.goto(url);
    return false;
  } catch (error) {
    if (!(error instanceof Error) || !/ERR_CERT_/.test(error.message)) throw error;
  }
  await acceptCertificateWarning(page);
  return true;
}

/** Clicks through Chromium's certificate warning page that the tab shows now. */
export async function acceptCertificateWarning(page: Page): Promise<void> {
  await page.click('#details-button');
  await Promise.all([page.waitForEvent('load'), page.click('#proceed-link')]);
}

export async function logIn(
  page: Page,
  baseUrl: string,
  user: string,
  password: string,
): Promise<void> {
  await gotoAcceptingCertificate(page, `${baseUrl}/`);
  await page.fill('input[name="usernamefld"]', user);
  await page.fill('input[name="passwordfld"]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('[type="submit"]')]);
}

/** Opens the plugin page on a tab that has the common Apply (the Introduction tab has none). */
export async function openHaproxyPage(page: Page, baseUrl: string, hash = '#users'): Promise<void> {
  await page.goto(`${baseUrl}/ui/haproxy${hash}`);
  await page.waitForSelector('[id*="reconfigureAct"]', { state: 'attached' });
}

/** Clicks Apply and waits until the page has reloaded itself (as OPNsense does after "ok"). */
export async function applyAndWaitForReload(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', { timeout: 60_000 });
  // Like OPNsense, the common Apply is hidden on tabs with their own "Save and apply".
  await page.locator('[id*="reconfigureAct"]:visible').first().click();
  await reloaded;
  await page.waitForLoadState('load');
}

/**
 * An init script (`page.addInitScript`) that records in the page's own world whether the panel's
 * host was ever added to the document. The host exists only while something is shown
 * (src/content/panel-host.tsx), so "never added" means "never shown", however briefly. Read it
 * with `panelWasShown`; each new document starts at false.
 */
export const PANEL_SHOWN_PROBE = `
  window.__hrgPanelShown = false;
  new MutationObserver((_records, observer) => {
    if (document.querySelector(${JSON.stringify(PANEL_HOST)})) {
      window.__hrgPanelShown = true;
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

export function panelWasShown(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (window as unknown as { __hrgPanelShown?: boolean }).__hrgPanelShown === true,
  );
}

export function panel(page: Page): Locator {
  return page.locator(`${PANEL_HOST} section`);
}

export async function waitForPanelText(
  page: Page,
  text: string | RegExp,
  timeout = 60_000,
): Promise<Locator> {
  const section = panel(page).filter({ hasText: text });
  await section.waitFor({ state: 'visible', timeout });
  return section;
}

/** Waits for the panel to settle as an alert with this text (not the progress line of a retry). */
export async function waitForAlert(
  page: Page,
  text: string | RegExp,
  timeout = 60_000,
): Promise<Locator> {
  const section = page.locator(`${PANEL_HOST} section[role="alert"]`).filter({ hasText: text });
  await section.waitFor({ state: 'visible', timeout });
  return section;
}

/** Adds a userlist user in the Users tab, the way the admin in the bug report did (password `<name>-pass`). */
export async function addUserInGui(page: Page, name: string): Promise<void> {
  await page.fill('#users input[name="name"]', name);
  await page.fill('#users input[name="password"]', `${name}-pass`);
  await page.click('#addUserAct');
  await page.getByRole('cell', { name, exact: true }).waitFor();
}

/** Logs in with `user` and opens the HAProxy page: where every scenario starts. */
export async function logInAndOpenHaproxy(
  page: Page,
  baseUrl: string,
  user: { readonly user: string; readonly password: string },
): Promise<void> {
  await logIn(page, baseUrl, user.user, user.password);
  await openHaproxyPage(page, baseUrl);
}

export type ServiceAction = 'restart' | 'stop' | 'start';

/** The haproxy row's command button on System › Services (`/ui/core/service`). */
export function servicesPageButton(page: Page, action: ServiceAction): Locator {
  return page.locator(`#grid-services tr[data-row-id="haproxy"] .command-${action}`);
}

/** The haproxy row's button in the dashboard's services widget (`/`). */
export function dashboardWidgetButton(page: Page, action: ServiceAction): Locator {
  return page.locator(
    `#dashboard-services-widget tr[data-service-id="haproxy"] button[data-service-action="${action}"]`,
  );
}

/**
 * Clicks a service button of System › Services or the dashboard widget and waits for OPNsense's
 * answer to the POST it sends (`/api/core/service/<action>/haproxy`, docs/opnsense.md §4).
 */
export async function clickServiceAction(
  page: Page,
  button: Locator,
  action: ServiceAction,
): Promise<void> {
  const answered = page.waitForResponse(
    (response) =>
      response.request().method() === 'POST' &&
      new URL(response.url()).pathname === `/api/core/service/${action}/haproxy`,
    { timeout: 60_000 },
  );
  await button.click();
  await answered;
}
