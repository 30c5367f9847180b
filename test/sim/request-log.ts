/**
 * What reached the stand-in, one entry per request: when, what, and which credentials it carried.
 * The watch tests need it to prove that the extension polls with the API key only (a session
 * cookie would keep the admin's GUI session alive for ever, docs/opnsense.md §4) and that a watch turned off
 * asks nothing at all. The sim's own control endpoints (`/__sim/*`) are not logged: they are the
 * test's requests, not the browser's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies } from './auth.ts';

export interface SimRequest {
  /** Epoch ms when the request arrived. */
  readonly at: number;
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  /** An `Authorization` header was sent: OPNsense then takes the API-key path (isExternalClient). */
  readonly apiKey: boolean;
  /** A `PHPSESSID` cookie was sent, whether or not it names a live session. */
  readonly sessionCookie: boolean;
  /** The answer's status; null while in flight or when the connection was dropped. */
  status: number | null;
}

export interface RequestLog {
  record(req: IncomingMessage, res: ServerResponse): void;
  /** A copy of the entries, oldest first; `since` (epoch ms, inclusive) keeps the later ones. */
  entries(filter?: { readonly since?: number }): SimRequest[];
}

/** Keeps the newest entries only, so a demo sim left running for days stays small. */
export const REQUEST_LOG_LIMIT = 10_000;

export function createRequestLog(now: () => number = Date.now): RequestLog {
  const log: SimRequest[] = [];
  return {
    record(req, res) {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path.startsWith('/__sim/')) return;
      const authorization = req.headers.authorization;
      const entry: SimRequest = {
        at: now(),
        method: req.method ?? 'GET',
        path,
        apiKey: authorization !== undefined && authorization !== '',
        sessionCookie: parseCookies(req.headers.cookie).has('PHPSESSID'),
        status: null,
      };
      log.push(entry);
      if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT);
      res.once('finish', () => {
        entry.status = res.statusCode;
      });
    },
    entries({ since = -Infinity } = {}) {
      return log.filter((entry) => entry.at >= since).map((entry) => ({ ...entry }));
    },
  };
}
