/**
 * Which enabled firewall an HA master's sync address names: its backup. Pure.
 *
 * `hasync.synchronizetoip` is an address or a URL (`10.0.0.2`, `https://10.0.0.2:4443`, an IPv6
 * literal with or without brackets, a host name), docs/opnsense.md §8. The backup is the enabled
 * firewall whose GUI address has the same host, whatever its port: XMLRPC goes to the GUI's web
 * server, but the admin may open the GUI on another port or scheme. When several enabled
 * firewalls share that host, the one on the sync URL's port is taken; when that leaves more than
 * one, or none, nothing is guessed.
 */

export interface SyncPeerAddress {
  /** As the URL parser writes it: lower case, IPv4 in dotted decimal, IPv6 in brackets, compressed. */
  readonly host: string;
  /** The port the sync URL names (its scheme's default when it names none); null for a bare address. */
  readonly port: string | null;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The sync address without a user or password written into it (`https://root:secret@10.0.0.2`):
 * the address is kept for the master's card, a credential never is.
 */
export function withoutCredentials(value: string): string {
  return value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1')
    .replace(/^[^/?#:]*:[^/?#]*@/, '');
}

/** Reads a sync address; null when it names no host. */
export function readSyncPeer(value: string): SyncPeerAddress | null {
  let text = value.trim();
  if (text === '') return null;
  const hasScheme = SCHEME.test(text);
  if (!hasScheme) {
    // A bare IPv6 address (`fd00::2`) has colons the URL parser would read as a port.
    if (!text.startsWith('[') && (text.match(/:/g) ?? []).length > 1) text = `[${text}]`;
    text = `https://${text}`;
  }
  // An IPv6 zone (`fe80::1%em1`) names the firewall's own interface, not the peer: drop it.
  text = text.replace(/%[^\]/]*\]/, ']');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const host = hostOf(url);
  if (host === '') return null;
  if (!hasScheme) return { host, port: url.port === '' ? null : url.port };
  return { host, port: portOf(url) };
}

/**
 * The enabled firewall the sync address names, or null. `master` (the firewall the request went
 * to) is never its own backup.
 */
export function backupNamedBySyncPeer(
  syncAddress: string,
  enabledOrigins: readonly string[],
  master: string,
): string | null {
  const peer = readSyncPeer(syncAddress);
  if (!peer) return null;
  const sameHost = enabledOrigins.filter((origin) => {
    if (origin === master) return false;
    const url = parse(origin);
    return url !== null && hostOf(url) === peer.host;
  });
  if (sameHost.length <= 1) return sameHost[0] ?? null;
  const samePort = sameHost.filter((origin) => {
    const url = parse(origin);
    return url !== null && peer.port !== null && portOf(url) === peer.port;
  });
  return samePort.length === 1 ? (samePort[0] ?? null) : null;
}

function parse(origin: string): URL | null {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}

/** `fw.lan.` and `fw.lan` are one host. */
function hostOf(url: URL): string {
  return url.hostname.replace(/\.$/, '');
}

function portOf(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'http:' ? '80' : url.protocol === 'https:' ? '443' : '';
}
