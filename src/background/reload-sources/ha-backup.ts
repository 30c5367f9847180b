/**
 * Which firewall an HA restart on a master restarts HAProxy on: the master's backup
 * (docs/opnsense.md §8). Found from the master's own HA settings, `hasync.synchronizetoip`, among
 * the enabled firewalls (core/sync-peer.ts); where that address is none of theirs (a dedicated
 * sync interface is common), the backup the admin named on the master's card. What was found is
 * kept for the master's card: the backup and the sync address, never anything else of that
 * answer (it carries the peer's XMLRPC password, which the client drops at once).
 */
import { backupNamedBySyncPeer } from '../../core/sync-peer.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import type { HaPair } from '../../shared/ha-pairs.ts';

export type HaBackupLookup =
  | {
      readonly kind: 'found';
      readonly backup: string;
      /** From the master's sync address, or named by the admin on the master's card. */
      readonly via: 'sync-address' | 'named';
      readonly syncAddress: string | null;
    }
  | {
      readonly kind: 'unknown';
      /** The sync address read, or null when none is set or it could not be read. */
      readonly syncAddress: string | null;
    };

export interface HaBackupDeps {
  /** The master's API client, with the master's own authentication. */
  clientFor(origin: string): Promise<Pick<OpnsenseClient, 'syncPeer'>>;
  /** The enabled firewalls (shared/enabled-firewalls.ts). */
  enabledFirewalls(): Promise<readonly string[]>;
  /** The backup the admin named for this master, if any (options). */
  namedBackup(master: string): Promise<string | null>;
  /** Keeps what was found for the master's card (shared/ha-pairs.ts). */
  notePair(master: string, pair: HaPair): Promise<void>;
  now(): number;
}

/** Finds the master's backup and notes it for the master's card. */
export async function findHaBackup(master: string, deps: HaBackupDeps): Promise<HaBackupLookup> {
  const lookup = await lookUpBackup(master, deps);
  await deps
    .notePair(master, {
      backup: lookup.kind === 'found' ? lookup.backup : null,
      via: lookup.kind === 'found' ? lookup.via : null,
      syncAddress: lookup.syncAddress,
      at: deps.now(),
    })
    .catch(() => undefined);
  return lookup;
}

async function lookUpBackup(master: string, deps: HaBackupDeps): Promise<HaBackupLookup> {
  const enabled = await deps.enabledFirewalls();
  let syncAddress: string | null = null;
  try {
    syncAddress = await (await deps.clientFor(master)).syncPeer();
  } catch {
    // No "System: High Availability" privilege, a key without it, an older version: the backup
    // the admin named still applies.
  }
  const found = syncAddress === null ? null : backupNamedBySyncPeer(syncAddress, enabled, master);
  if (found !== null) return { kind: 'found', backup: found, via: 'sync-address', syncAddress };
  const named = await deps.namedBackup(master);
  if (named !== null && named !== master && enabled.includes(named)) {
    return { kind: 'found', backup: named, via: 'named', syncAddress };
  }
  return { kind: 'unknown', syncAddress };
}
