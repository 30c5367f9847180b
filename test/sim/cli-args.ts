/** Parses `npm run sim -- …` arguments into SimOptions. Pure, so it is tested with tables. */
import { FAULT_FLAGS, type Faults } from './faults.ts';
import type { SimOptions } from './index.ts';

export const USAGE = `Usage: npm run sim -- [options]
  --port N                      GUI port (default: a free port)
  --users user0,user1           initial userlist users (password: <name>-pass)
  --stop-mode hard|graceful|seamless
  --hard-stop-after 60s         HAProxy hard-stop-after ('' for none)
  --fault NAME                  repeatable: ${Object.keys(FAULT_FLAGS).join(', ')}
  --no-start                    do not start haproxy at boot
  --help`;

export type CliResult =
  { kind: 'run'; options: SimOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const STOP_MODES = ['hard', 'graceful', 'seamless'] as const;

export function parseCliArgs(argv: readonly string[]): CliResult {
  const options: SimOptions = {};
  const faults: Partial<Faults> = {};
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
        const users = (value() ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== '');
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
      case '--fault': {
        const v = value() ?? '';
        const patch = FAULT_FLAGS[v];
        if (patch === undefined) {
          return {
            kind: 'error',
            message: `unknown fault ${v}; known: ${Object.keys(FAULT_FLAGS).join(', ')}`,
          };
        }
        Object.assign(faults, patch);
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
  return { kind: 'run', options };
}
