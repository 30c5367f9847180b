/**
 * What an admin does in the (stand-in) OPNsense GUI and in the extension's own pages, as
 * puppeteer steps for Firefox (WebDriver BiDi), and how the tests read what the extension shows.
 * Every click first brings its tab to the front: a background tab gets no animation frames, and
 * puppeteer's locators wait for one before they click.
 * The panel is an open shadow root on `#haproxy-reload-guard`; `>>>` pierces it.
 */
import { mkdirSync } from 'node:fs';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { FirefoxWithExtension } from '../support/firefox.ts';
import { waitFor } from '../../support/wait.ts';

export const PANEL_HOST = '#haproxy-reload-guard';
export const OPTIONS_PAGE = 'src/options/index.html';

/** The extension APIs as an extension page sees them, for code evaluated in that page. */
declare const browser: {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  storage: { session: { get(key: null): Promise<Record<string, unknown>> } };
  permissions: { getAll(): Promise<{ origins?: string[] }> };
};

/**
 * Opens a firewall URL the way an admin does the first time. Firefox refuses the self-signed
 * certificate: `goto` rejects and the tab shows about:certerror, whose buttons live in the shadow
 * root of its error card. "Advanced…" reveals "Accept the Risk and Continue", which Firefox
 * enables only after a short delay and which ignores synthetic clicks: a real pointer click
 * once it is enabled. The exception is kept in the profile. Resolves to whether it warned.
 */
export async function gotoAcceptingCertificate(page: Page, url: string): Promise<boolean> {
  try {
    await page.goto(url);
    return false;
  } catch (error) {
    if (!(error instanceof Error) || !/NS_ERROR|SEC_ERROR|certerror/i.test(error.message)) {
      throw error;
    }
  }
  await acceptCertificateWarning(page);
  return true;
}

/**
 * Clicks through Firefox's certificate error page that the tab shows now. The error card renders
 * after the page's load, and a click on "Advanced…" that lands before it is wired does nothing,
 * so it is clicked again until the accept button shows, then that one once it is enabled.
 */
export async function acceptCertificateWarning(page: Page): Promise<void> {
  await page.bringToFront();
  const accept = await waitFor(
    async () => {
      const button = await page.$('>>> #exception-button');
      if (button === null) await (await page.$('>>> #advanced-button'))?.click();
      const enabled = await button?.evaluate(
        (element) =>
          !(element as HTMLButtonElement).disabled && element.getBoundingClientRect().height > 0,
      );
      return { button, enabled };
    },
    {
      until: (seen): seen is { button: ElementHandle; enabled: true } => seen.enabled === true,
      what: 'the certificate warning to offer its enabled accept button',
      timeoutMs: 30_000,
      intervalMs: 250,
    },
  );
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), accept.button.click()]);
}

export async function logIn(
  page: Page,
  baseUrl: string,
  user: string,
  password: string,
): Promise<void> {
  await gotoAcceptingCertificate(page, `${baseUrl}/`);
  await page.locator('input[name="usernamefld"]').fill(user);
  await page.locator('input[name="passwordfld"]').fill(password);
  await Promise.all([page.waitForNavigation(), page.locator('[type="submit"]').click()]);
}

/**
 * Loads the HAProxy settings page afresh (a new document, so registered content scripts run).
 * Use a grid tab such as `#users`: the common Apply button is hidden on the others.
 */
export async function openHaproxyPage(page: Page, baseUrl: string, hash: string): Promise<void> {
  const url = `${baseUrl}/ui/haproxy${hash}`;
  // Going to the URL the tab already shows only moves to the fragment, without a new document.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.waitForSelector('#reconfigureAct-common');
}

/** Clicks Apply and waits until the page has reloaded itself (as OPNsense does after "ok"). */
export async function applyAndWaitForReload(page: Page): Promise<void> {
  await page.bringToFront();
  await Promise.all([
    page.waitForNavigation({ timeout: 60_000, waitUntil: 'load' }),
    page.locator('#reconfigureAct-common').click(),
  ]);
}

export interface PanelState {
  readonly role: string | null;
  readonly text: string;
  /** `tr[data-pid]` rows: pid → data-role. */
  readonly rows: Readonly<Record<string, string>>;
}

