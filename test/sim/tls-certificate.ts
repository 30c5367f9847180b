/**
 * The web GUI's certificate: like an OPNsense install (docs/opnsense.md §6), the sim makes a new self-signed
 * certificate every time it starts, so a browser shows its warning page once per sim.
 *
 * Made with the `openssl` CLI: an EC P-256 key and certificate take about 15 ms, it is what
 * OPNsense itself builds certificates with, and node's crypto cannot write an X.509 certificate.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface GuiCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** `AB:CD:…`, what a browser's certificate viewer shows as the SHA-256 fingerprint. */
  readonly fingerprint256: string;
}

const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`, 'i');

/** A host name or an IP address; nothing that could smuggle a comma into the openssl config. */
export function isValidHostName(name: string): boolean {
  return isIP(name) !== 0 || (name.length <= 253 && DNS_NAME.test(name));
}

/**
 * The subjectAltName entries: the host name, every alt name, `localhost` and `127.0.0.1`,
 * each once, IP addresses as `IP:`, names as `DNS:`.
 */
export function subjectAltNames(hostname: string, altNames: readonly string[] = []): string[] {
  const names = [hostname, ...altNames, 'localhost', '127.0.0.1'];
  for (const name of names) {
    if (!isValidHostName(name)) throw new Error(`not a host name or IP address: ${name}`);
  }
  const unique = [...new Set(names.map((n) => (isIP(n) === 0 ? n.toLowerCase() : n)))];
  return unique.map((n) => (isIP(n) === 0 ? `DNS:${n}` : `IP:${n}`));
}

/** The openssl config: a server certificate (not a CA) for exactly these names. */
export function opensslConfig(hostname: string, altNames: readonly string[] = []): string {
  return [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    'x509_extensions = ext',
    '[dn]',
    'O = OPNsense self-signed web certificate',
    `CN = ${hostname}`,
    '[ext]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    `subjectAltName = ${subjectAltNames(hostname, altNames).join(', ')}`,
    '',
  ].join('\n');
}

/** Writes `gui.cnf`, `gui.key` and `gui.crt` into `dir` and returns the PEMs. */
export async function generateGuiCertificate(
  dir: string,
  hostname: string,
  altNames: readonly string[] = [],
): Promise<GuiCertificate> {
  const config = join(dir, 'gui.cnf');
  const keyPath = join(dir, 'gui.key');
  const certPath = join(dir, 'gui.crt');
  writeFileSync(config, opensslConfig(hostname, altNames));
  await new Promise<void>((resolve, reject) => {
    execFile(
      'openssl',
      [
        'req',
        '-x509',
        '-config',
        config,
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-sha256',
        '-days',
        '30',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { timeout: 10_000 },
      (error, _stdout, stderr) => {
        if (error === null) resolve();
        else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          reject(new Error('openssl not found: apt-get install openssl'));
        else reject(new Error(`openssl failed: ${stderr.trim() || error.message}`));
      },
    );
  });
  const certPem = readFileSync(certPath, 'utf8');
  return {
    certPem,
    keyPem: readFileSync(keyPath, 'utf8'),
    fingerprint256: new X509Certificate(certPem).fingerprint256,
  };
}
