/**
 * How the options page changes the stored options, pure: each edit is applied to what storage
 * holds at the moment of saving (another tab or the background may have written since the page
 * loaded), and the page never holds a secret to write back.
 */
import type { FirewallAuthSetting, Options, WatchSetting } from '../shared/options-storage.ts';

/** Turns a firewall's watch on (with its interval) or off (`null`: the entry goes). */
export function withWatch(options: Options, origin: string, watch: WatchSetting | null): Options {
  const rest = Object.fromEntries(Object.entries(options.watch).filter(([key]) => key !== origin));
  return { ...options, watch: watch === null ? rest : { ...rest, [origin]: watch } };
}

/**
 * Stores how the extension authenticates to a firewall. Back to the browser session, its watch
 * goes too: the watch only ever runs with an API key, and a stored watch the background skips
 * would show as "on" nowhere and surprise the admin the next time a key is entered.
 */
export function withAuth(options: Options, origin: string, auth: FirewallAuthSetting): Options {
  const next = { ...options, auth: { ...options.auth, [origin]: auth } };
  return auth.kind === 'api-key' ? next : withWatch(next, origin, null);
}

/** A newly enabled firewall starts with the browser session; a known one keeps its setting. */
export function withFirewallAdded(options: Options, origin: string): Options {
  if (Object.hasOwn(options.auth, origin)) return options;
  return { ...options, auth: { ...options.auth, [origin]: { kind: 'session' } } };
}

/** Names an HA master's backup among the enabled firewalls (`null`: found from the sync address). */
export function withHaBackup(options: Options, master: string, backup: string | null): Options {
  const rest = Object.fromEntries(
    Object.entries(options.haBackup).filter(([key]) => key !== master),
  );
  return {
    ...options,
    haBackup: backup === null || backup === master ? rest : { ...rest, [master]: backup },
  };
}
