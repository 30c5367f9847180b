/**
 * Reads `/api/haproxy/statistics/info`: HAProxy's `show info` of the process that owns the stats
 * socket (the newest one), as a flat object of strings. The plugin splits each line at its first
 * `:`, so values that contain a colon arrive cut; only colon-free fields are read here.
 */
import { isRecord, ownField } from './json-fields.ts';
import type { CurrentProcessInfo } from './model.ts';

// Longer than any HAProxy version string; a longer value is not one.
const MAX_VERSION_LENGTH = 64;

/**
 * The current process's PID, uptime, stopping flag and version, or null when the answer has no
 * usable `Pid` (the socket was missing, an error object, anything that is not `show info`).
 * Also null without a usable `Uptime_sec`: every HAProxy since 1.4 prints it, so an answer
 * without it is not a `show info`, and the verdict cannot date the process without it.
 * Never throws.
 */
export function readCurrentProcessInfo(answer: unknown): CurrentProcessInfo | null {
  if (!isRecord(answer)) return null;
  const pid = readInteger(ownField(answer, 'Pid'));
  const uptimeSeconds = readInteger(ownField(answer, 'Uptime_sec'));
  if (pid === null || pid <= 0 || uptimeSeconds === null) return null;
  return {
    pid,
    uptimeSeconds,
    // `Stopping` exists since HAProxy 1.8; older versions have no such state to report.
    stopping: readInteger(ownField(answer, 'Stopping')) === 1,
    version: readVersion(ownField(answer, 'Version')),
  };
}

function readInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

function readVersion(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' || text.length > MAX_VERSION_LENGTH ? null : text;
}
