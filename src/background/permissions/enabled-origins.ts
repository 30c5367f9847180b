/**
 * Whether the admin grants the extension a firewall: the one test, asked before every look, every
 * relayed request and every message acted on. Host permissions are the record of what the admin
 * enabled; they can be revoked at any time in the browser's own settings.
 */
import browser from 'webextension-polyfill';
import { patternCoversOrigin } from '../../shared/origins.ts';

/** A test over the origins granted now, for callers that ask about many at once (the watch). */
export async function enabledOriginTest(): Promise<(origin: string) => boolean> {
  const { origins = [] } = await browser.permissions.getAll();
  return (origin) => origins.some((pattern) => patternCoversOrigin(pattern, origin));
}

export async function isOriginEnabled(origin: string): Promise<boolean> {
  return (await enabledOriginTest())(origin);
}
