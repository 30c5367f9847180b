/**
 * What the options page shows for each enabled firewall, from what storage and the browser hold.
 * Pure, so every rule of a card is tested with tables: which firewalls get a card, how each
 * authenticates, whether its watch can be turned on and why not, and its last check.
 *
 * A firewall is an origin (scheme, host and port: where the API calls go) covered by a granted
 * host permission. Access is granted per host, not per port (Firefox ignores ports in match
 * patterns, https://bugzil.la/1362809), so one grant can cover several firewalls, and a grant made
 * from the popup or the menu may cover none the extension knows the address of yet.
 */
import { authViewOf, type AuthView } from '../shared/firewall-auth.ts';
import type { HaPair } from '../shared/ha-pairs.ts';
import type { LastLook } from '../shared/last-look.ts';
import { DEFAULT_WATCH_INTERVAL_MINUTES, type Options } from '../shared/options-storage.ts';
import { enabledFirewalls } from '../shared/enabled-firewalls.ts';
import { patternCoversOrigin } from '../shared/origins.ts';
import { sendsInClear } from '../shared/transport-security.ts';
import type { MessageKey, Translate } from '../ui/i18n.ts';
import { triggerLabel } from '../ui/trigger-label.ts';
import { resultLabel } from '../ui/verdict-label.ts';

export interface CardSources {
  /** `permissions.getAll().origins`, http(s) patterns only. */
  readonly grantedPatterns: readonly string[];
  readonly options: Options;
  /** Origins named in the history (firewalls checked before any setting was saved for them). */
  readonly historyOrigins: readonly string[];
  readonly lastLooks: Readonly<Record<string, LastLook>>;
  /** Whether the optional `notifications` permission is granted. */
  readonly notificationsGranted: boolean;
  /** Per HA master: the backup seen at its last HA restart (shared/ha-pairs.ts). */
  readonly haPairs?: Readonly<Record<string, HaPair>>;
}

/** A firewall as an HA master: which firewall its HA restarts are checked on. */
export interface HaView {
  /** The other enabled firewalls, any of which the admin may name as this one's backup. */
  readonly choices: readonly string[];
  /** The backup the admin named (options), or null: found from the HA sync address. */
  readonly named: string | null;
  /** What the last HA restart followed on this firewall found, if one was. */
  readonly seen: HaPair | null;
  /** The backup whose last check the card shows: the one seen last, else the named one. */
  readonly backup: string | null;
  readonly backupLastLook: LastLook | null;
}

/** Why a firewall's watch cannot be turned on. */
export type WatchBlock =
  /** The browser session would be kept alive by every look (docs/opnsense.md §4): an API key is needed. */
  | 'needs-key'
  /** Plain HTTP off this machine: no API key is sent there, so no watch either. */
  | 'key-in-clear';

export interface WatchView {
  readonly on: boolean;
  /** The stored interval when on, else the one the toggle would turn it on with. */
  readonly intervalMinutes: number;
  readonly blockedBy: WatchBlock | null;
  /** On, but notifications are not granted: what it finds shows on the badge and the page only. */
  readonly badgeOnly: boolean;
}

export interface FirewallCard {
  readonly origin: string;
  /** The granted patterns that cover this firewall: "Disable" removes them. */
  readonly accessPatterns: readonly string[];
  /** Other firewalls' origins the same patterns cover: disabling this one disables them too. */
  readonly alsoDisables: readonly string[];
  /** The session cookie crosses the network in clear: warn, as the popup does. */
  readonly plainHttp: boolean;
  readonly auth: AuthView;
  readonly watch: WatchView;
  readonly lastLook: LastLook | null;
  /** Null while there is no other firewall to name and no HA restart was seen here. */
  readonly ha: HaView | null;
}

export interface CardsView {
  readonly cards: readonly FirewallCard[];
  /** Granted patterns that cover no firewall whose address the extension knows. */
  readonly addressUnknown: readonly string[];
}

