/**
 * Whether a reload request was sent by the firewall's own GUI: its initiator is the firewall's
 * origin. Another website can make the browser POST to the firewall blindly (a form, or
 * `fetch(…, {mode: 'no-cors'})`); OPNsense refuses it without the page's CSRF token, but the
 * request follower would still start a check with the admin's session for it. The browsers name
 * who started a request differently (measured in test/e2e, written down in docs/security.md,
 * "The reload-request follower"):
 * - Chromium: `initiator`, the origin of the document that sent it (`"null"` for an opaque one);
 * - Firefox: `originUrl` (the URL of what triggered it) and `documentUrl` (the document it
 *   belongs to), both full URLs.
 * A request that names no initiator is not followed.
 */

/** The fields of `webRequest`'s details that name who sent a request. */
export interface RequestInitiator {
  /** Chromium. */
  readonly initiator?: string | undefined;
  /** Firefox. */
  readonly originUrl?: string | undefined;
  /** Firefox. */
  readonly documentUrl?: string | undefined;
}

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function sentByFirewallItself(details: RequestInitiator, firewallOrigin: string): boolean {
  const named = [details.initiator, details.originUrl, details.documentUrl].filter(
    (value): value is string => value !== undefined,
  );
  // Every field the browser filled in must name the firewall, and at least one must be there.
  return named.length > 0 && named.every((value) => originOf(value) === firewallOrigin);
}
