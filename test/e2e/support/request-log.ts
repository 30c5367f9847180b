/**
 * Counts requests at the stand-in's server, without touching it: the sims run in this process
 * (the benchmark's, or the vitest worker of an end-to-end file), and Node publishes every
 * incoming HTTP request on the `http.server.request.start` diagnostics channel
 * (https://nodejs.org/api/diagnostics_channel.html#http). Each request is tagged with the port of
 * the server that received it, so sims running side by side are counted apart.
 *
 * Who sent it is read from the Fetch Metadata headers Chromium adds: the extension's service
 * worker fetches with `Sec-Fetch-Site: none` and no Referer; the page's own jQuery calls are
 * `same-origin` with a Referer; navigations are `Sec-Fetch-Mode: navigate`. The benchmark's own
 * direct API calls carry `X-Bench: 1`.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type Sender = 'extension' | 'page' | 'navigation' | 'bench';

export interface LoggedRequest {
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly sender: Sender;
  /** Epoch ms when the request reached the server. */
  readonly start: number;
  /** Epoch ms when the answer was sent; null while in flight. */
  end: number | null;
  status: number | null;
}

interface StartMessage {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly server: Server;
}

export const PROCESS_LIST_PATH = /^\/api\/diagnostics\/activity\/get_?activity/i;

export function senderOf(request: IncomingMessage): Sender {
  const h = request.headers;
  if (h['x-bench'] === '1') return 'bench';
  if (h['sec-fetch-mode'] === 'navigate') return 'navigation';
  const fromExtension =
    (h['sec-fetch-site'] === 'none' && h.referer === undefined) ||
    (h.origin?.startsWith('chrome-extension://') ?? false);
  return fromExtension ? 'extension' : 'page';
}

export interface RequestLog {
  /** Requests to the server on `port`, optionally from `since` (epoch ms, inclusive) on. */
  requests(
    port: number,
    filter?: { since?: number; until?: number; sender?: Sender },
  ): LoggedRequest[];
  close(): void;
}

export function startRequestLog(): RequestLog {
  const log: LoggedRequest[] = [];
  const onStart = (message: unknown) => {
    const { request, response, server } = message as StartMessage;
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const entry: LoggedRequest = {
      port,
      method: request.method ?? '',
      path: new URL(request.url ?? '/', 'http://x').pathname,
      sender: senderOf(request),
      start: Date.now(),
      end: null,
      status: null,
    };
    log.push(entry);
    response.once('finish', () => {
      entry.end = Date.now();
      entry.status = response.statusCode;
    });
  };
  subscribe('http.server.request.start', onStart);
  return {
    requests(port, { since = -Infinity, until = Infinity, sender } = {}) {
      return log.filter(
        (entry) =>
          entry.port === port &&
          entry.start >= since &&
          entry.start <= until &&
          (sender === undefined || entry.sender === sender),
      );
    },
    close() {
      unsubscribe('http.server.request.start', onStart);
    },
  };
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** `{ "GET /api/…": 2, … }`, sorted by path. */
export function byEndpoint(requests: readonly LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of [...requests].sort((a, b) => a.path.localeCompare(b.path))) {
    const key = `${r.method} ${r.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
