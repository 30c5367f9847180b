/**
 * Whether what the extension sends to a firewall crosses the network in clear. Over `http:` the
 * GUI's session cookie (and anything else) is readable by anyone on the path; the admin is warned
 * about that when such a firewall is enabled, and no API key is ever sent there.
 *
 * Why refuse the key instead of asking for consent: the session cookie of an `http:` GUI is in
 * clear anyway while the admin uses it, but it ends with the session. An API key does not: sent on
 * every poll (every 1–5 s while a process drains), it would hand anyone on the LAN a credential
 * that works until the admin deletes it on the firewall. A consent checkbox would be clicked
 * through once and forgotten; the right fix (HTTPS on the GUI) is in the admin's hands.
 *
 * Loopback is exempt, as the W3C Secure Contexts spec exempts it ("potentially trustworthy
 * origin", §3.1): `127.0.0.0/8`, `[::1]` and `localhost` never leave the machine.
 */

/** True for `http:` origins outside loopback: their traffic can be read on the network. */
export function sendsInClear(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // Not an address we would call at all; treat it as the worst case.
    return true;
  }
  if (url.protocol === 'https:') return false;
  return !isLoopbackHost(url.hostname);
}

/** Whether an API key may be stored for, and sent to, this origin. */
export function apiKeyAllowedFor(origin: string): boolean {
  return !sendsInClear(origin);
}

/** Same for a granted permission pattern (`http://fw.lan/*`): warn once per host. */
export function patternSendsInClear(pattern: string): boolean {
  const match = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
  if (!match) return false;
  const [, scheme = '', host = ''] = match;
  if (scheme === 'https') return false;
  // `*://` and `http://` both cover plain HTTP; a wildcard host covers hosts off this machine.
  if (host.includes('*')) return true;
  return sendsInClear(`http://${host}`);
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  // The URL parser has already normalised IPv4 (`127.1`, `0x7f.0.0.1` → `127.0.0.1`).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
