import { describe, expect, it } from 'vitest';
import {
  backupNamedBySyncPeer,
  readSyncPeer,
  withoutCredentials,
} from '../../../src/core/sync-peer.ts';

const MASTER = 'https://fw-a.lan';

describe('readSyncPeer', () => {
  it.each([
    ['10.0.0.2', { host: '10.0.0.2', port: null }],
    ['10.0.0.2:4443', { host: '10.0.0.2', port: '4443' }],
    ['https://10.0.0.2:4443', { host: '10.0.0.2', port: '4443' }],
    ['https://10.0.0.2', { host: '10.0.0.2', port: '443' }],
    ['http://10.0.0.2/', { host: '10.0.0.2', port: '80' }],
    ['FW-B.Example.LAN.', { host: 'fw-b.example.lan', port: null }],
    ['fd00::2', { host: '[fd00::2]', port: null }],
    ['FD00:0:0::2', { host: '[fd00::2]', port: null }],
    ['[fd00::2]:8443', { host: '[fd00::2]', port: '8443' }],
    ['https://[FD00::2]:8443/', { host: '[fd00::2]', port: '8443' }],
    ['fe80::2%em1', { host: '[fe80::2]', port: null }],
    ['  10.0.0.2  ', { host: '10.0.0.2', port: null }],
  ])('%j → %j', (value, expected) => {
    expect(readSyncPeer(value)).toEqual(expected);
  });

  it.each(['', '   ', 'https://', 'http://[zz::1]/', 'a b'])('%j names no host', (value) => {
    expect(readSyncPeer(value)).toBeNull();
  });
});

describe('backupNamedBySyncPeer', () => {
  const enabled = [
    MASTER,
    'https://fw-b.lan:8443',
    'https://10.0.0.2',
    'https://[fd00::2]:4443',
    'http://192.168.7.2:8080',
  ];

  it.each([
    // An address, any port: the GUI may be on another port than the sync URL names.
    ['10.0.0.2', 'https://10.0.0.2'],
    ['https://10.0.0.2:4443', 'https://10.0.0.2'],
    ['http://10.0.0.2', 'https://10.0.0.2'],
    // Case and a trailing dot do not make another host.
    ['FW-B.LAN', 'https://fw-b.lan:8443'],
    ['fw-b.lan.', 'https://fw-b.lan:8443'],
    ['https://Fw-B.Lan.:443/xmlrpc.php', 'https://fw-b.lan:8443'],
    // IPv6, written any way OPNsense accepts it.
    ['fd00::2', 'https://[fd00::2]:4443'],
    ['FD00:0000::0002', 'https://[fd00::2]:4443'],
    ['[fd00::2]', 'https://[fd00::2]:4443'],
    ['https://[fd00::2]', 'https://[fd00::2]:4443'],
    ['192.168.7.2', 'http://192.168.7.2:8080'],
    // A dedicated sync interface: none of the addresses the browser uses.
    ['172.16.0.2', null],
    ['10.0.0.20', null],
    ['fw-b', null],
    ['', null],
    // The master is never its own backup.
    ['fw-a.lan', null],
  ])('%j names %j', (sync, expected) => {
    expect(backupNamedBySyncPeer(sync, enabled, MASTER)).toBe(expected);
  });

  it('takes the one on the sync port when several firewalls share the host, else none', () => {
    const sameHost = ['https://fw-b.lan', 'https://fw-b.lan:8443', MASTER];
    expect(backupNamedBySyncPeer('https://fw-b.lan:8443', sameHost, MASTER)).toBe(
      'https://fw-b.lan:8443',
    );
    expect(backupNamedBySyncPeer('https://fw-b.lan', sameHost, MASTER)).toBe('https://fw-b.lan');
    expect(backupNamedBySyncPeer('fw-b.lan', sameHost, MASTER)).toBeNull();
    expect(backupNamedBySyncPeer('https://fw-b.lan:9999', sameHost, MASTER)).toBeNull();
  });

  it('finds a backup on the same host as the master, on another port (two GUIs on one machine)', () => {
    const pair = ['https://127.0.0.1:8001', 'https://127.0.0.1:8002'];
    expect(backupNamedBySyncPeer('https://127.0.0.1:8002', pair, pair[0] ?? '')).toBe(pair[1]);
  });
});

describe('withoutCredentials', () => {
  it.each([
    ['https://root:secret@10.0.0.2:4443/x', 'https://10.0.0.2:4443/x'],
    ['https://root@10.0.0.2', 'https://10.0.0.2'],
    ['root:secret@10.0.0.2', '10.0.0.2'],
    ['10.0.0.2', '10.0.0.2'],
    ['https://10.0.0.2/a@b', 'https://10.0.0.2/a@b'],
    ['fd00::2', 'fd00::2'],
  ])('%j → %j', (value, expected) => {
    expect(withoutCredentials(value)).toBe(expected);
  });
});
