/** Parses `npm run sim -- …` arguments into SimOptions. Pure, so it is tested with tables. */
import { FAULT_FLAGS, type Faults } from './faults.ts';
import type { OpnsenseVersion, SimOptions, SyncTarget } from './index.ts';
import { isValidHostName } from './tls-certificate.ts';

export const USAGE = `Usage: npm run sim -- [options]
  --http                        plain HTTP instead of HTTPS with a self-signed certificate
  --hostname fw.test            the name to open it by (default fw.test; map it to 127.0.0.1)
  --alt-names a.lan,10.0.0.1    more names for the certificate
  --opnsense-version 25.7|24.7|24.1  whose API quirks to show (default 25.7)
  --port N                      GUI port (default: a free port)
  --users user0,user1           initial userlist users (password: <name>-pass)
  --stop-mode hard|graceful|seamless
  --hard-stop-after 60s         HAProxy hard-stop-after ('' for none)
  --fault NAME                  repeatable: ${Object.keys(FAULT_FLAGS).join(', ')}
  --slow-stop-ms N              a stop answers no sooner than N ms after it began
  --no-start                    do not start haproxy at boot
  --ha-pair                     an HA/CARP pair: this master plus a backup (fw-backup.test)
  --sync-to url|address|unreachable|TEXT
                                the master's hasync.synchronizetoip (default url: the backup's URL)
  --backup-fault NAME           repeatable: a fault of the backup (same names as --fault)
  --help`;

/** `--ha-pair`: what the CLI starts besides the master. */
export interface HaPairArgs {
  readonly synchronizeTo: SyncTarget;
  readonly backupFaults: Partial<Faults>;
}

export type CliResult =
  | { kind: 'run'; options: SimOptions; haPair?: HaPairArgs }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const STOP_MODES = ['hard', 'graceful', 'seamless'] as const;
const VERSIONS: readonly OpnsenseVersion[] = ['25.7', '24.7', '24.1'];
const SYNC_MODES = ['url', 'address', 'unreachable'] as const;

const splitList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');

export function parseCliArgs(argv: readonly string[]): CliResult {
  const options: SimOptions = {};
  const faults: Partial<Faults> = {};
  const backupFaults: Partial<Faults> = {};
  let haPair = false;
  let synchronizeTo: SyncTarget | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--http':
        options.scheme = 'http';
        break;
      case '--hostname': {
        const v = value();
        if (v === undefined || !isValidHostName(v)) {
          return { kind: 'error', message: `--hostname needs a host name, got ${v ?? 'nothing'}` };
        }
        options.hostname = v;
        break;
      }
      case '--alt-names': {
        const names = splitList(value());
        const bad = names.find((n) => !isValidHostName(n));
        if (names.length === 0 || bad !== undefined) {
          return {
            kind: 'error',
            message: `--alt-names needs comma-separated host names or IPs${bad === undefined ? '' : `, got ${bad}`}`,
          };
        }
        options.altNames = names;
        break;
      }
      case '--opnsense-version': {
        const v = value();
        const version = VERSIONS.find((x) => x === v);
        if (version === undefined)
          return { kind: 'error', message: `--opnsense-version must be ${VERSIONS.join('|')}` };
        options.opnsenseVersion = version;
        break;
      }
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          return { kind: 'error', message: `--port needs a port number, got ${v ?? 'nothing'}` };
        }
        options.port = port;
        break;
      }
      case '--users': {
        const users = splitList(value());
        if (users.length === 0)
          return { kind: 'error', message: '--users needs a comma-separated list' };
        options.users = users;
        break;
      }
      case '--stop-mode': {
        const v = value();
        const mode = STOP_MODES.find((m) => m === v);
        if (mode === undefined)
          return { kind: 'error', message: `--stop-mode must be ${STOP_MODES.join('|')}` };
        options.stopMode = mode;
        break;
      }
      case '--hard-stop-after': {
        const v = value();
        if (v === undefined) return { kind: 'error', message: '--hard-stop-after needs a value' };
        options.hardStopAfter = v;
        break;
      }
      case '--ha-pair':
        haPair = true;
        break;
      case '--sync-to': {
        const v = value();
        if (v === undefined || v === '')
          return { kind: 'error', message: '--sync-to needs a value' };
        synchronizeTo = SYNC_MODES.find((m) => m === v) ?? { value: v };
        break;
      }
      case '--backup-fault':
      case '--fault': {
        const v = value() ?? '';
        const patch = FAULT_FLAGS[v];
        if (patch === undefined) {
          return {
            kind: 'error',
            message: `unknown fault ${v}; known: ${Object.keys(FAULT_FLAGS).join(', ')}`,
          };
        }
        Object.assign(flag === '--fault' ? faults : backupFaults, patch);
        break;
      }
      case '--slow-stop-ms': {
        const v = value();
        const ms = Number(v);
        if (v === undefined || v === '' || !Number.isInteger(ms) || ms < 0) {
          return {
            kind: 'error',
            message: `--slow-stop-ms needs a number of ms, got ${v ?? 'nothing'}`,
          };
        }
        faults.slowStopMs = ms;
        break;
      }
      case '--no-start':
        options.startHaproxy = false;
        break;
      default:
        return { kind: 'error', message: `unknown argument ${arg}` };
    }
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  if (!haPair) {
    if (synchronizeTo !== null || Object.keys(backupFaults).length > 0) {
      return { kind: 'error', message: '--sync-to and --backup-fault need --ha-pair' };
    }
    return { kind: 'run', options };
  }
  return { kind: 'run', options, haPair: { synchronizeTo: synchronizeTo ?? 'url', backupFaults } };
}
