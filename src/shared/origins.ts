/**
 * Firewall addresses, as typed by the admin or seen on a tab, turned into the two forms the
 * extension needs: the exact origin the API is called on (port included) and the host permission
 * pattern that is requested for it (port left out).
 */
import { HAPROXY_PAGE } from '../opnsense/selectors.ts';

/** The GUI's origin (scheme, host, port) and the permission pattern that covers it. */
export interface FirewallAddress {
  /** e.g. `https://fw.example.lan:8443`: where the API calls go. */
  readonly origin: string;
  // e.g. `https://fw.example.lan/*`: ports are left out because Firefox ignores match patterns
  // that carry one (https://bugzil.la/1362809); without a port a pattern covers every port.
  readonly permissionPattern: string;
}

/**
 * Why a typed address names no single firewall: not an http(s) address at all, a wildcard
 * (`*`, `*.lan`, `https://*`: the URL parser takes `*` as a host, and the permission requested
 * for it would cover every host), or other characters no host name has.
 */
export type FirewallAddressProblem = 'not-http' | 'wildcard' | 'host-characters';

// DNS labels (letters, digits, hyphens; underscores, which some LAN names carry), or an IPv6
// literal. The URL parser has already lower-cased, punycoded and turned IPv4 forms into dotted
// decimal, but it lets through `*`, `!`, `$`, `&`, `'`, `(`, `)`, `+`, `,`, `;`, `=`, `~`, `{`, `}`.
const HOST_NAME = /^(?:[a-z0-9_-]+\.)*[a-z0-9_-]+\.?$|^\[[0-9a-f:.]+\]$/;

/** What is wrong with an address the admin typed, or null when it names one firewall. */
export function firewallAddressProblem(input: string): FirewallAddressProblem | null {
  const read = readFirewallAddress(input);
  return 'problem' in read ? read.problem : null;
}

/** Accepts `fw.lan`, `fw.lan:8443`, `https://fw.lan:8443/ui/haproxy#users`…; null when unusable. */
export function parseFirewallAddress(input: string): FirewallAddress | null {
  const read = readFirewallAddress(input);
  return 'address' in read ? read.address : null;
}

function readFirewallAddress(
  input: string,
): { readonly address: FirewallAddress } | { readonly problem: FirewallAddressProblem } {
  const trimmed = input.trim();
  if (trimmed === '') return { problem: 'not-http' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: trimmed.includes('*') ? 'wildcard' : 'not-http' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'not-http' };
  if (url.hostname === '' || url.username !== '' || url.password !== '') {
    return { problem: 'not-http' };
  }
  // Percent-escapes are decoded by the parser, so `%2A` arrives here as `*` too.
  if (url.hostname.includes('*')) return { problem: 'wildcard' };
  if (!HOST_NAME.test(url.hostname)) return { problem: 'host-characters' };
  return {
    address: { origin: url.origin, permissionPattern: `${url.protocol}//${url.hostname}/*` },
  };
}

// Whether a granted pattern (`https://fw.lan/*`, `*://*/*`, `https://*.lan/*`) covers an origin.
export function patternCoversOrigin(pattern: string, origin: string): boolean {
  const match = /^(\*|https?):\/\/(\*|\*\.[^/:]+|[^/:*]+)(?::\d+)?\/.*$/.exec(pattern);
  if (!match) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const [, scheme = '', host = ''] = match;
  const urlScheme = url.protocol.slice(0, -1);
  if (scheme === '*' ? urlScheme !== 'http' && urlScheme !== 'https' : scheme !== urlScheme) {
    return false;
  }
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const suffix = host.slice(2);
    return url.hostname === suffix || url.hostname.endsWith(`.${suffix}`);
  }
  return url.hostname === host;
}

/**
 * The content-script match patterns for the HAProxy pages behind a granted host pattern:
 * `/ui/haproxy` itself (tabs are `#hash` fragments, which patterns ignore), with a query, and the
 * plugin's sub-pages. Not `/ui/haproxy*`, which would also inject into `/ui/haproxyfoo`.
 */
export function haproxyPagePatterns(permissionPattern: string): string[] {
  const match = /^([^:]+:\/\/[^/]+)\/\*$/.exec(permissionPattern);
  if (!match) return [];
  const base = `${match[1] ?? ''}${HAPROXY_PAGE}`;
  return [base, `${base}?*`, `${base}/*`];
}

/** The origin of an `http(s)` URL (a tab's, a sender's); null for anything else or nothing. */
export function webOriginOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a stored key names a firewall: an http(s) origin exactly as the URL parser writes it.
 * Anything else (`__proto__`, a path, upper case) is dropped when settings are read back, so a
 * crafted key can neither reach the object's prototype nor pose as a firewall.
 */
export function isOriginKey(key: string): boolean {
  return webOriginOf(key) === key;
}

/** `https://fw.lan:8443` → `fw.lan:8443`: the name the admin typed or sees in the address bar. */
export function firewallName(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
