/**
 * Talks to HAProxy's stats socket (`show info`) and shapes the answer the way OPNsense's
 * `queryStats.php info` does for `/api/haproxy/statistics/info`.
 */
import { connect } from 'node:net';

/** Sends one command and returns the whole answer, or null when the socket cannot be used. */
export function socketCommand(
  socketPath: string,
  command: string,
  timeoutMs = 2000,
): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    socket.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/**
 * `show info` as a flat object of strings. Like queryStats.php: `#` removed, each line split on
 * every `:`, so a value that itself holds a colon keeps only the part before it.
 */
export function parseShowInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#/g, '').trim();
    if (line === '') continue;
    const [key = '', value = ''] = line.split(':');
    info[key.trim()] = value.trim();
  }
  return info;
}
