/** Screenshots of each state, written to test-results/screenshots for people to look at. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path });
  return path;
}
