/**
 * The HA pairs the extension has seen: for each master, the backup its last HA restart was
 * followed on (or none found), and the sync address that named it. Kept in `storage.local` for the
 * master's card in the options. Addresses and a time only: nothing else of the HA settings (whose
 * answer holds the peer's XMLRPC password) is ever stored.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { TimeSchema } from './check-state-schema.ts';
import { isOriginKey } from './origins.ts';

export interface HaPair {
  /** The backup's origin, or null when no enabled firewall could be named. */
  readonly backup: string | null;
  readonly via: 'sync-address' | 'named' | null;
  /** `hasync.synchronizetoip` as the master answered it; null when unread or unset. */
  readonly syncAddress: string | null;
  /** When the HA restart was followed (epoch ms). */
  readonly at: number;
}

const HA_PAIRS_KEY = 'haPairs';

const HaPairSchema = v.object({
  backup: v.nullable(v.pipe(v.string(), v.check(isOriginKey))),
  via: v.nullable(v.picklist(['sync-address', 'named'])),
  syncAddress: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  at: TimeSchema,
}) satisfies v.GenericSchema<unknown, HaPair>;

export function parseHaPairs(stored: unknown): Record<string, HaPair> {
  const pairs: Record<string, HaPair> = {};
  if (typeof stored !== 'object' || stored === null) return pairs;
  for (const [master, value] of Object.entries(stored)) {
    if (!isOriginKey(master)) continue;
    const pair = v.safeParse(HaPairSchema, value);
    if (pair.success) pairs[master] = pair.output;
  }
  return pairs;
}

export async function loadHaPairs(): Promise<Record<string, HaPair>> {
  return parseHaPairs((await browser.storage.local.get(HA_PAIRS_KEY))[HA_PAIRS_KEY]);
}

export async function noteHaPair(master: string, pair: HaPair): Promise<void> {
  const pairs = await loadHaPairs();
  await browser.storage.local.set({ [HA_PAIRS_KEY]: { ...pairs, [master]: pair } });
}
