/**
 * `i18n.getMessage` as the browsers implement it, over the real `_locales` catalogues: named
 * placeholders resolve to their `$1`…`$9` content, then positional substitutions apply.
 */
import { readFileSync } from 'node:fs';
import { translatorFrom, type Translate } from '../../../src/ui/i18n.ts';

type Catalogue = Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;

export function loadCatalogue(locale: string): Catalogue {
  return JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Catalogue;
}

export function getMessageFrom(catalogue: Catalogue) {
  return (key: string, substitutions: string[] = []): string => {
    const entry = catalogue[key];
    if (!entry) return '';
    const named = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? placeholder.content : '';
    });
    return named.replace(/\$(\d)/g, (_, index: string) => substitutions[Number(index) - 1] ?? '');
  };
}

export function translator(locale = 'en'): Translate {
  return translatorFrom(getMessageFrom(loadCatalogue(locale)));
}
