import { describe, expect, it } from 'vitest';
import {
  OpnsenseError,
  isOpnsenseError,
  type OpnsenseErrorKind,
} from '../../../src/opnsense/errors.ts';

const KINDS: readonly OpnsenseErrorKind[] = [
  'session-expired',
  'forbidden',
  'csrf-rejected',
  'api-key-rejected',
  'not-installed',
  'server',
  'malformed',
  'timeout',
  'certificate',
  'redirected',
  'network',
];

describe('OpnsenseError', () => {
  it.each(KINDS)('%s has an actionable message naming the endpoint', (kind) => {
    const error = new OpnsenseError({
      kind,
      endpoint: '/api/haproxy/service/status',
      status: 500,
      privilege: 'Services: HAProxy',
    });
    expect(error).toBeInstanceOf(Error);
    expect(isOpnsenseError(error)).toBe(true);
    expect(error.name).toBe('OpnsenseError');
    expect(error.kind).toBe(kind);
    expect(error.message).toContain('/api/haproxy/service/status');
    expect(error.message).not.toContain('undefined');
    expect(error.message).not.toContain('null');
  });

  it.each(KINDS)('%s reads well without status or privilege', (kind) => {
    const { message } = new OpnsenseError({ kind, endpoint: '/api/a/b/c' });
    expect(message).not.toMatch(/undefined|null|\(\)| {2}/);
    expect(message).not.toMatch(/privilege privilege/);
  });

  it.each<[OpnsenseErrorKind, string | null, RegExp]>([
    ['session-expired', null, /Log in to OPNsense again/],
    [
      'forbidden',
      'Diagnostics: System Activity',
      /needs the privilege Diagnostics: System Activity/,
    ],
    ['csrf-rejected', 'Services: HAProxy', /Reload the OPNsense page.*Services: HAProxy/],
    ['api-key-rejected', null, /API key/],
    ['not-installed', null, /os-haproxy/],
    ['certificate', null, /accept the certificate on the browser's warning page/],
    ['redirected', null, /enable the firewall under its https:\/\/ address/],
    ['network', null, /Check that the firewall is up/],
  ])('%s tells the admin what to do', (kind, privilege, pattern) => {
    expect(new OpnsenseError({ kind, endpoint: '/api/x/y/z', privilege }).message).toMatch(pattern);
  });

  it('defaults status and privilege to null and keeps them exact otherwise', () => {
    const bare = new OpnsenseError({ kind: 'timeout', endpoint: '/api/a/b/c' });
    expect(bare.status).toBeNull();
    expect(bare.privilege).toBeNull();
    const full = new OpnsenseError({
      kind: 'forbidden',
      endpoint: '/api/a/b/c',
      status: 403,
      privilege: 'Services: HAProxy',
    });
    expect(full.status).toBe(403);
    expect(full.privilege).toBe('Services: HAProxy');
  });

  it('survives JSON serialisation with its message', () => {
    const error = new OpnsenseError({
      kind: 'forbidden',
      endpoint: '/api/a/b/c',
      status: 403,
      privilege: 'Services: HAProxy',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'OpnsenseError',
      kind: 'forbidden',
      endpoint: '/api/a/b/c',
      status: 403,
      privilege: 'Services: HAProxy',
      message: error.message,
    });
  });

  it('keeps a cause when given one', () => {
    const cause = new TypeError('fetch failed');
    expect(new OpnsenseError({ kind: 'network', endpoint: '/api/a/b/c', cause }).cause).toBe(cause);
    expect('cause' in new OpnsenseError({ kind: 'network', endpoint: '/api/a/b/c' })).toBe(false);
  });
});
