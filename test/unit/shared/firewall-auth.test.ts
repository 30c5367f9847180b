import { describe, expect, it } from 'vitest';
import { applyAuthEdit, authViewOf, requestAuthFor } from '../../../src/shared/firewall-auth.ts';
import type { FirewallAuthSetting } from '../../../src/shared/options-storage.ts';

const HTTPS = 'https://fw.example.lan:8443';
const HTTP = 'http://fw.example.lan';
const LOOPBACK = 'http://127.0.0.1:41234';
const STORED: FirewallAuthSetting = { kind: 'api-key', key: 'K3y', secret: 's3cret-value' };

describe('authViewOf', () => {
  it('tells a stored key by its id and that a secret is stored, never the secret', () => {
    const view = authViewOf(HTTPS, STORED);
    expect(view).toEqual({ kind: 'api-key', key: 'K3y', secretStored: true, apiKeyAllowed: true });
    expect(JSON.stringify(view)).not.toContain('s3cret-value');
  });

  it.each([
    [HTTPS, undefined, true],
    [HTTPS, { kind: 'session' } as const, true],
    [HTTP, undefined, false],
    // A key stored for a firewall in clear is shown as not there.
    [HTTP, STORED, false],
  ])('%s with %j: session, key allowed %s', (origin, setting, allowed) => {
    expect(authViewOf(origin, setting)).toEqual({
      kind: 'session',
      key: '',
      secretStored: false,
      apiKeyAllowed: allowed,
    });
  });
});

describe('applyAuthEdit', () => {
  it.each<
    [string, string, FirewallAuthSetting | undefined, Parameters<typeof applyAuthEdit>[2], unknown]
  >([
    [
      'a new key with its secret',
      HTTPS,
      undefined,
      { kind: 'api-key', key: 'K3y', secret: 'new' },
      { ok: true, setting: { kind: 'api-key', key: 'K3y', secret: 'new' } },
    ],
    [
      'an empty secret keeps the stored one',
      HTTPS,
      STORED,
      { kind: 'api-key', key: 'K3y', secret: '' },
      { ok: true, setting: STORED },
    ],
    [
      'a typed secret replaces the stored one',
      HTTPS,
      STORED,
      { kind: 'api-key', key: 'K3y', secret: 'other' },
      { ok: true, setting: { kind: 'api-key', key: 'K3y', secret: 'other' } },
    ],
    [
      'the key is trimmed, and still matches the stored one',
      HTTPS,
      STORED,
      { kind: 'api-key', key: ' K3y ', secret: '' },
      { ok: true, setting: STORED },
    ],
    [
      'a changed key does not inherit the old secret',
      HTTPS,
      STORED,
      { kind: 'api-key', key: 'other-key', secret: '' },
      { ok: false, refusal: 'secret-missing' },
    ],
    [
      'no key',
      HTTPS,
      undefined,
      { kind: 'api-key', key: '  ', secret: 'x' },
      { ok: false, refusal: 'key-missing' },
    ],
    [
      'a new key without a secret',
      HTTPS,
      undefined,
      { kind: 'api-key', key: 'K3y', secret: '' },
      { ok: false, refusal: 'secret-missing' },
    ],
    [
      'session removes key and secret',
      HTTPS,
      STORED,
      { kind: 'session' },
      { ok: true, setting: { kind: 'session' } },
    ],
    [
      'a key for plain HTTP on the network',
      HTTP,
      undefined,
      { kind: 'api-key', key: 'K3y', secret: 'x' },
      { ok: false, refusal: 'key-in-clear' },
    ],
    [
      'session for plain HTTP',
      HTTP,
      STORED,
      { kind: 'session' },
      { ok: true, setting: { kind: 'session' } },
    ],
    [
      'a key for plain HTTP on loopback',
      LOOPBACK,
      undefined,
      { kind: 'api-key', key: 'K3y', secret: 'x' },
      { ok: true, setting: { kind: 'api-key', key: 'K3y', secret: 'x' } },
    ],
  ])('%s', (_name, origin, stored, edit, expected) => {
    expect(applyAuthEdit(origin, stored, edit)).toEqual(expected);
  });
});

describe('requestAuthFor', () => {
  it('sends a stored key to an HTTPS firewall', () => {
    expect(requestAuthFor(HTTPS, STORED, 'token')).toEqual(STORED);
  });

  it('never sends a key over plain HTTP on the network, whatever storage says', () => {
    expect(requestAuthFor(HTTP, STORED, 'token')).toEqual({ kind: 'session', csrfToken: 'token' });
  });

  it('uses the session (with the page token) when no key is set', () => {
    expect(requestAuthFor(HTTPS, undefined, null)).toEqual({ kind: 'session', csrfToken: null });
    expect(requestAuthFor(HTTPS, { kind: 'session' }, 't')).toEqual({
      kind: 'session',
      csrfToken: 't',
    });
  });
});
