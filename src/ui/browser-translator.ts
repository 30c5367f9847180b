/**
 * The translator every extension context uses: `translatorFrom` over the browser's own
 * `i18n.getMessage`. Kept apart from i18n.ts so the pure views and their tests load no browser API.
 */
import browser from 'webextension-polyfill';
import { translatorFrom, type Translate } from './i18n.ts';

export function browserTranslator(): Translate {
  return translatorFrom((key, substitutions) => browser.i18n.getMessage(key, substitutions));
}
