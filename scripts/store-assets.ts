/**
 * `npm run store-assets`: the store images, made from the real extension against the stand-in
 * OPNsense and real haproxy, in each listing language: the orphan warning with its restart
 * button, the verified restart, the options card, the popup (1280×800, the size both stores
 * take), and Chrome's small promotional tile (440×280). Written to store/images/ (see
 * store/README.md). Needs `npm run build:e2e` first (the npm script runs it).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startSim, type Sim } from '../test/sim/index.ts';
import {
  launchChromiumWithExtension,
  type ExtensionBrowser,
} from '../test/e2e/support/chromium.ts';
import {
  PANEL_HOST,
  addUserInGui,
  applyAndWaitForReload,
  gotoAcceptingCertificate,
  logInAndOpenHaproxy,
} from '../test/e2e/support/opnsense-page.ts';

const OUTPUT = 'store/images';
const LANGUAGES = ['en', 'zh_CN', 'de'] as const;
type Language = (typeof LANGUAGES)[number];
const SCREEN = { width: 1280, height: 800 } as const;
const TILE = { width: 440, height: 280 } as const;

let sim: Sim | null = null;
let browser: ExtensionBrowser | null = null;

async function cleanUp(): Promise<void> {
  await browser?.close();
  browser = null;
  await sim?.stop();
  sim = null;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().then(() => process.exit(130));
  });
}

function message(language: Language, key: string): string {
  const catalogue = JSON.parse(
    readFileSync(`public/_locales/${language}/messages.json`, 'utf8'),
  ) as Record<string, { message: string } | undefined>;
  const entry = catalogue[key];
  if (!entry) throw new Error(`no message ${key} in ${language}`);
  return entry.message;
}

/** Fails unless the panel speaks `language`: a browser that ignored `--lang` shows English. */
async function expectLanguage(page: Page, language: Language, key: string): Promise<void> {
  const expected = message(language, key);
  const shown = await page.locator(`${PANEL_HOST} section`).innerText();
  if (!shown.includes(expected)) {
    throw new Error(`the panel is not in ${language}: "${expected}" missing from "${shown}"`);
  }
}

async function shoot(page: Page, language: Language, name: string): Promise<void> {
  const path = `${OUTPUT}/${language}/${name}.png`;
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
}

/** The popup next to the page it speaks about, as it opens under the toolbar icon. */
async function popupOverPage(
  opened: ExtensionBrowser,
  firewallPage: Page,
  language: Language,
): Promise<void> {
  const pageImage = await firewallPage.screenshot();
  const popup = await opened.context.newPage();
  await firewallPage.bringToFront();
  await popup.goto(opened.extensionUrl('src/popup/index.html'));
  await popup.locator('[data-testid="popup-processes"]').waitFor();
  const popupImage = await popup.locator('body').screenshot();
  await popup.close();
  const canvas = await opened.context.newPage();
  await canvas.setViewportSize(SCREEN);
  await canvas.setContent(`<!doctype html><html><body style="margin:0;position:relative;width:${SCREEN.width}px;height:${SCREEN.height}px;overflow:hidden">
    <img src="data:image/png;base64,${pageImage.toString('base64')}" style="position:absolute;inset:0;filter:brightness(.85)">
    <img src="data:image/png;base64,${popupImage.toString('base64')}" style="position:absolute;top:8px;right:16px;border:1px solid #bbb;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.35)">
  </body></html>`);
  await shoot(canvas, language, '4-popup');
  await canvas.close();
}

async function optionsCard(opened: ExtensionBrowser, running: Sim, language: Language) {
  const page = await opened.context.newPage();
  await page.setViewportSize(SCREEN);
  await page.goto(opened.extensionUrl('src/options/index.html'));
  await page.fill('#address', running.url);
  await page.locator('form button[type="submit"]').click();
  const card = page.locator(`[data-testid="firewall-card"][data-origin="${running.url}"]`);
  await card.waitFor();
  await card.locator('input[type="radio"]').nth(1).check();
  await card.locator('input[type="text"]').first().fill(running.credentials.apiKey.key);
  await card.locator('input[type="password"]').first().fill(running.credentials.apiKey.secret);
  await card.locator('fieldset > button').last().click();
  await card.getByTestId('card-saved').waitFor();
  const toggle = card.getByTestId('watch-toggle');
  await toggle.click();
  // The card's last look is the verified restart's (less than 10 minutes ago).
  await card.locator('[data-testid="watch-toggle"]:checked').waitFor();
  // The test build is granted the loopback hosts at install; no admin's browser lists them.
  await page.addStyleTag({ content: '[data-testid="address-unknown"] { display: none; }' });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await shoot(page, language, '3-options');
  await page.close();
}

async function languageImages(language: Language): Promise<void> {
  mkdirSync(`${OUTPUT}/${language}`, { recursive: true });
  sim = await startSim({ users: ['user0'], faults: { orphanOnReload: true } });
  browser = await launchChromiumWithExtension('dist/chrome-e2e', { language });
  const page = await browser.context.newPage();
  await page.setViewportSize(SCREEN);
  await logInAndOpenHaproxy(page, sim.url, sim.credentials.admin);
  for (const name of ['user1', 'user2']) await addUserInGui(page, name);
  await applyAndWaitForReload(page);
  const warning = page.locator(`${PANEL_HOST} section[role="alert"]`);
  await warning.locator('tr[data-role="orphan"]').waitFor({ timeout: 60_000 });
  await expectLanguage(page, language, 'duplicateTitle');
  await shoot(page, language, '1-orphan-warning');
  await popupOverPage(browser, page, language);

  await warning.locator('button.primary').click();
  // The verified restart is a confirmation that hides itself after a few seconds: shot at once.
  await page
    .locator(`${PANEL_HOST} section[data-tone="ok"]`)
    .waitFor({ state: 'visible', timeout: 120_000 });
  await shoot(page, language, '2-restart-verified');
  await page.close();

  await gotoAcceptingCertificate(await browser.context.newPage(), sim.url);
  await optionsCard(browser, sim, language);
  await cleanUp();
}

/** Chrome's small promotional tile: the icon, the name and what it does, in `language`. */
async function tile(language: Language): Promise<void> {
  const opened = await launchChromiumWithExtension('dist/chrome-e2e', { language });
  browser = opened;
  const page = await opened.context.newPage();
  await page.setViewportSize(TILE);
  const icon = readFileSync('public/icons/icon-128.png').toString('base64');
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  await page.setContent(`<!doctype html><html><body style="margin:0;width:${TILE.width}px;height:${TILE.height}px;box-sizing:border-box;padding:28px;
      background:linear-gradient(135deg,#2b2b2b,#3d3d3d);color:#fff;font-family:'Noto Sans','Noto Sans CJK SC','DejaVu Sans',sans-serif;display:flex;flex-direction:column;justify-content:center;gap:14px">
    <div style="display:flex;align-items:center;gap:16px">
      <img src="data:image/png;base64,${icon}" width="72" height="72">
      <div style="font-size:28px;font-weight:700;line-height:1.15">${escape(message(language, 'extName'))}</div>
    </div>
    <div style="font-size:16px;line-height:1.4;color:#f0f0f0">${escape(message(language, 'extDescription'))}</div>
    <div style="height:4px;background:#d94f00;border-radius:2px"></div>
  </body></html>`);
  await shoot(page, language, 'tile-440x280');
  await cleanUp();
}

try {
  for (const language of LANGUAGES) {
    await languageImages(language);
    await tile(language);
  }
} finally {
  await cleanUp();
}
