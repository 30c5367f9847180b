/**
 * The OPNsense layout carries its CSRF token only inside an inline script (docs/opnsense.md §3):
 * `$.ajaxSetup({'beforeSend': function(xhr) { xhr.setRequestHeader("X-CSRFToken", "<TOKEN>" ); }});`
 */

// Only characters a header value can carry and that cannot close the string or start an escape.
// A token with anything else is refused rather than half-read: a wrong token only earns a 403.
const TOKEN_CHARS = String.raw`[!#-&(-\[\]-_a-~]`;
const MAX_TOKEN_LENGTH = 256;

// Header names are case-insensitive, so the page may change the spelling without breaking the
// server; the quotes around each argument must pair up. Every quantifier is bounded or separated
// by a literal, so hostile page text cannot make this backtrack badly.
const SET_TOKEN = new RegExp(
  String.raw`setRequestHeader\s*\(\s*(["'])X-CSRFToken\1\s*,\s*(["'])(${TOKEN_CHARS}{1,${MAX_TOKEN_LENGTH}})\2\s*\)`,
  'i',
);

/** The token, or null when the script names none (or only ones this code refuses to trust). */
export function readCsrfToken(scriptText: string): string | null {
  return SET_TOKEN.exec(scriptText)?.[3] ?? null;
}
