/**
 * What an admin, a cron job or the ACME client's automation does behind the GUI's back (docs/opnsense.md
 * §3): `configctl haproxy reload|restart|stop|start` on the firewall's shell. It runs the same
 * configd action as the GUI, with the same faults, and no GUI request is involved.
 */
import type { HaproxyService } from './haproxy-manager.ts';

export const SHELL_ACTIONS = ['reload', 'restart', 'stop', 'start'] as const;
export type ShellAction = (typeof SHELL_ACTIONS)[number];

export type ParsedShellCommand =
  { kind: 'configctl'; action: ShellAction } | { kind: 'error'; message: string };

/** Accepts `configctl haproxy <action>` (or `/usr/local/sbin/configctl …`), spaces as in a shell. */
export function parseShellCommand(command: unknown): ParsedShellCommand {
  if (typeof command !== 'string') return { kind: 'error', message: 'command must be a string' };
  const words = command.trim().split(/\s+/);
  const [program, service, action, ...rest] = words;
  const known = SHELL_ACTIONS.find((a) => a === action);
  if (
    (program !== 'configctl' && program !== '/usr/local/sbin/configctl') ||
    service !== 'haproxy' ||
    known === undefined ||
    rest.length > 0
  ) {
    return {
      kind: 'error',
      message: `unknown command ${JSON.stringify(command)}; known: ${SHELL_ACTIONS.map((a) => `configctl haproxy ${a}`).join(', ')}`,
    };
  }
  return { kind: 'configctl', action: known };
}

/** Runs the configd action and returns what configctl prints: `OK` or `Error (1)`. */
export async function runShellAction(
  service: HaproxyService,
  action: ShellAction,
): Promise<string> {
  const result = await service[action]();
  return result.ok ? 'OK' : 'Error (1)';
}
