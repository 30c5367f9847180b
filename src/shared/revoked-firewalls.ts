/**
 * A firewall's settings go with its access: when the admin disables a firewall in the options,
 * or revokes the extension's access to it anywhere else (chrome://extensions › Site access,
 * about:addons › Permissions), its API key and secret are deleted from `storage.local` rather
 * than left behind for a host the extension no longer talks to.
 */
import browser, { type Permissions } from 'webextension-polyfill';
import {
  loadOptions,
  saveOptions,
  type FirewallAuthSetting,
  type Options,
} from './options-storage.ts';
import { patternCoversOrigin } from './origins.ts';

/** The auth settings of the firewalls still covered by a granted pattern, and the rest. */
export function splitByGrant(
  auth: Readonly<Record<string, FirewallAuthSetting>>,
  grantedPatterns: readonly string[],
): { kept: Record<string, FirewallAuthSetting>; forgotten: string[] } {
  const kept: Record<string, FirewallAuthSetting> = {};
  const forgotten: string[] = [];
  for (const [origin, setting] of Object.entries(auth)) {
    if (grantedPatterns.some((pattern) => patternCoversOrigin(pattern, origin))) {
      kept[origin] = setting;
    } else {
      forgotten.push(origin);
    }
  }
  return { kept, forgotten };
}

export interface ForgetDeps {
  readonly permissions: Pick<Permissions.Static, 'getAll'>;
  loadOptions(): Promise<Options>;
  saveOptions(options: Options): Promise<void>;
}

/**
 * Deletes the auth settings of every firewall whose access is gone. Idempotent: run on every
 * revocation and at start-up (a revocation while the extension was disabled fires no event).
 * Returns the origins it forgot.
 */
export async function forgetRevokedFirewalls(
  deps: ForgetDeps = { permissions: browser.permissions, loadOptions, saveOptions },
): Promise<string[]> {
  const { origins = [] } = await deps.permissions.getAll();
  const options = await deps.loadOptions();
  const { kept, forgotten } = splitByGrant(options.auth, origins);
  if (forgotten.length > 0) await deps.saveOptions({ ...options, auth: kept });
  return forgotten;
}
