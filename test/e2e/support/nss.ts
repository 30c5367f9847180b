/**
 * Trusts certificates in an NSS database (libnss3-tools' certutil), the way an admin's machine
 * trusts an internal CA or an ACME certificate: Chromium and Firefox on Linux both read user trust
 * from one, each with its own trust flags.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates an NSS database in `dir` and adds each PEM certificate with `trust` (certutil's `-t`). */
export function trustInNssDatabase(
  dir: string,
  certificates: readonly string[],
  trust: string,
): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  certificates.forEach((pem, index) => {
    const file = join(dir, `trusted-${String(index)}.pem`);
    writeFileSync(file, pem);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${dir}`,
      '-n',
      `fw-${String(index)}`,
      '-t',
      trust,
      '-i',
      file,
    ]);
  });
}
