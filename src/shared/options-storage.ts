/**
 * The extension's settings, in one place with their defaults. Everything lives in
 * `storage.local`: API secrets must never sync to other devices, and keeping one area for all
 * settings avoids a second source of truth.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { isRecord, ownField } from '../core/json-fields.ts';
import { DEFAULT_DRAIN_WINDOW_MS } from '../core/verdict.ts';
import type { HistoryEntry } from './messages.ts';
import { parseHistory } from './messages-schema.ts';
import { isOriginKey } from './origins.ts';
import { apiKeyAllowedFor } from './transport-security.ts';

/** How the background authenticates to one firewall's API. */
export type FirewallAuthSetting =
  /** The admin's logged-in browser session (cookie + the page's CSRF token). The default. */
  | { readonly kind: 'session' }
  /** An OPNsense API key; lets checks run while no GUI tab is logged in. */
  | { readonly kind: 'api-key'; readonly key: string; readonly secret: string };

/**
 * The opt-in watch of one firewall: a look every `intervalMinutes` while the browser runs, for
 * reloads nobody clicked (ACME renewals, cron, a shell). It only runs with an API key: every call
 * made with the GUI session refreshes that session (docs/opnsense.md §4), so a watch on it would keep the
 * admin logged in for ever.
 */
export interface WatchSetting {
  readonly intervalMinutes: number;
}

export const DEFAULT_WATCH_INTERVAL_MINUTES = 15;
/** Browsers wake alarms at most about once a minute (Chrome: 30 s); a day is the longest useful. */
export const MIN_WATCH_INTERVAL_MINUTES = 1;
export const MAX_WATCH_INTERVAL_MINUTES = 1_440;

export interface Options {
  /**
   * How long an old process may drain when the plugin sets no `hard-stop-after` (graceful or
   * seamless mode), in ms. HAProxy itself would wait for ever; 5 minutes is long enough for
   * normal keep-alive traffic and short enough to catch a stuck process the same day.
   */
  readonly defaultDrainWindowMs: number;
  /** Per firewall origin (`https://fw.lan:8443`). Origins not listed use the browser session. */
  readonly auth: Readonly<Record<string, FirewallAuthSetting>>;
  /** Per firewall origin: the watch, when the admin turned it on. Absent = off. */
  readonly watch: Readonly<Record<string, WatchSetting>>;
  /**
   * Per HA master origin: the enabled firewall the admin named as its backup, for when the
   * master's sync address (`hasync.synchronizetoip`) is none of the enabled firewalls' addresses
   * (a dedicated sync interface the browser does not use). Absent: found from that address only.
   */
  readonly haBackup: Readonly<Record<string, string>>;
  /** Storage layout version, for migrations. */
  readonly version: 1;
}

export const DEFAULT_OPTIONS: Options = {
  defaultDrainWindowMs: DEFAULT_DRAIN_WINDOW_MS,
  auth: {},
  watch: {},
  haBackup: {},
  version: 1,
};

/** The number of history entries kept per firewall; older ones are dropped. */
export const HISTORY_LIMIT = 50;

const OPTIONS_KEY = 'options';
const HISTORY_KEY = 'history';

export async function loadOptions(): Promise<Options> {
  const stored = (await browser.storage.local.get(OPTIONS_KEY))[OPTIONS_KEY];
  return migrateOptions(stored);
}

export async function saveOptions(options: Options): Promise<void> {
  await browser.storage.local.set({ [OPTIONS_KEY]: options });
}

/**
 * Writes back what `migrateOptions` made of the stored options when it changed anything, so a
 * value it drops (a key for a firewall in clear) leaves `storage.local` too. Run at start-up.
 */
export async function persistMigratedOptions(): Promise<boolean> {
  const stored: unknown = (await browser.storage.local.get(OPTIONS_KEY))[OPTIONS_KEY];
  if (stored === undefined) return false;
  const migrated = migrateOptions(stored);
  if (JSON.stringify(migrated) === JSON.stringify(stored)) return false;
  await saveOptions(migrated);
  return true;
}

