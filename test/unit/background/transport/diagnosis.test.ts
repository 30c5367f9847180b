import { describe, expect, it } from 'vitest';
import { withNetErrorDiagnosis } from '../../../../src/background/transport/diagnosed-fetch.ts';
import type {
  ErrorEventDetails,
  ErrorEventSource,
} from '../../../../src/background/transport/net-error-log.ts';
import type { FirewallFetch } from '../../../../src/opnsense/client.ts';
import { TransportFailure, classifyNetError } from '../../../../src/opnsense/transport-failure.ts';
import { NO_TIMER } from '../manual-clock.ts';

/** A webRequest.onErrorOccurred stand-in that remembers its listeners and their filters. */
class FakeErrorEvents implements ErrorEventSource {
  readonly listeners = new Map<(details: ErrorEventDetails) => void, string[]>();
  addListener(listener: (details: ErrorEventDetails) => void, filter: { urls: string[] }) {
    this.listeners.set(listener, filter.urls);
  }
  removeListener(listener: (details: ErrorEventDetails) => void) {
    this.listeners.delete(listener);
  }
  emit(details: ErrorEventDetails) {
    for (const listener of [...this.listeners.keys()]) listener(details);
  }
}

const URL_A = 'https://fw.example.lan:8443/api/haproxy/service/status';
const immediate = (callback: () => void) => {
  callback();
  return NO_TIMER;
};
const never = () => NO_TIMER;

describe('classifyNetError', () => {
  it.each([
    ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'certificate'],
    ['net::ERR_CERT_DATE_INVALID', 'certificate'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'certificate'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'certificate'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'certificate'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'certificate'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'certificate'],
    // What Firefox ESR 153's webRequest.onErrorOccurred actually says (measured).
    ['The certificate is not trusted because it is self-signed.', 'certificate'],
    ['The certificate is not trusted because the issuer certificate is unknown.', 'certificate'],
    ['Peer’s Certificate issuer is not recognized.', 'certificate'],
    ['The certificate is only valid for fw.example.lan', 'certificate'],
    ['net::ERR_CONNECTION_REFUSED', 'unreachable'],
    ['net::ERR_NAME_NOT_RESOLVED', 'unreachable'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'unreachable'],
    ['NS_ERROR_CONNECTION_REFUSED', 'unreachable'],
    ['NS_ERROR_UNKNOWN_HOST', 'unreachable'],
    ['net::ERR_ABORTED', 'unreachable'],
    ['', 'unknown'],
    ['   ', 'unknown'],
    [null, 'unknown'],
  ] as const)('%j is %s', (netError, reason) => {
    expect(classifyNetError(netError)).toBe(reason);
  });
});

describe('withNetErrorDiagnosis', () => {
  it('names a certificate problem that the browser reported for this URL', async () => {
    const events = new FakeErrorEvents();
    const base: FirewallFetch = () => {
      // The browser's event and fetch's rejection travel separately: here the event comes first.
      events.emit({ url: URL_A, error: 'net::ERR_CERT_AUTHORITY_INVALID' });
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    const error: unknown = await withNetErrorDiagnosis(
      base,
      events,
      never,
    )(URL_A, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportFailure);
    expect(error).toMatchObject({
      reason: 'certificate',
      netError: 'net::ERR_CERT_AUTHORITY_INVALID',
    });
    expect(events.listeners.size).toBe(0);
  });

  it('waits for an event that arrives after the rejection', async () => {
    const events = new FakeErrorEvents();
    let fire: () => void = () => undefined;
    const base: FirewallFetch = () => {
      fire = () => {
        events.emit({ url: URL_A, error: 'SEC_ERROR_UNKNOWN_ISSUER' });
      };
      return Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'));
    };
    const pending = withNetErrorDiagnosis(base, events, never)(URL_A, {}).catch((e: unknown) => e);
    await Promise.resolve();
    await Promise.resolve();
    fire();
    expect(await pending).toMatchObject({ reason: 'certificate' });
  });

  it('ignores errors of other URLs and gives up waiting: unknown, so "cannot be reached"', async () => {
    const events = new FakeErrorEvents();
    const base: FirewallFetch = () => {
      events.emit({ url: 'https://other.lan/x', error: 'net::ERR_CERT_AUTHORITY_INVALID' });
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    const error: unknown = await withNetErrorDiagnosis(
      base,
      events,
      immediate,
    )(URL_A, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unknown', netError: null });
  });

  it('listens only for the firewall host, without the port (Firefox rejects ports in patterns)', async () => {
    const events = new FakeErrorEvents();
    let filters: string[] = [];
    const base: FirewallFetch = () => {
      filters = [...events.listeners.values()].flat();
      return Promise.resolve({ status: 200, type: 'basic', text: () => Promise.resolve('{}') });
    };
    await withNetErrorDiagnosis(base, events, never)(URL_A, {});
    expect(filters).toEqual(['https://fw.example.lan/*']);
    expect(events.listeners.size).toBe(0);
  });

  it('leaves an abort as it is', async () => {
    const controller = new AbortController();
    const base: FirewallFetch = () => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    };
    const error: unknown = await withNetErrorDiagnosis(
      base,
      new FakeErrorEvents(),
      never,
    )(URL_A, {
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('without webRequest every failure is unknown', async () => {
    const base: FirewallFetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error: unknown = await withNetErrorDiagnosis(
      base,
      null,
      never,
    )(URL_A, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unknown' });
  });
});
