/**
 * A real HTTP server on 127.0.0.1 that answers like OPNsense, per path, and records what it
 * received. Tests talk to it with the real fetch, so headers and bodies are what a browser sends.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Reply =
  | {
      readonly status?: number;
      /** A value is sent as JSON; a string is sent as is. */
      readonly json?: unknown;
      readonly text?: string;
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Accept the request and never answer. */
  | 'hang'
  /** Send headers and the start of a body, then stall. */
  | 'hang-mid-body';

export type Route = Reply | ((request: Received) => Reply);

export interface StandIn {
  readonly origin: string;
  readonly received: readonly Received[];
  /** Resolves once `count` requests have arrived (a condition, not a sleep). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStandIn(routes: Readonly<Record<string, Route>>): Promise<StandIn> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();

      const route = routes[entry.path];
      const reply: Reply =
        route === undefined
          ? { status: 404, text: '<html><body>Page not found</body></html>' }
          : typeof route === 'function'
            ? route(entry)
            : route;
      if (reply === 'hang') return;
      if (reply === 'hang-mid-body') {
        response.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' });
        response.write('{"details":[');
        return;
      }
      const isJson = reply.json !== undefined;
      response.writeHead(reply.status ?? 200, {
        'Content-Type':
          reply.contentType ?? (isJson ? 'application/json; charset=UTF-8' : 'text/html'),
        ...reply.headers,
      });
      response.end(isJson ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    waitForRequests(count) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      // Hanging requests keep sockets open; close() alone would wait for them forever.
      server.closeAllConnections();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
  };
}

/** An origin whose port was open a moment ago and is now closed: connection refused. */
export async function closedOrigin(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}