export function firewallCards(sources: CardSources): CardsView {
  const { grantedPatterns, options } = sources;
  const known = [
    ...Object.keys(options.auth),
    ...Object.keys(options.watch),
    ...Object.keys(sources.lastLooks),
    ...sources.historyOrigins,
    // An HA master whose HA restart was followed: its address is known from that request.
    ...Object.keys(sources.haPairs ?? {}),
  ];
  const origins = enabledFirewalls({ grantedPatterns, known });
  const cards = origins.map((origin): FirewallCard => {
    const accessPatterns = grantedPatterns.filter((pattern) =>
      patternCoversOrigin(pattern, origin),
    );
    const auth = authViewOf(origin, ownValue(options.auth, origin));
    return {
      origin,
      accessPatterns,
      alsoDisables: origins.filter(
        (other) =>
          other !== origin && accessPatterns.some((pattern) => patternCoversOrigin(pattern, other)),
      ),
      plainHttp: sendsInClear(origin),
      auth,
      watch: watchViewOf(auth, ownValue(options.watch, origin)?.intervalMinutes, sources),
      lastLook: ownValue(sources.lastLooks, origin) ?? null,
      ha: haViewOf(origin, origins, sources),
    };
  });
  return {
    cards,
    addressUnknown: grantedPatterns.filter(
      (pattern) => !origins.some((origin) => patternCoversOrigin(pattern, origin)),
    ),
  };
}

function haViewOf(origin: string, enabled: readonly string[], sources: CardSources): HaView | null {
  const choices = enabled.filter((other) => other !== origin);
  const stored = ownValue(sources.options.haBackup, origin);
  const named = stored !== undefined && choices.includes(stored) ? stored : null;
  const seen = ownValue(sources.haPairs ?? {}, origin) ?? null;
  if (choices.length === 0 && seen === null) return null;
  const backup = seen?.backup ?? named;
  return {
    choices,
    named,
    seen,
    backup,
    backupLastLook: backup === null ? null : (ownValue(sources.lastLooks, backup) ?? null),
  };
}

/** What the card says of the firewall's HA backup: who it was at the last HA restart, and why. */
export function haBackupText(ha: HaView, t: Translate): string | null {
  const { seen } = ha;
  if (seen === null) return null;
  const address = seen.syncAddress ?? t('haBackupAddressUnread');
  if (seen.backup === null) return t('optionsHaBackupNone', [address]);
  const how =
    seen.via === 'named' ? t('optionsHaBackupViaNamed') : t('optionsHaBackupViaSync', [address]);
  return t('optionsHaBackupSeen', [seen.backup, how]);
}

function watchViewOf(
  auth: AuthView,
  storedInterval: number | undefined,
  { notificationsGranted }: CardSources,
): WatchView {
  const intervalMinutes = storedInterval ?? DEFAULT_WATCH_INTERVAL_MINUTES;
  // authViewOf already says "session" for a key stored for an origin in clear.
  const blockedBy: WatchBlock | null =
    auth.kind === 'api-key' ? null : auth.apiKeyAllowed ? 'needs-key' : 'key-in-clear';
  // A watch stored while a key was set (then removed elsewhere) does not run: show it off.
  const on = blockedBy === null && storedInterval !== undefined;
  return { on, intervalMinutes, blockedBy, badgeOnly: on && !notificationsGranted };
}

const WATCH_BLOCK_KEYS: Readonly<Record<WatchBlock, MessageKey>> = {
  'needs-key': 'optionsWatchNeedsKey',
  'key-in-clear': 'optionsWatchKeyInClear',
};

/** Why the watch cannot be turned on, and what to do about it. */
export function watchBlockText(block: WatchBlock, t: Translate): string {
  return t(WATCH_BLOCK_KEYS[block]);
}

/** The card's "last check" line: when, what it found, what started it. */
export function lastLookText(
  look: LastLook | null,
  t: Translate,
  formatTime: (epochMs: number) => string,
): string {
  if (!look) return t('optionsLastLookNone');
  return t('optionsLastLookLine', [
    formatTime(look.at),
    resultLabel(look.result, t),
    triggerLabel(look.trigger, t),
  ]);
}

function ownValue<Value>(record: Readonly<Record<string, Value>>, key: string): Value | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
