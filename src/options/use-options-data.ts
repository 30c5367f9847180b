/**
 * Everything the options page shows, loaded from the browser and kept current: the granted host
 * patterns, the options, the history, the last look per firewall, the HA pairs seen and the
 * notifications permission. Reloaded whenever one of them changes anywhere (another tab, the popup, the
 * background writing a look), so the cards never show a stale state.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { loadHaPairs, type HaPair } from '../shared/ha-pairs.ts';
import type { HistoryEntry } from '../shared/messages.ts';
import { loadLastLooks, type LastLook } from '../shared/last-look.ts';
import { loadHistory, loadOptions, type Options } from '../shared/options-storage.ts';
import { notificationsGranted } from './notification-permission.ts';

export interface OptionsData {
  readonly patterns: readonly string[];
  readonly options: Options;
  readonly history: readonly HistoryEntry[];
  readonly lastLooks: Readonly<Record<string, LastLook>>;
  readonly notificationsGranted: boolean;
  readonly haPairs: Readonly<Record<string, HaPair>>;
}

async function grantedPatterns(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins.filter((origin) => /^(https?|\*):\/\//.test(origin)).sort();
}

async function loadOptionsData(): Promise<OptionsData> {
  const [patterns, options, history, lastLooks, notifications, haPairs] = await Promise.all([
    grantedPatterns(),
    loadOptions(),
    loadHistory(),
    loadLastLooks(),
    notificationsGranted(),
    loadHaPairs(),
  ]);
  return { patterns, options, history, lastLooks, notificationsGranted: notifications, haPairs };
}

/** The data (null until first loaded) and a function that reloads it now. */
export function useOptionsData(): readonly [OptionsData | null, () => Promise<void>] {
  const [data, setData] = useState<OptionsData | null>(null);
  const latest = useRef(0);
  const reload = async () => {
    // Changes come in bursts (a save writes options, the background then a look): a slower
    // earlier load must not overwrite a newer one.
    const request = ++latest.current;
    const loaded = await loadOptionsData();
    if (request === latest.current) setData(loaded);
  };
  useEffect(() => {
    void reload();
    const onPermissions = () => void reload();
    // Only storage.local holds what the page shows; storage.session changes on every poll of a
    // check under way and would reload the page for nothing.
    const onStorage = (_changes: unknown, area: string) => {
      if (area === 'local') void reload();
    };
    browser.permissions.onAdded.addListener(onPermissions);
    browser.permissions.onRemoved.addListener(onPermissions);
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      browser.permissions.onAdded.removeListener(onPermissions);
      browser.permissions.onRemoved.removeListener(onPermissions);
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, []);
  return [data, reload] as const;
}
