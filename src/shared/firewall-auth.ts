/**
 * The rules for a firewall's authentication setting, pure so the options page, the storage
 * migration and the background apply the same ones:
 * - the secret is write-only: the options page sees whether one is stored, never its value, and an
 *   empty secret field on save keeps the stored one;
 * - no API key for an origin whose traffic is in clear (see transport-security.ts).
 */
import type { OpnsenseAuth } from '../opnsense/client.ts';
import type { FirewallAuthSetting } from './options-storage.ts';
import { apiKeyAllowedFor } from './transport-security.ts';

/** What the options page may know about a stored setting: no secret in it. */
export interface AuthView {
  readonly kind: FirewallAuthSetting['kind'];
  /** The key's id part (not secret on its own; it names the key in System › Access › Users). */
  readonly key: string;
  readonly secretStored: boolean;
  /** False for an `http:` firewall off this machine: the key would cross the network in clear. */
  readonly apiKeyAllowed: boolean;
}

export function authViewOf(origin: string, setting: FirewallAuthSetting | undefined): AuthView {
  const apiKeyAllowed = apiKeyAllowedFor(origin);
  if (setting?.kind === 'api-key' && apiKeyAllowed) {
    return { kind: 'api-key', key: setting.key, secretStored: true, apiKeyAllowed };
  }
  return { kind: 'session', key: '', secretStored: false, apiKeyAllowed };
}

/** What the admin submitted. An empty `secret` means "keep the stored one". */
export type AuthEdit =
  | { readonly kind: 'session' }
  | { readonly kind: 'api-key'; readonly key: string; readonly secret: string };

export type AuthEditRefusal =
  /** An API key for an `http:` firewall off this machine. */
  | 'key-in-clear'
  | 'key-missing'
  /** No secret typed and none stored for this key (a new key needs its own secret). */
  | 'secret-missing';

export type AuthEditResult =
  | { readonly ok: true; readonly setting: FirewallAuthSetting }
  | { readonly ok: false; readonly refusal: AuthEditRefusal };

export function applyAuthEdit(
  origin: string,
  stored: FirewallAuthSetting | undefined,
  edit: AuthEdit,
): AuthEditResult {
  if (edit.kind === 'session') return { ok: true, setting: { kind: 'session' } };
  if (!apiKeyAllowedFor(origin)) return { ok: false, refusal: 'key-in-clear' };
  const key = edit.key.trim();
  if (key === '') return { ok: false, refusal: 'key-missing' };
  // Key and secret are one pair: a stored secret is kept only for the key it belongs to.
  const kept = stored?.kind === 'api-key' && stored.key === key ? stored.secret : '';
  const secret = edit.secret !== '' ? edit.secret : kept;
  if (secret === '') return { ok: false, refusal: 'secret-missing' };
  return { ok: true, setting: { kind: 'api-key', key, secret } };
}

/**
 * The authentication the API client uses. A stored key for an origin in clear is never sent,
 * whatever put it there (an older version, an edited storage): the browser session is used.
 */
export function requestAuthFor(
  origin: string,
  stored: FirewallAuthSetting | undefined,
  csrfToken: string | null,
): OpnsenseAuth {
  if (stored?.kind === 'api-key' && apiKeyAllowedFor(origin)) return stored;
  return { kind: 'session', csrfToken };
}