/** What the panel shows now, or null when there is no panel on the page. */
export async function readPanel(page: Page): Promise<PanelState | null> {
  return page.evaluate((host) => {
    const section = document.querySelector(host)?.shadowRoot?.querySelector('section');
    if (!section) return null;
    const rows: Record<string, string> = {};
    for (const row of section.querySelectorAll('tr[data-pid]')) {
      rows[row.getAttribute('data-pid') ?? ''] = row.getAttribute('data-role') ?? '';
    }
    return { role: section.getAttribute('role'), text: section.innerText, rows };
  }, PANEL_HOST);
}

/** Waits until the panel's text matches, and returns what it shows then. */
export async function waitForPanelText(
  page: Page,
  text: RegExp,
  timeout = 60_000,
): Promise<PanelState> {
  return waitFor(() => readPanel(page), {
    // search(), not test(): a /g pattern's lastIndex would carry over between probes.
    until: (panel): panel is PanelState => panel !== null && panel.text.search(text) !== -1,
    what: `the panel to show ${String(text)}`,
    timeoutMs: timeout,
    intervalMs: 250,
  });
}

/** Clicks the panel button whose text matches `name` (a real click, through the shadow root). */
export async function clickPanelButton(page: Page, name: RegExp): Promise<void> {
  await page.bringToFront();
  const buttons = await page.$$(`${PANEL_HOST} >>> section button`);
  const texts = await Promise.all(
    buttons.map((button) => button.evaluate((element) => element.textContent.trim())),
  );
  const index = texts.findIndex((text) => name.test(text));
  const button = buttons[index];
  if (!button) throw new Error(`no panel button ${String(name)} among ${JSON.stringify(texts)}`);
  await button.click();
}

/**
 * Whether the main-world page observer ran on this page load: it hooks the page's jQuery
 * `ajaxComplete`, which the stand-in's own scripts never do. Registered at `document_end`, so it
 * has run (or not) by the time the page has loaded.
 */
export async function pageObserverHooked(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const jquery = (
      window as unknown as {
        jQuery?: { _data(target: Document, key: string): Record<string, unknown> | undefined };
      }
    ).jQuery;
    return jquery?._data(document, 'events')?.ajaxComplete !== undefined;
  });
}

/** The `matches` of the extension's registered content scripts, read from an extension page. */
export async function registeredMatches(extensionPage: Page): Promise<Record<string, string[]>> {
  return extensionPage.evaluate(async () => {
    const scripts = await browser.scripting.getRegisteredContentScripts();
    return Object.fromEntries(scripts.map((script) => [script.id, script.matches ?? []]));
  });
}

/** The origins of the checks the background has stored (storage.session). */
export async function storedCheckOrigins(extensionPage: Page): Promise<string[]> {
  return extensionPage.evaluate(async () => {
    const all = await browser.storage.session.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith('check:'))
      .map(([, value]) => (value as { origin: string }).origin);
  });
}

export async function grantedOrigins(extensionPage: Page): Promise<string[]> {
  return extensionPage.evaluate(async () => (await browser.permissions.getAll()).origins ?? []);
}

/**
 * Enables the extension on a firewall the way an admin does: the options page, the address in
 * `#address`, a real click on "Enable". Resolves once the content scripts are registered for it.
 */
export async function enableFromOptionsPage(
  firefox: FirefoxWithExtension,
  firewallUrl: string,
): Promise<Page> {
  const options = await firefox.openExtensionPage(OPTIONS_PAGE, '#address');
  await options.bringToFront();
  await options.locator('#address').fill(firewallUrl);
  await options.locator('form button[type="submit"]').click();
  const pattern = `${new URL(firewallUrl).protocol}//${new URL(firewallUrl).hostname}/ui/haproxy`;
  await waitFor(() => registeredMatches(options), {
    until: (matches) =>
      Object.values(matches).every((list) => list.includes(pattern)) &&
      Object.keys(matches).length === 2,
    what: `content scripts registered for ${pattern}`,
    timeoutMs: 15_000,
  });
  return options;
}

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/firefox-${name}.png` });
}
