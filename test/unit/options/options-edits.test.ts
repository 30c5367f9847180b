import { describe, expect, it, vi } from 'vitest';
import {
  withAuth,
  withFirewallAdded,
  withHaBackup,
  withWatch,
} from '../../../src/options/options-edits.ts';
import { DEFAULT_OPTIONS, type Options } from '../../../src/shared/options-storage.ts';

// The watch bounds live with the stored options, whose module also loads the browser API;
// these pure functions never call it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';
const KEY = { kind: 'api-key', key: 'K3y', secret: 's3cret' } as const;
const BASE: Options = {
  ...DEFAULT_OPTIONS,
  auth: { [A]: KEY, [B]: KEY },
  watch: { [A]: { intervalMinutes: 15 }, [B]: { intervalMinutes: 60 } },
};

describe('withWatch', () => {
  it('turns one firewall on with its interval, or changes the interval', () => {
    expect(withWatch(BASE, A, { intervalMinutes: 30 }).watch).toEqual({
      [A]: { intervalMinutes: 30 },
      [B]: { intervalMinutes: 60 },
    });
    const fresh = withWatch(DEFAULT_OPTIONS, A, { intervalMinutes: 15 });
    expect(fresh.watch).toEqual({ [A]: { intervalMinutes: 15 } });
  });

  it('turns one off by deleting its entry, and leaves the others and the rest as they were', () => {
    const next = withWatch(BASE, A, null);
    expect(next.watch).toEqual({ [B]: { intervalMinutes: 60 } });
    expect(Object.hasOwn(next.watch, A)).toBe(false);
    expect(next.auth).toEqual(BASE.auth);
    expect(withWatch(next, A, null)).toEqual(next);
  });

  it('does not change the options it was given', () => {
    const before = JSON.stringify(BASE);
    withWatch(BASE, A, null);
    withWatch(BASE, A, { intervalMinutes: 5 });
    expect(JSON.stringify(BASE)).toBe(before);
  });
});

describe('withAuth', () => {
  it('keeps the watch of a firewall that keeps an API key', () => {
    const next = withAuth(BASE, A, { kind: 'api-key', key: 'new', secret: 'other' });
    expect(next.watch).toEqual(BASE.watch);
    expect(next.auth[A]).toEqual({ kind: 'api-key', key: 'new', secret: 'other' });
  });

  it('turns the watch off when the firewall goes back to the browser session', () => {
    const next = withAuth(BASE, A, { kind: 'session' });
    expect(next.auth[A]).toEqual({ kind: 'session' });
    expect(next.watch).toEqual({ [B]: { intervalMinutes: 60 } });
  });
});

describe('withFirewallAdded', () => {
  it('starts a new firewall with the browser session and keeps a known one as it is', () => {
    expect(withFirewallAdded(DEFAULT_OPTIONS, A).auth).toEqual({ [A]: { kind: 'session' } });
    expect(withFirewallAdded(BASE, A)).toBe(BASE);
  });
});

describe('withHaBackup', () => {
  it('names a backup, replaces it, and forgets it (back to the sync address)', () => {
    const named = withHaBackup(BASE, A, B);
    expect(named.haBackup).toEqual({ [A]: B });
    expect(withHaBackup(named, A, null).haBackup).toEqual({});
    // A firewall is never its own backup.
    expect(withHaBackup(named, A, A).haBackup).toEqual({});
  });
});
