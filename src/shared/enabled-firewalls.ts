/**
 * Which firewalls are enabled: the origins (scheme, host, port) the extension knows an address of
 * (a setting, a look, a history entry) and that a granted host permission still covers. Pure: the
 * options page gives each a card, and the HA follower looks for a master's backup among them.
 */
import { patternCoversOrigin, webOriginOf } from './origins.ts';

export interface KnownFirewalls {
  /** `permissions.getAll().origins`. */
  readonly grantedPatterns: readonly string[];
  /** Origins named in stored settings, last looks and history, in any order, repeats allowed. */
  readonly known: readonly string[];
}

export function enabledFirewalls({ grantedPatterns, known }: KnownFirewalls): string[] {
  // Keys come from storage: only a bare http(s) origin names a firewall (not `__proto__`, not a
  // URL with a path), and only one the admin still grants access to.
  return [...new Set(known)]
    .filter((origin) => webOriginOf(origin) === origin)
    .filter((origin) => grantedPatterns.some((pattern) => patternCoversOrigin(pattern, origin)))
    .sort();
}
