/**
 * Checks live in `storage.session`: they survive the service worker being stopped (Chrome) and the
 * page reloading itself after Apply, and are gone when the browser closes. Firefox content scripts
 * cannot read this area, so everything reaches them through the background.
 */
import browser from 'webextension-polyfill';
import type { CheckRecord } from '../../shared/check-state.ts';
import { parseCheckRecord } from '../../shared/check-state-schema.ts';

const KEY_PREFIX = 'check:';

export async function storeCheck(record: CheckRecord): Promise<void> {
  await browser.storage.session.set({ [KEY_PREFIX + record.id]: record });
}

export async function forgetCheck(id: string): Promise<void> {
  await browser.storage.session.remove(KEY_PREFIX + id);
}

/** The stored checks; one an older version left in another shape is dropped, never resumed. */
export async function loadChecks(): Promise<CheckRecord[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(KEY_PREFIX))
    .map(([, value]) => parseCheckRecord(value))
    .filter((record) => record !== null);
}
