import { describe, expect, it } from 'vitest';
import type { Scripting } from 'webextension-polyfill';
import {
  CONTENT_SCRIPT_ID,
  createContentScriptSync,
  PAGE_OBSERVER_ID,
  matchesForGrantedOrigins,
  syncContentScripts,
} from '../../../../src/background/permissions/content-registration.ts';

/** `browser.scripting` and `browser.permissions` reduced to what the sync uses, in memory. */
function fakeBrowser(initialOrigins: string[]) {
  let origins = [...initialOrigins];
  const registered = new Map<string, Scripting.RegisteredContentScript>();
  const calls: string[] = [];
  return {
    grant(...more: string[]) {
      origins.push(...more);
    },
    revoke(origin: string) {
      origins = origins.filter((item) => item !== origin);
    },
    registered,
    calls,
    permissions: {
      getAll: () => Promise.resolve({ origins: [...origins], permissions: ['storage'] }),
    },
    scripting: {
      getRegisteredContentScripts: (filter?: Scripting.ContentScriptFilter) =>
        Promise.resolve(
          [...registered.values()].filter(
            (script) => !filter?.ids || filter.ids.includes(script.id),
          ),
        ),
      registerContentScripts: (scripts: Scripting.RegisteredContentScript[]) => {
        calls.push('register');
        for (const script of scripts) {
          if (registered.has(script.id))
            return Promise.reject(new Error(`Duplicate script id ${script.id}`));
          registered.set(script.id, script);
        }
        return Promise.resolve();
      },
      unregisterContentScripts: (filter?: Scripting.ContentScriptFilter) => {
        calls.push('unregister');
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
        return Promise.resolve();
      },
    },
  };
}

const files = { content: 'assets/content.js', pageObserver: 'assets/observer.js' };

describe('syncContentScripts', () => {
  it('registers nothing while no firewall is enabled', async () => {
    const fake = fakeBrowser([]);
    expect(await syncContentScripts(fake.scripting, fake.permissions, files)).toEqual([]);
    expect(fake.registered.size).toBe(0);
  });

  it('registers both scripts for the HAProxy pages of an enabled firewall only', async () => {
    const fake = fakeBrowser(['https://fw.example.lan/*']);
    await syncContentScripts(fake.scripting, fake.permissions, files);
    const content = fake.registered.get(CONTENT_SCRIPT_ID);
    const observer = fake.registered.get(PAGE_OBSERVER_ID);
    expect(content?.matches).toEqual([
      'https://fw.example.lan/ui/haproxy',
      'https://fw.example.lan/ui/haproxy/*',
      'https://fw.example.lan/ui/haproxy?*',
    ]);
    expect(content?.js).toEqual([files.content]);
    expect(content?.world ?? 'ISOLATED').toBe('ISOLATED');
    expect(observer?.matches).toEqual(content?.matches);
    expect(observer?.world).toBe('MAIN');
  });

  it('follows grants and revocations, and does nothing when already in step', async () => {
    const fake = fakeBrowser(['https://a.lan/*']);
    await syncContentScripts(fake.scripting, fake.permissions, files);
    fake.grant('https://b.lan/*');
    await syncContentScripts(fake.scripting, fake.permissions, files);
    expect(fake.registered.get(CONTENT_SCRIPT_ID)?.matches).toEqual([
      'https://a.lan/ui/haproxy',
      'https://a.lan/ui/haproxy/*',
      'https://a.lan/ui/haproxy?*',
      'https://b.lan/ui/haproxy',
      'https://b.lan/ui/haproxy/*',
      'https://b.lan/ui/haproxy?*',
    ]);
    fake.calls.length = 0;
    await syncContentScripts(fake.scripting, fake.permissions, files);
    expect(fake.calls).toEqual([]);
    fake.revoke('https://a.lan/*');
    fake.revoke('https://b.lan/*');
    await syncContentScripts(fake.scripting, fake.permissions, files);
    expect(fake.registered.size).toBe(0);
  });
});

describe('matchesForGrantedOrigins', () => {
  it('keeps web origins, drops others, sorts and deduplicates', () => {
    expect(
      matchesForGrantedOrigins([
        'https://b.lan/*',
        'https://a.lan/*',
        'https://a.lan/*',
        'ftp://x/*',
        'moz-extension://abc/*',
      ]),
    ).toEqual([
      'https://a.lan/ui/haproxy',
      'https://a.lan/ui/haproxy/*',
      'https://a.lan/ui/haproxy?*',
      'https://b.lan/ui/haproxy',
      'https://b.lan/ui/haproxy/*',
      'https://b.lan/ui/haproxy?*',
    ]);
  });
});

describe('createContentScriptSync', () => {
  it('serialises overlapping runs so start-up and install events do not collide', async () => {
    const fake = fakeBrowser(['https://fw.lan/*']);
    const sync = createContentScriptSync(fake.scripting, fake.permissions, files);
    await Promise.all([sync(), sync(), sync()]);
    expect(fake.registered.size).toBe(2);
    expect(fake.calls.filter((call) => call === 'register')).toHaveLength(1);
  });
});

describe('an update of the extension', () => {
  it('re-registers scripts a previous version registered with another injection time', async () => {
    const fake = fakeBrowser(['https://fw.lan/*']);
    await syncContentScripts(fake.scripting, fake.permissions, files);
    const stale = fake.registered.get(CONTENT_SCRIPT_ID);
    if (stale) fake.registered.set(CONTENT_SCRIPT_ID, { ...stale, runAt: 'document_idle' });
    await syncContentScripts(fake.scripting, fake.permissions, files);
    expect(fake.registered.get(CONTENT_SCRIPT_ID)?.runAt).toBe('document_start');
    expect(fake.registered.get(PAGE_OBSERVER_ID)?.runAt).toBe('document_start');
  });
});
