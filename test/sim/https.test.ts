/**
 * The GUI is served like a fresh OPNsense install (docs/opnsense.md §6): HTTPS under a host name, with a
 * self-signed certificate made at each start, trusted by nothing but the caller who was given it.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchFromSim, simFetch, type SimAddress } from './index.ts';
import { simPerTest } from './test-helpers.ts';
import { generateGuiCertificate } from './tls-certificate.ts';

const startSim = simPerTest();

/** The error code node reports for a failed fetch (undici wraps it in `cause`). */
async function fetchError(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
  return 'no error';
}

describe('HTTPS by default', () => {
  it('serves https://fw.test:PORT with a certificate for its names, trusted only by simFetch', async () => {
    const sim = await startSim({ startHaproxy: false, altNames: ['fw.example.lan', '192.0.2.1'] });
    const port = new URL(sim.loopbackUrl).port;
    expect(sim.scheme).toBe('https');
    expect(sim.hostname).toBe('fw.test');
    expect(sim.url).toBe(`https://fw.test:${port}`);
    expect(sim.loopbackUrl).toBe(`https://127.0.0.1:${port}`);

    const cert = new X509Certificate(sim.certificatePem ?? '');
    expect(cert.subjectAltName?.split(', ')).toEqual([
      'DNS:fw.test',
      'DNS:fw.example.lan',
      'IP Address:192.0.2.1',
      'DNS:localhost',
      'IP Address:127.0.0.1',
    ]);
    expect(cert.ca).toBe(false);
    // Self-signed: its own issuer, signed by its own key.
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(sim.certificateFingerprint256).toBe(cert.fingerprint256);

    // By its name, by address and as localhost: the certificate covers all three.
    for (const url of [sim.url, sim.loopbackUrl, `https://localhost:${port}`]) {
      const res = await fetchFromSim(sim, `${url}/`);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('name="usernamefld"');
    }
    // Node's own trust store does not know it, as a browser does not before the warning page.
    expect(await fetchError(globalThis.fetch(`${sim.loopbackUrl}/`))).toBe(
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    );
    // A name the sim does not carry is not resolved to it.
    expect(await fetchError(fetchFromSim(sim, `https://other.test:${port}/`))).toBe('ENOTFOUND');
  });

  it('makes a new certificate at each start and trusts no other sim’s', async () => {
    const a = await startSim({ startHaproxy: false });
    const b = await startSim({ startHaproxy: false });
    expect(a.certificatePem).not.toBe(b.certificatePem);
    const wrongTrust: SimAddress = { ...a, certificatePem: b.certificatePem };
    expect(await fetchError(simFetch(wrongTrust)('/'))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect((await simFetch(a)('/')).status).toBe(200);
  });

  it('checks the name against the certificate: a name it does not list is refused', async () => {
    const sim = await startSim({ startHaproxy: false, hostname: 'fw.example.lan' });
    const port = new URL(sim.loopbackUrl).port;
    expect(sim.url).toBe(`https://fw.example.lan:${port}`);
    expect((await simFetch(sim)('/')).status).toBe(200);
    // Reached as fw.test, which this certificate does not name.
    const misnamed: SimAddress = { ...sim, url: `https://fw.test:${port}`, hostname: 'fw.test' };
    expect(await fetchError(simFetch(misnamed)('/'))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('generates the certificate well under a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hrg-cert-'));
    try {
      const started = performance.now();
      const cert = await generateGuiCertificate(dir, 'fw.test');
      expect(performance.now() - started).toBeLessThan(500);
      const x509 = new X509Certificate(cert.certPem);
      expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
      expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a host name that is not one', async () => {
    await expect(startSim({ hostname: 'fw.test, DNS:evil' })).rejects.toThrow(
      'not a host name or IP address',
    );
  });
});

describe('plain HTTP on request', () => {
  it('serves http://fw.test:PORT without a certificate and without Secure cookies', async () => {
    const sim = await startSim({ scheme: 'http', startHaproxy: false });
    const port = new URL(sim.loopbackUrl).port;
    expect(sim.url).toBe(`http://fw.test:${port}`);
    expect(sim.loopbackUrl).toBe(`http://127.0.0.1:${port}`);
    expect(sim.certificatePem).toBeNull();
    expect(sim.certificateFingerprint256).toBeNull();
    expect((await simFetch(sim)('/')).status).toBe(200);
    expect((await globalThis.fetch(`${sim.loopbackUrl}/`)).status).toBe(200);
  });
});
