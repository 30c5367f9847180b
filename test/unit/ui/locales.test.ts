/**
 * Every `_locales` catalogue against the English one: browsers fall back to `default_locale` per
 * missing key silently and print an unresolved `$NAME$` literally, so a gap or a misspelt
 * placeholder would only show up on a firewall admin's screen. These checks catch it here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
type Catalogue = Record<string, Entry>;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const localesDir = `${root}public/_locales`;

function load(locale: string): Catalogue {
  return JSON.parse(readFileSync(`${localesDir}/${locale}/messages.json`, 'utf8')) as Catalogue;
}

const locales = readdirSync(localesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const english = load('en');
const englishKeys = Object.keys(english).sort();

/** Keys whose text is a technical term that stays the same in every language. */
const SAME_AS_ENGLISH = new Set(['columnPid']);

/** `$NAME$` references in a message, lower-cased as the browsers match them. */
function usedPlaceholders(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)]
    .map((match) => (match[1] ?? '').toLowerCase())
    .sort();
}

function declaredPlaceholders(entry: Entry): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [
      name.toLowerCase(),
      content,
    ]),
  );
}

const manifest = readFileSync(`${root}manifest.json`, 'utf8');
const manifestKeys = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map(
  (match) => match[1] ?? '',
);

describe('locale catalogues', () => {
  it('include English and Simplified Chinese', () => {
    expect(locales).toContain('en');
    expect(locales).toContain('zh_CN');
  });

  it('the manifest names and describes the extension through the catalogue', () => {
    expect(manifestKeys).toContain('extName');
    expect(manifestKeys).toContain('extDescription');
  });

  describe.each(locales)('%s', (locale) => {
    const catalogue = load(locale);

    it('has exactly the English key set', () => {
      expect(Object.keys(catalogue).sort()).toEqual(englishKeys);
    });

    it('has a non-empty message for every key', () => {
      const empty = Object.entries(catalogue)
        .filter(([, entry]) => typeof entry.message !== 'string' || entry.message.trim() === '')
        .map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it('declares the same placeholders as English, each with the same $n content', () => {
      for (const key of englishKeys) {
        const entry = catalogue[key];
        const reference = english[key];
        if (!entry || !reference) continue; // reported by the key-set check
        expect(declaredPlaceholders(entry), key).toEqual(declaredPlaceholders(reference));
      }
    });

    it('uses every declared placeholder, and only declared ones, like English does', () => {
      for (const key of englishKeys) {
        const entry = catalogue[key];
        const reference = english[key];
        if (!entry || !reference) continue;
        const used = usedPlaceholders(entry.message);
        const declared = Object.keys(declaredPlaceholders(entry)).sort();
        expect(
          used.filter((name) => !declared.includes(name)),
          key,
        ).toEqual([]);
        expect([...new Set(used)], key).toEqual([...new Set(usedPlaceholders(reference.message))]);
      }
    });

    it('contains no HTML tags (messages are rendered as text)', () => {
      const withTags = Object.entries(catalogue)
        .filter(([, entry]) => /<\/?[A-Za-z][^>]*>/.test(entry.message))
        .map(([key]) => key);
      expect(withTags).toEqual([]);
    });

    it('resolves the manifest keys within the store limits', () => {
      for (const key of manifestKeys) expect(catalogue[key]?.message, key).toBeTruthy();
      expect(catalogue['extName']?.message.length).toBeLessThanOrEqual(75);
      expect(catalogue['extDescription']?.message.length).toBeLessThanOrEqual(132);
    });
  });

  it.each(locales.filter((locale) => locale !== 'en'))(
    '%s translates every key that is not a technical term',
    (locale) => {
      const catalogue = load(locale);
      const untranslated = englishKeys.filter(
        (key) => !SAME_AS_ENGLISH.has(key) && catalogue[key]?.message === english[key]?.message,
      );
      expect(untranslated).toEqual([]);
    },
  );

  it('zh_CN keeps the product name and names the restart button in Chinese', () => {
    const chinese = load('zh_CN');
    expect(chinese['extName']?.message).toBe('HAProxy 重载守卫');
    expect(english['restartButton']?.message).toMatch(/^Restart HAProxy/);
    expect(chinese['restartButton']?.message).toMatch(/^重启 HAProxy/);
  });

  it('zh_CN keeps the OPNsense privilege names in English, as the GUI lists them', () => {
    const chinese = load('zh_CN');
    expect(chinese['optionsSecretsNote']?.message).toContain('“Services: HAProxy”');
    expect(chinese['optionsSecretsNote']?.message).toContain('“Diagnostics: System Activity”');
  });
});
