/**
 * Whether the admin grants the extension a firewall: the one test, asked before every look, every
 * relayed request and every message acted on. Host permissions are the record of what the admin
 * enabled; they can be revoked at any time in the browser's own settings.
 */
import browser from 'webextension-polyfill';
import { enabledFirewalls } from '../../shared/enabled-firewalls.ts';
import { loadHaPairs } from '../../shared/ha-pairs.ts';
import { loadLastLooks } from '../../shared/last-look.ts';
import { loadHistory, loadOptions } from '../../shared/options-storage.ts';
import { patternCoversOrigin } from '../../shared/origins.ts';

/** A test over the origins granted now, for callers that ask about many at once (the watch). */
export async function enabledOriginTest(): Promise<(origin: string) => boolean> {
  const { origins = [] } = await browser.permissions.getAll();
  return (origin) => origins.some((pattern) => patternCoversOrigin(pattern, origin));
}

export async function isOriginEnabled(origin: string): Promise<boolean> {
  return (await enabledOriginTest())(origin);
}

/** The enabled firewalls whose address the extension knows: those the options page has cards for. */
export async function enabledFirewallOrigins(): Promise<string[]> {
  const [{ origins = [] }, options, lastLooks, history, haPairs] = await Promise.all([
    browser.permissions.getAll(),
    loadOptions(),
    loadLastLooks(),
    loadHistory(),
    loadHaPairs(),
  ]);
  return enabledFirewalls({
    grantedPatterns: origins,
    known: [
      ...Object.keys(options.auth),
      ...Object.keys(options.watch),
      ...Object.keys(lastLooks),
      ...history.map((entry) => entry.origin),
      ...Object.keys(haPairs),
    ],
  });
}
