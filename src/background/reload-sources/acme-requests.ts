/**
 * The ACME client's requests that restart HAProxy, as the request follower (request-follower.ts)
 * sees them go out and end: no check of their own; once answered (or ended without an answer), the
 * restart is followed by the newest PID (restart-follower.ts) from the time the request was sent.
 * A request OPNsense answered with an error restarted nothing (docs/opnsense.md §8).
 */
import { acmeRestartFor, type AcmeRestartRequest } from './reload-requests.ts';
import type { RestartFollower } from './restart-follower.ts';
import { sentByFirewallItself, type RequestInitiator } from './request-initiator.ts';

/** The fields of webRequest's details read here. */
export interface AcmeRequestDetails extends RequestInitiator {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly tabId: number;
  readonly statusCode?: number;
}

export interface AcmeRequestsDeps {
  readonly restarts: Pick<RestartFollower, 'follow'>;
  /** Settles once the state stored before a worker restart is back. */
  readonly ready: Promise<void>;
  isEnabled(origin: string): Promise<boolean>;
  now(): number;
}

export interface AcmeRequests {
  /** Whether this request is one of the ACME client's restarts (then it is noted, and taken). */
  sent(details: AcmeRequestDetails): boolean;
  /** Whether this request was noted by `sent`. */
  has(requestId: string): boolean;
  /** The request ended: with an answer (`answered`), or without one. */
  ended(details: AcmeRequestDetails, answered: boolean): Promise<void>;
}

export function createAcmeRequests(deps: AcmeRequestsDeps): AcmeRequests {
  /** ACME requests seen going out, by request id, with the time they were sent. */
  const out = new Map<string, { readonly request: AcmeRestartRequest; readonly since: number }>();
  return {
    sent(details) {
      const request = details.tabId >= 0 ? acmeRestartFor(details.url, details.method) : null;
      // Another website's blind POST to the firewall starts nothing (request-initiator.ts).
      if (!request || !sentByFirewallItself(details, request.origin)) return false;
      out.set(details.requestId, { request, since: deps.now() });
      return true;
    },
    has: (requestId) => out.has(requestId),
    async ended(details, answered) {
      const sent = out.get(details.requestId);
      out.delete(details.requestId);
      if (!sent) return;
      const status = details.statusCode ?? 0;
      // No answer at all (aborted, connection lost): the restart may run all the same.
      if (answered && (status < 200 || status >= 300)) return;
      await deps.ready;
      if (!(await deps.isEnabled(sent.request.origin))) return;
      await deps.restarts.follow(sent.request, details.tabId, sent.since);
    },
  };
}
