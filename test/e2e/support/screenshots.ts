/** Screenshots of each state, written to test-results/screenshots for people to look at. */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path });
  return path;
}

/** One element only: a part of a page that shows the same however the rest of the page looks. */
export async function elementScreenshot(element: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await element.screenshot({ path });
  return path;
}
