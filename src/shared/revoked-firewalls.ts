/**
 * A firewall's settings go with its access: when the admin disables a firewall in the options,
 * or revokes the extension's access to it anywhere else (chrome://extensions › Site access,
 * about:addons › Permissions), its API key and secret are deleted from `storage.local` rather
 * than left behind for a host the extension no longer talks to; its watch is turned off.
 */
import browser, { type Permissions } from 'webextension-polyfill';
import {
  loadOptions,
  saveOptions,
  type FirewallAuthSetting,
  type Options,
} from './options-storage.ts';
import { patternCoversOrigin } from './origins.ts';

/** The per-firewall settings of the firewalls still covered by a granted pattern, and the rest. */
export function splitByGrant<Setting = FirewallAuthSetting>(
  auth: Readonly<Record<string, Setting>>,
  grantedPatterns: readonly string[],
): { kept: Record<string, Setting>; forgotten: string[] } {
  const kept: Record<string, Setting> = {};
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
  // The watch goes with the access too: it would only ever fail, or look at a host not granted.
  const watch = splitByGrant(options.watch, origins);
  // A master's named backup goes with the master's access (the backup's is checked when used).
  const haBackup = splitByGrant(options.haBackup, origins);
  if (forgotten.length > 0 || watch.forgotten.length > 0 || haBackup.forgotten.length > 0) {
    await deps.saveOptions({ ...options, auth: kept, watch: watch.kept, haBackup: haBackup.kept });
  }
  return [...new Set([...forgotten, ...watch.forgotten])];
}
