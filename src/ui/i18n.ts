/**
 * UI strings come from `_locales` through `i18n.getMessage`; the key type is taken from the
 * English catalogue so a missing or misspelt key fails the type-check.
 */
import type english from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;
export type Translate = (key: MessageKey, substitutions?: readonly (string | number)[]) => string;

export function translatorFrom(
  getMessage: (key: string, substitutions?: string[]) => string,
): Translate {
  return (key, substitutions) => {
    const text = getMessage(key, substitutions?.map(String));
    // An empty answer means the key is missing from the catalogue: show the key, never nothing.
    return text === '' ? key : text;
  };
}
