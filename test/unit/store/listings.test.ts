/**
 * The store listings in store/ (layout: store/README.md): every listing exists in every listing
 * language, has every field its store asks for, names every permission the manifest declares,
 * declares the offscreen reason the code uses, and stays within the stores' length limits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListing } from './listing-file.ts';

const LANGUAGES = ['en', 'zh_CN', 'de'] as const;

/**
 * The stores' limits, in characters:
 * - Chrome Web Store: the name 75 ("The name (maximum of 75 characters)",
 *   https://developer.chrome.com/docs/extensions/mv3/manifest/name), the summary, which is the
 *   manifest's description, 132 ("no more than 132 characters",
 *   https://developer.chrome.com/docs/extensions/reference/manifest/description).
 * - addons.mozilla.org: the name 50 ("addons.mozilla.org accepts a maximum of 50 characters",
 *   https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json/name);
 *   the summary 250 (the limit of AMO's summary field; no stored public page states it).
 */
const LIMITS = {
  chrome: { name: 75, summary: 132 },
  amo: { name: 50, summary: 250 },
} as const;

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
  permissions: string[];
  optional_permissions?: string[];
};
/** Chrome's build adds `offscreen` (scripts/manifest-for.ts). */
const chromePermissions = [
  ...manifest.permissions,
  ...(manifest.optional_permissions ?? []),
  'offscreen',
].sort();

const COMMON_FIELDS = ['name', 'summary', 'description', 'data-use', 'reviewer-notes'];
const REQUIRED = {
  chrome: [
    ...COMMON_FIELDS,
    'single-purpose',
    'host-permissions',
    'offscreen-reason',
    'offscreen-justification',
    ...chromePermissions.map((permission) => `permission-${permission}`),
  ],
  amo: [...COMMON_FIELDS, 'permissions'],
} as const;

const offscreenSource = readFileSync('src/background/transport/offscreen-document.ts', 'utf8');
const declaredReasons = /reasons:\s*\[([^\]]*)\]/.exec(offscreenSource)?.[1] ?? '';

function catalogue(language: string): Record<string, { message: string }> {
  return JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<
    string,
    { message: string }
  >;
}

describe.each(['chrome', 'amo'] as const)('the %s listing', (store) => {
  describe.each(LANGUAGES)('in %s', (language) => {
    const fields = parseListing(readFileSync(`store/${store}/${language}.md`, 'utf8'));

    it('has every field the store asks for, none empty', () => {
      const missing = REQUIRED[store].filter((field) => !fields.get(field)?.trim());
      expect(missing).toEqual([]);
    });

    it('stays within the store limits', () => {
      expect((fields.get('name') ?? '').length).toBeLessThanOrEqual(LIMITS[store].name);
      expect((fields.get('summary') ?? '').length).toBeLessThanOrEqual(LIMITS[store].summary);
    });

    it('names the extension as the manifest does in that language', () => {
      expect(fields.get('name')).toBe(catalogue(language)['extName']?.message);
    });

    if (store === 'chrome') {
      it('uses the manifest description as its summary (the store shows that one)', () => {
        expect(fields.get('summary')).toBe(catalogue(language)['extDescription']?.message);
      });

      it('justifies exactly the permissions the Chrome build declares', () => {
        const justified = [...fields.keys()]
          .filter((field) => field.startsWith('permission-'))
          .map((field) => field.slice('permission-'.length))
          .sort();
        expect(justified).toEqual(chromePermissions);
      });

      it('declares the offscreen reason the code passes to createDocument', () => {
        expect(declaredReasons).toContain(`'${fields.get('offscreen-reason') ?? '?'}'`);
      });
    }
  });
});

describe('the manifest name', () => {
  it.each(LANGUAGES)('fits both stores in %s', (language) => {
    const name = catalogue(language)['extName']?.message ?? '';
    expect(name.length).toBeGreaterThan(0);
    expect(name.length).toBeLessThanOrEqual(Math.min(LIMITS.chrome.name, LIMITS.amo.name));
  });
});