/** Reads whatever an older version stored and fills in what is missing. */
export function migrateOptions(stored: unknown): Options {
  if (!isRecord(stored)) return DEFAULT_OPTIONS;
  const record: Partial<Record<keyof Options, unknown>> = stored;
  const window = record.defaultDrainWindowMs;
  const auth: Record<string, FirewallAuthSetting> = {};
  if (typeof record.auth === 'object' && record.auth !== null) {
    for (const [origin, setting] of Object.entries(record.auth)) {
      if (!isOriginKey(origin)) continue;
      const parsed = parseAuthSetting(setting);
      // A key stored for a firewall in clear (by an older version) is never read back.
      if (parsed) {
        auth[origin] =
          parsed.kind === 'api-key' && !apiKeyAllowedFor(origin) ? { kind: 'session' } : parsed;
      }
    }
  }
  const watch: Record<string, WatchSetting> = {};
  if (typeof record.watch === 'object' && record.watch !== null) {
    for (const [origin, setting] of Object.entries(record.watch)) {
      if (!isOriginKey(origin)) continue;
      const intervalMinutes = parseWatchInterval(ownField(setting, 'intervalMinutes'));
      if (intervalMinutes !== null) watch[origin] = { intervalMinutes };
    }
  }
  return {
    defaultDrainWindowMs:
      typeof window === 'number' && Number.isFinite(window) && window >= 1_000
        ? window
        : DEFAULT_OPTIONS.defaultDrainWindowMs,
    auth,
    watch,
    haBackup: parseHaBackups(record.haBackup),
    version: 1,
  };
}

const HaBackupsSchema = v.record(
  v.string(),
  v.pipe(v.string(), v.maxLength(500), v.check(isOriginKey)),
);

/** Master origin → backup origin, both bare origins and never the same; anything else dropped. */
function parseHaBackups(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const backups: Record<string, string> = {};
  for (const [master, backup] of Object.entries(value)) {
    const parsed = v.safeParse(HaBackupsSchema, { [master]: backup });
    if (parsed.success && isOriginKey(master) && master !== backup && typeof backup === 'string') {
      backups[master] = backup;
    }
  }
  return backups;
}

/** A whole number of minutes within the bounds, or null. */
export function parseWatchInterval(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  return value >= MIN_WATCH_INTERVAL_MINUTES && value <= MAX_WATCH_INTERVAL_MINUTES ? value : null;
}

function parseAuthSetting(value: unknown): FirewallAuthSetting | null {
  if (!isRecord(value)) return null;
  const setting = value;
  if (setting.kind === 'session') return { kind: 'session' };
  if (
    setting.kind === 'api-key' &&
    typeof setting.key === 'string' &&
    typeof setting.secret === 'string' &&
    setting.key !== '' &&
    setting.secret !== ''
  ) {
    return { kind: 'api-key', key: setting.key, secret: setting.secret };
  }
  return null;
}

export async function loadHistory(): Promise<HistoryEntry[]> {
  return parseHistory((await browser.storage.local.get(HISTORY_KEY))[HISTORY_KEY]);
}

/** Appends an entry, keeping the newest HISTORY_LIMIT per firewall. */
export async function appendHistory(entry: HistoryEntry): Promise<void> {
  const history = [...(await loadHistory()), entry];
  const kept: HistoryEntry[] = [];
  const perOrigin = new Map<string, number>();
  for (const item of history.reverse()) {
    const count = perOrigin.get(item.origin) ?? 0;
    if (count < HISTORY_LIMIT) {
      kept.push(item);
      perOrigin.set(item.origin, count + 1);
    }
  }
  await browser.storage.local.set({ [HISTORY_KEY]: kept.reverse() });
}

export async function clearHistory(origin: string | null): Promise<void> {
  const remaining =
    origin === null ? [] : (await loadHistory()).filter((entry) => entry.origin !== origin);
  await browser.storage.local.set({ [HISTORY_KEY]: remaining });
}
