import { describe, expect, it } from 'vitest';
import { readCsrfToken } from '../../../src/opnsense/csrf.ts';

// The layout line as OPNsense 25.x renders it (docs/opnsense.md §3).
const LAYOUT = `$.ajaxSetup({'beforeSend': function(xhr) { xhr.setRequestHeader("X-CSRFToken", "aB3+/x9Z_-.~=" ); }});`;

describe('readCsrfToken', () => {
  it.each<[string, string, string | null]>([
    ['the layout line', LAYOUT, 'aB3+/x9Z_-.~='],
    ['single quotes', `xhr.setRequestHeader('X-CSRFToken', 'tok123');`, 'tok123'],
    ['mixed quote styles per argument', `xhr.setRequestHeader('X-CSRFToken',"tok123")`, 'tok123'],
    ['no whitespace', `xhr.setRequestHeader("X-CSRFToken","tok123")`, 'tok123'],
    ['newlines and tabs', `xhr.setRequestHeader (\n\t"X-CSRFToken" ,\n\t"tok123"\n )`, 'tok123'],
    ['header name in other case', `xhr.setRequestHeader("x-csrftoken", "tok123")`, 'tok123'],
    [
      'a whole page around it',
      `<html><head><script>var a = 1;</script><script>${LAYOUT}</script></head><body></body></html>`,
      'aB3+/x9Z_-.~=',
    ],
    [
      'another header set first',
      `xhr.setRequestHeader("X-Other", "nope"); xhr.setRequestHeader("X-CSRFToken", "tok123");`,
      'tok123',
    ],
    [
      'the first of two tokens',
      `setRequestHeader("X-CSRFToken","one");setRequestHeader("X-CSRFToken","two")`,
      'one',
    ],
    ['empty text', '', null],
    ['no token in the page', '<script>$.ajaxSetup({});</script>', null],
    ['only another header', `xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest")`, null],
    ['empty token', `xhr.setRequestHeader("X-CSRFToken", "")`, null],
    ['token as a variable, not a literal', `xhr.setRequestHeader("X-CSRFToken", token)`, null],
    ['mismatched quotes around the token', `xhr.setRequestHeader("X-CSRFToken", "tok123')`, null],
    ['mismatched quotes around the name', `xhr.setRequestHeader("X-CSRFToken', "tok123")`, null],
    ['a quote inside the token', `xhr.setRequestHeader("X-CSRFToken", "to"k")`, null],
    [
      'an escape inside the token',
      String.raw`xhr.setRequestHeader("X-CSRFToken", "to\x22k")`,
      null,
    ],
    ['whitespace inside the token', `xhr.setRequestHeader("X-CSRFToken", "to k")`, null],
    ['a newline inside the token', `xhr.setRequestHeader("X-CSRFToken", "to\nk")`, null],
    ['a header-splitting attempt', `xhr.setRequestHeader("X-CSRFToken", "tok\r\nX-Evil: 1")`, null],
    ['non-ASCII in the token', `xhr.setRequestHeader("X-CSRFToken", "tök")`, null],
    ['a longer header name', `xhr.setRequestHeader("X-CSRFToken2", "tok123")`, null],
    ['a token of 257 characters', `setRequestHeader("X-CSRFToken", "${'a'.repeat(257)}")`, null],
    [
      'a token of 256 characters',
      `setRequestHeader("X-CSRFToken", "${'a'.repeat(256)}")`,
      'a'.repeat(256),
    ],
    [
      'a refused token before a good one',
      `setRequestHeader("X-CSRFToken", "b a d"); setRequestHeader("X-CSRFToken", "good")`,
      'good',
    ],
  ])('%s', (_name, script, expected) => {
    expect(readCsrfToken(script)).toBe(expected);
  });

  it('stays fast on large hostile text', () => {
    const hostile =
      'setRequestHeader('.repeat(20_000) +
      `setRequestHeader("X-CSRFToken", "${'a'.repeat(100_000)}` +
      ' '.repeat(100_000);
    const started = performance.now();
    expect(readCsrfToken(hostile)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
