import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firewallAddressProblem,
  haproxyPagePatterns,
  parseFirewallAddress,
  patternCoversOrigin,
  webOriginOf,
} from '../../../src/shared/origins.ts';

describe('parseFirewallAddress', () => {
  it.each([
    ['fw.example.lan', 'https://fw.example.lan', 'https://fw.example.lan/*'],
    ['fw.example.lan:8443', 'https://fw.example.lan:8443', 'https://fw.example.lan/*'],
    ['https://10.0.0.1:8443/ui/haproxy#users', 'https://10.0.0.1:8443', 'https://10.0.0.1/*'],
    ['  http://192.168.1.1  ', 'http://192.168.1.1', 'http://192.168.1.1/*'],
    ['https://[fd00::1]:4443/', 'https://[fd00::1]:4443', 'https://[fd00::1]/*'],
    ['HTTPS://FW.LAN', 'https://fw.lan', 'https://fw.lan/*'],
  ])(
    '%s → %s, permission %s (never with a port: Firefox ignores those)',
    (input, origin, pattern) => {
      expect(parseFirewallAddress(input)).toEqual({ origin, permissionPattern: pattern });
    },
  );

  it.each([
    '',
    '   ',
    'ftp://fw.lan',
    'javascript:alert(1)',
    'https://user:pw@fw.lan',
    'http://',
    'file:///etc/passwd',
  ])('refuses %j', (input) => {
    expect(parseFirewallAddress(input)).toBeNull();
  });

  it.each([
    ['*', 'wildcard'],
    ['*.lan', 'wildcard'],
    ['https://*', 'wildcard'],
    ['https://*:8443/ui/haproxy', 'wildcard'],
    ['http://fw.*.lan', 'wildcard'],
    ['https://fw%2A.lan', 'wildcard'],
    ['fw!.lan', 'host-characters'],
    ["fw'.lan", 'host-characters'],
    ['fw;x=1.lan', 'host-characters'],
    ['fw(1).lan', 'host-characters'],
    ['fw..lan', 'host-characters'],
    ['ftp://fw.lan', 'not-http'],
    ['', 'not-http'],
  ])('refuses %j as %s (issue 19, item 8)', (input, problem) => {
    expect(parseFirewallAddress(input)).toBeNull();
    expect(firewallAddressProblem(input)).toBe(problem);
  });

  it.each(['fw.lan', 'fw_1.lan', 'bücher.lan', '10.0.0.1', '[fd00::1]', 'FW-2.example.lan.'])(
    'names no problem for %j',
    (input) => {
      expect(firewallAddressProblem(input)).toBeNull();
    },
  );

  it('never throws and never yields a pattern with a port', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (input) => {
        const parsed = parseFirewallAddress(input);
        if (parsed) expect(parsed.permissionPattern).not.toContain('*.');
        if (parsed) expect(new URL(parsed.origin).hostname).not.toContain('*');
        if (parsed)
          expect(parsed.permissionPattern).toMatch(
            /^https?:\/\/[^/:]+(\]|[^/:]*)\/\*$|^https?:\/\/\[[^\]]+\]\/\*$/,
          );
      }),
    );
  });
});

describe('patternCoversOrigin', () => {
  it.each([
    ['https://fw.lan/*', 'https://fw.lan:8443', true],
    ['https://fw.lan/*', 'https://fw.lan', true],
    ['https://fw.lan/*', 'http://fw.lan', false],
    ['https://fw.lan/*', 'https://evil-fw.lan', false],
    ['https://fw.lan/*', 'https://fw.lan.evil.com', false],
    ['*://*/*', 'http://10.0.0.1:81', true],
    ['https://*.lan/*', 'https://fw.lan', true],
    ['https://*.lan/*', 'https://lan', true],
    ['https://*.lan/*', 'https://fwlan', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:43210', true],
    ['<all_urls>', 'https://fw.lan', false],
    ['https://fw.lan/*', 'not a url', false],
  ])('%s covers %s: %s', (pattern, origin, expected) => {
    expect(patternCoversOrigin(pattern, origin)).toBe(expected);
  });
});

describe('haproxyPagePatterns', () => {
  it.each([
    [
      'https://fw.lan/*',
      ['https://fw.lan/ui/haproxy', 'https://fw.lan/ui/haproxy?*', 'https://fw.lan/ui/haproxy/*'],
    ],
    [
      'http://127.0.0.1/*',
      [
        'http://127.0.0.1/ui/haproxy',
        'http://127.0.0.1/ui/haproxy?*',
        'http://127.0.0.1/ui/haproxy/*',
      ],
    ],
    ['*://*/*', ['*://*/ui/haproxy', '*://*/ui/haproxy?*', '*://*/ui/haproxy/*']],
    ['https://fw.lan/ui/*', []],
    ['garbage', []],
  ])('%s → %j', (pattern, expected) => {
    expect(haproxyPagePatterns(pattern)).toEqual(expected);
  });

  /** How the browsers match a URL (path and query, never the fragment) against a pattern. */
  function matches(pattern: string, url: string): boolean {
    const parsed = new URL(url);
    const [, , host = '', path = ''] = /^([^:]+):\/\/([^/]+)(\/.*)$/.exec(pattern) ?? [];
    if (host !== '*' && host !== parsed.hostname) return false;
    const regex = new RegExp(
      `^${path.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replaceAll('*', '.*')}$`,
    );
    return regex.test(parsed.pathname + parsed.search);
  }

  it.each([
    ['https://fw.lan:8443/ui/haproxy', true],
    ['https://fw.lan:8443/ui/haproxy#users', true],
    ['https://fw.lan/ui/haproxy?x=1', true],
    ['https://fw.lan/ui/haproxy/statistics', true],
    ['https://fw.lan/ui/haproxy/maintenance#tab', true],
    ['https://fw.lan/ui/haproxyfoo', false],
    ['https://fw.lan/ui/diagnostics/activity', false],
    ['https://fw.lan/', false],
  ])('%s is a HAProxy page: %s', (url, expected) => {
    expect(haproxyPagePatterns('https://fw.lan/*').some((pattern) => matches(pattern, url))).toBe(
      expected,
    );
  });
});

describe('webOriginOf', () => {
  it.each([
    ['https://fw.lan:8443/ui/haproxy#users', 'https://fw.lan:8443'],
    ['http://127.0.0.1:41234/ui/haproxy?x=1', 'http://127.0.0.1:41234'],
    ['HTTPS://FW.LAN:443/', 'https://fw.lan'],
    ['chrome-extension://abc/src/popup/index.html', null],
    ['about:blank', null],
    ['file:///etc/passwd', null],
    ['not a url', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (url, origin) => {
    expect(webOriginOf(url)).toBe(origin);
  });
});
