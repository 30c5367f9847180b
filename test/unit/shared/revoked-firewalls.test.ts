import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser } from '../fake-browser.ts';

let fake: FakeBrowser = createFakeBrowser();
vi.mock('webextension-polyfill', () => ({
  default: new Proxy(
    {},
    { get: (_target, key) => fake.browser[key as keyof FakeBrowser['browser']] },
  ),
}));
const { forgetRevokedFirewalls, splitByGrant } =
  await import('../../../src/shared/revoked-firewalls.ts');
const { loadOptions, migrateOptions, persistMigratedOptions, saveOptions } =
  await import('../../../src/shared/options-storage.ts');

const KEY_A = { kind: 'api-key', key: 'key-a', secret: 'secret-a' } as const;
const KEY_B = { kind: 'api-key', key: 'key-b', secret: 'secret-b' } as const;

beforeEach(() => {
  fake = createFakeBrowser();
});

describe('splitByGrant', () => {
  it.each([
    [['https://a.lan/*', 'https://b.lan/*'], ['https://a.lan:8443', 'https://b.lan'], []],
    [['https://a.lan/*'], ['https://a.lan:8443'], ['https://b.lan']],
    [[], [], ['https://a.lan:8443', 'https://b.lan']],
    // A pattern for another scheme does not cover the origin.
    [['http://a.lan/*'], [], ['https://a.lan:8443', 'https://b.lan']],
    [['*://*/*'], ['https://a.lan:8443', 'https://b.lan'], []],
  ])('granted %j keeps %j, forgets %j', (patterns, kept, forgotten) => {
    const result = splitByGrant({ 'https://a.lan:8443': KEY_A, 'https://b.lan': KEY_B }, patterns);
    expect(Object.keys(result.kept)).toEqual(kept);
    expect(result.forgotten).toEqual(forgotten);
  });
});

describe('forgetRevokedFirewalls', () => {
  it('deletes key and secret of a firewall whose access is gone, and keeps the others', async () => {
    fake.grant('https://a.lan/*');
    fake.grant('https://b.lan/*');
    await saveOptions({
      ...migrateOptions(undefined),
      auth: { 'https://a.lan:8443': KEY_A, 'https://b.lan': KEY_B },
    });
    fake.revoke('https://b.lan/*');
    expect(await forgetRevokedFirewalls()).toEqual(['https://b.lan']);
    expect((await loadOptions()).auth).toEqual({ 'https://a.lan:8443': KEY_A });
    expect(JSON.stringify([...fake.browser.storage.local.items])).not.toContain('secret-b');
  });

  it('writes nothing when every firewall is still granted', async () => {
    fake.grant('https://a.lan/*');
    await saveOptions({ ...migrateOptions(undefined), auth: { 'https://a.lan:8443': KEY_A } });
    const setSpy = vi.spyOn(fake.browser.storage.local, 'set');
    expect(await forgetRevokedFirewalls()).toEqual([]);
    expect(setSpy).not.toHaveBeenCalled();
  });
});

describe('persistMigratedOptions', () => {
  it('removes a key an older version stored for a firewall in clear from storage', async () => {
    await fake.browser.storage.local.set({
      options: {
        defaultDrainWindowMs: 60_000,
        auth: { 'http://fw.lan': { kind: 'api-key', key: 'k', secret: 'in-clear' } },
        version: 1,
      },
    });
    expect(await persistMigratedOptions()).toBe(true);
    expect(JSON.stringify([...fake.browser.storage.local.items])).not.toContain('in-clear');
    expect((await loadOptions()).auth).toEqual({ 'http://fw.lan': { kind: 'session' } });
  });

  it('leaves options that need no migration alone', async () => {
    await saveOptions({ ...migrateOptions(undefined), auth: { 'https://a.lan': KEY_A } });
    expect(await persistMigratedOptions()).toBe(false);
  });
});

describe('the watch of a revoked firewall', () => {
  it('is turned off with its key', async () => {
    fake.grant('https://a.lan/*');
    fake.grant('https://b.lan/*');
    await saveOptions({
      ...migrateOptions(undefined),
      auth: { 'https://a.lan:8443': KEY_A, 'https://b.lan': KEY_B },
      watch: {
        'https://a.lan:8443': { intervalMinutes: 15 },
        'https://b.lan': { intervalMinutes: 5 },
      },
    });
    fake.revoke('https://b.lan/*');
    await forgetRevokedFirewalls();
    expect((await loadOptions()).watch).toEqual({ 'https://a.lan:8443': { intervalMinutes: 15 } });
  });
});

describe('migrateOptions: the watch', () => {
  it.each<[string, unknown, unknown]>([
    ['absent (older versions)', undefined, {}],
    ['not an object', 'on', {}],
    [
      'the default interval',
      { 'https://fw.lan': { intervalMinutes: 15 } },
      { 'https://fw.lan': { intervalMinutes: 15 } },
    ],
    [
      'the shortest',
      { 'https://fw.lan': { intervalMinutes: 1 } },
      { 'https://fw.lan': { intervalMinutes: 1 } },
    ],
    [
      'a day',
      { 'https://fw.lan': { intervalMinutes: 1440 } },
      { 'https://fw.lan': { intervalMinutes: 1440 } },
    ],
    ['zero', { 'https://fw.lan': { intervalMinutes: 0 } }, {}],
    ['negative', { 'https://fw.lan': { intervalMinutes: -5 } }, {}],
    ['more than a day', { 'https://fw.lan': { intervalMinutes: 1441 } }, {}],
    ['a fraction', { 'https://fw.lan': { intervalMinutes: 15.5 } }, {}],
    ['a string', { 'https://fw.lan': { intervalMinutes: '15' } }, {}],
    ['NaN', { 'https://fw.lan': { intervalMinutes: Number.NaN } }, {}],
    ['null', { 'https://fw.lan': null }, {}],
  ])('%s', (_name, watch, expected) => {
    expect(migrateOptions({ version: 1, auth: {}, watch }).watch).toEqual(expected);
  });
});

describe('migrateOptions: keys that are not firewalls', () => {
  it.each([
    '__proto__',
    'constructor',
    'https://fw.lan/ui',
    'HTTPS://FW.LAN',
    'javascript:alert(1)',
  ])('drops %j from auth and watch', (key) => {
    const stored = JSON.parse(
      `{"version":1,"auth":{${JSON.stringify(key)}:{"kind":"session"}},"watch":{${JSON.stringify(key)}:{"intervalMinutes":15}}}`,
    ) as unknown;
    const options = migrateOptions(stored);
    expect(Object.keys(options.auth)).toEqual([]);
    expect(Object.keys(options.watch)).toEqual([]);
    expect(Object.getPrototypeOf(options.auth)).toBe(Object.prototype);
  });
});
