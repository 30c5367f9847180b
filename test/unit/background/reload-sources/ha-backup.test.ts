/**
 * Finding an HA master's backup: from the master's sync address, else the one the admin named;
 * and nothing of the HA settings answer (which carries the peer's XMLRPC password) is stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import { createFakeBrowser } from '../../fake-browser.ts';
import { startStandIn, type StandIn } from '../../opnsense/stand-in-opnsense.ts';

const fake = createFakeBrowser();
vi.mock('webextension-polyfill', () => ({ default: fake.browser }));
const { findHaBackup } = await import('../../../../src/background/reload-sources/ha-backup.ts');
const { loadHaPairs, noteHaPair } = await import('../../../../src/shared/ha-pairs.ts');

const MASTER = 'https://fw-a.lan';
const BACKUP = 'https://fw-b.lan:8443';
const OTHER = 'https://fw-c.lan';
const XMLRPC_PASSWORD = 'XmlRpcPa55-do-not-leak';

const standIns: StandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
  fake.browser.storage.local.items.clear();
});

/** A master whose `hasync/get` answers `reply` (a JSON body, or a status with no body). */
async function masterAnswering(reply: { json: unknown } | { status: number; text: string }) {
  const standIn = await startStandIn({ '/api/core/hasync/get': reply });
  standIns.push(standIn);
  return (origin: string) => {
    expect(origin).toBe(MASTER);
    return Promise.resolve(
      createOpnsenseClient({ origin: standIn.origin, auth: { kind: 'session', csrfToken: null } }),
    );
  };
}

function hasync(synchronizetoip: string) {
  return {
    json: {
      hasync: {
        pfsyncenabled: '1',
        synchronizetoip,
        username: 'root',
        password: XMLRPC_PASSWORD,
        syncitems: {},
      },
    },
  };
}

function deps(clientFor: Awaited<ReturnType<typeof masterAnswering>>, named: string | null = null) {
  return {
    clientFor,
    enabledFirewalls: () => Promise.resolve([MASTER, BACKUP, OTHER]),
    namedBackup: () => Promise.resolve(named),
    notePair: noteHaPair,
    now: () => 1_700_000_000_000,
  };
}

describe('findHaBackup', () => {
  it('names the enabled firewall at the sync address, and notes it for the card', async () => {
    const lookup = await findHaBackup(MASTER, deps(await masterAnswering(hasync('FW-B.lan.'))));
    expect(lookup).toEqual({
      kind: 'found',
      backup: BACKUP,
      via: 'sync-address',
      syncAddress: 'FW-B.lan.',
    });
    expect(await loadHaPairs()).toEqual({
      [MASTER]: {
        backup: BACKUP,
        via: 'sync-address',
        syncAddress: 'FW-B.lan.',
        at: 1_700_000_000_000,
      },
    });
  });

  it('takes the backup the admin named when the sync address is none of the firewalls', async () => {
    const clientFor = await masterAnswering(hasync('172.16.0.2'));
    expect(await findHaBackup(MASTER, deps(clientFor, OTHER))).toMatchObject({
      kind: 'found',
      backup: OTHER,
      via: 'named',
      syncAddress: '172.16.0.2',
    });
  });

  it('takes the named backup when the HA settings cannot be read (no privilege)', async () => {
    const clientFor = await masterAnswering({ status: 403, text: '' });
    expect(await findHaBackup(MASTER, deps(clientFor, OTHER))).toMatchObject({
      kind: 'found',
      backup: OTHER,
      via: 'named',
      syncAddress: null,
    });
  });

  it('names none when neither applies; a named backup that is disabled or the master counts for nothing', async () => {
    const clientFor = await masterAnswering(hasync('172.16.0.2'));
    for (const named of [null, 'https://gone.lan', MASTER]) {
      expect(await findHaBackup(MASTER, deps(clientFor, named))).toEqual({
        kind: 'unknown',
        syncAddress: '172.16.0.2',
      });
    }
    expect((await loadHaPairs())[MASTER]).toMatchObject({ backup: null, via: null });
  });

  it('stores no password from hasync/get, whatever the answer holds', async () => {
    for (const reply of [
      hasync('fw-b.lan'),
      hasync('172.16.0.2'),
      hasync(`https://root:${XMLRPC_PASSWORD}@fw-b.lan`),
      { json: { hasync: { synchronizetoip: { password: XMLRPC_PASSWORD } } } },
      { status: 500, text: XMLRPC_PASSWORD },
    ]) {
      await findHaBackup(MASTER, deps(await masterAnswering(reply)));
      const stored = JSON.stringify([
        ...fake.browser.storage.local.items.entries(),
        ...fake.browser.storage.session.items.entries(),
      ]);
      expect(stored).toContain(MASTER);
      expect(stored).not.toContain(XMLRPC_PASSWORD);
    }
  });
});
