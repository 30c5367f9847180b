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

/**
 * Keys whose text a language shares with English: German keeps the product's name and uses
 * "Firewall", "PIDs" and "Start" as OPNsense's German GUI does (opnsense/lang, de_DE.po: msgid
 * "Start" → msgstr "Start").
 */
const SAME_IN: Readonly<Record<string, ReadonlySet<string>>> = {
  de: new Set([
    'extName',
    'panelLabel',
    'panelFirewall',
    'historyFirewall',
    'historyPids',
    'triggerStart',
  ]),
};

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
  it('include English, Simplified Chinese and German', () => {
    expect(locales).toEqual(expect.arrayContaining(['en', 'zh_CN', 'de']));
  });

  it('the manifest names and describes the extension through the catalogue', () => {
    expect(manifestKeys).toContain('extName');
    expect(manifestKeys).toContain('extDescription');
  });

  describe.each(locales)('%s', (locale) => {
    const catalogue = load(locale);

    it('has every key English has', () => {
      expect(englishKeys.filter((key) => !Object.hasOwn(catalogue, key))).toEqual([]);
    });

    it('has no key English lacks', () => {
      expect(Object.keys(catalogue).filter((key) => !Object.hasOwn(english, key))).toEqual([]);
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
        (key) =>
          !SAME_AS_ENGLISH.has(key) &&
          !SAME_IN[locale]?.has(key) &&
          catalogue[key]?.message === english[key]?.message,
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

/**
 * The OPNsense menu paths the English messages name, and how OPNsense's German GUI names them
 * (opnsense/lang, de_DE.po: Services → Dienste, Settings → Einstellungen, Service → Dienst,
 * Log File → Protokolldatei, Log Files → Protokolldateien, Web GUI → Weboberfläche,
 * Access → Zugriff, Users → Benutzer, Plugins → Erweiterungen, Administration → Verwaltung,
 * Diagnostics → Diagnose, Activity → Aktivität, High Availability → Hochverfügbarkeit). Longest
 * first, so a path is matched whole.
 */
const GERMAN_MENU_PATHS: readonly (readonly [string, string])[] = [
  ['Services › HAProxy › Settings › Service', 'Dienste › HAProxy › Einstellungen › Dienst'],
  ['Services › HAProxy › Log File', 'Dienste › HAProxy › Protokolldatei'],
  ['System › Settings › Administration', 'System › Einstellungen › Verwaltung'],
  ['System › Log Files › Web GUI', 'System › Protokolldateien › Weboberfläche'],
  ['System › Firmware › Plugins', 'System › Firmware › Erweiterungen'],
  ['System › Access › Users', 'System › Zugriff › Benutzer'],
  ['Services › HAProxy', 'Dienste › HAProxy'],
  ['Diagnostics › Activity', 'Diagnose › Aktivität'],
  ['System › Services', 'System › Dienste'],
  ['Status › High Availability', 'Status › Hochverfügbarkeit'],
];

describe('German', () => {
  const german = load('de');

  it.each(englishKeys.filter((key) => english[key]?.message.includes('›')))(
    '%s names the OPNsense menus as the German GUI does',
    (key) => {
      let rest = english[key]?.message ?? '';
      const expected: string[] = [];
      for (const [path, translated] of GERMAN_MENU_PATHS) {
        if (!rest.includes(path)) continue;
        rest = rest.split(path).join('');
        expected.push(translated);
      }
      // A menu path this table does not know yet: add its German name above.
      expect(rest, 'unknown menu path').not.toContain('›');
      for (const path of expected) expect(german[key]?.message).toContain(path);
    },
  );

  it('keeps the OPNsense privilege names in English, as the GUI lists them', () => {
    expect(german['optionsSecretsNote']?.message).toContain('„Services: HAProxy“');
    expect(german['optionsSecretsNote']?.message).toContain('„Diagnostics: System Activity“');
  });
});
