/**
 * Keeps `storage.local` (API keys and secrets) out of reach of content scripts where the browser
 * allows it. Content scripts run next to pages the extension does not control, and by default
 * every storage area but `session` is open to them.
 *
 * - Chromium: `setAccessLevel` was session-only when it came (Chrome 102); current Chromium
 *   exposes it on every area (its storage API test checks `chrome.storage.local.setAccessLevel`
 *   exists; measured here: Chromium 156 accepts `TRUSTED_CONTEXTS` for local).
 * - Firefox: only `storage.session` has it (MDN, StorageArea.setAccessLevel), and that area is
 *   already closed to content scripts. The call is skipped, so the secret is as readable to the
 *   extension's own content script as any `storage.local` value there; the content script never
 *   reads it (everything reaches it through the background).
 *
 * Not persisted by every browser version across restarts, so it runs at every start.
 */
type AccessLevel = 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS';

export interface RestrictableArea {
  setAccessLevel?: (options: { accessLevel: AccessLevel }) => Promise<void>;
}

export type Restriction = 'restricted' | 'unsupported' | 'refused';

/** `area` is a `browser.storage` area, whose type does not declare the method yet. */
export async function restrictToTrustedContexts(area: object): Promise<Restriction> {
  const { setAccessLevel } = area as RestrictableArea;
  if (typeof setAccessLevel !== 'function') return 'unsupported';
  try {
    // Called on its area: the browsers' bindings throw "Illegal invocation" unbound.
    await setAccessLevel.call(area, { accessLevel: 'TRUSTED_CONTEXTS' });
    return 'restricted';
  } catch {
    // An older Chromium that has the method on every area but accepts it only for session.
    return 'refused';
  }
}
