import { describe, expect, it } from 'vitest';
import {
  apiKeyAllowedFor,
  patternSendsInClear,
  sendsInClear,
} from '../../../src/shared/transport-security.ts';

describe('sendsInClear and apiKeyAllowedFor', () => {
  it.each([
    // HTTPS, whatever the host or port.
    ['https://fw.example.lan:8443', false],
    ['https://192.168.1.1', false],
    // Plain HTTP on the network: readable on the path.
    ['http://fw.example.lan', true],
    ['http://192.168.1.1:8080', true],
    ['http://10.0.0.1', true],
    ['http://[fe80::1]', true],
    ['http://[::ffff:127.0.0.1]', true],
    // Hosts that only look like loopback.
    ['http://localhost.evil.example', true],
    ['http://127.0.0.1.nip.io', true],
    ['http://1.127.0.0', true],
    // Loopback never leaves the machine (W3C Secure Contexts §3.1).
    ['http://127.0.0.1:41234', false],
    ['http://127.1', false],
    ['http://0x7f.0.0.1', false],
    ['http://127.255.255.254', false],
    ['http://localhost:8080', false],
    ['http://LOCALHOST', false],
    ['http://fw.localhost', false],
    ['http://[::1]:8443', false],
    ['http://[0:0:0:0:0:0:0:1]', false],
    // Not an address at all: the worst case.
    ['not a url', true],
    ['', true],
  ])('%s sends in clear: %s', (origin, clear) => {
    expect(sendsInClear(origin)).toBe(clear);
    expect(apiKeyAllowedFor(origin)).toBe(!clear);
  });
});

describe('patternSendsInClear', () => {
  it.each([
    ['https://fw.example.lan/*', false],
    ['http://fw.example.lan/*', true],
    ['http://127.0.0.1/*', false],
    ['http://localhost/*', false],
    ['*://fw.example.lan/*', true],
    ['http://*/*', true],
    ['https://*/*', false],
    ['*://*.lan/*', true],
    ['<all_urls>', false],
    ['moz-extension://abc/*', false],
  ])('%s: %s', (pattern, clear) => {
    expect(patternSendsInClear(pattern)).toBe(clear);
  });
});
