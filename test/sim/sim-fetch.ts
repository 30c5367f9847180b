/**
 * Reaching a sim from node the way a browser admin reaches the firewall: by its host name
 * (`https://fw.test:PORT`), trusting its self-signed certificate and nothing else. The name is
 * resolved to 127.0.0.1 here, since no resolver on the machine knows `fw.test`.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, fetch, type RequestInit, type Response } from 'undici';

/** The parts of a Sim this needs (so a test can build one by hand for a look-alike server). */
export interface SimAddress {
  readonly url: string;
  readonly hostname: string;
  readonly altNames: readonly string[];
  /** The certificate to trust; null over plain HTTP. */
  readonly certificatePem: string | null;
}

/** `fetch` bound to one sim: absolute URLs of its names, or paths relative to `sim.url`. */
export type SimFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `dns.lookup` stand-in that knows only the sim's names, all of them at 127.0.0.1. */
export function loopbackLookup(names: readonly string[]) {
  const known = new Set(names.map((n) => n.toLowerCase()));
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (!known.has(hostname.toLowerCase())) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, '');
    } else if (options.all === true) {
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      callback(null, '127.0.0.1', 4);
    }
  };
}

const agents = new WeakMap<SimAddress, Agent>();

function agentFor(sim: SimAddress): Agent {
  let agent = agents.get(sim);
  if (agent === undefined) {
    agent = new Agent({
      connect: {
        // Only this sim's certificate is trusted: not the system store, not "any".
        ...(sim.certificatePem === null ? {} : { ca: sim.certificatePem }),
        lookup: loopbackLookup([sim.hostname, ...sim.altNames, 'localhost', '127.0.0.1']),
      },
    });
    agents.set(sim, agent);
  }
  return agent;
}

/** A fetch for this sim, sharing one connection pool per sim. */
export function simFetch(sim: SimAddress): SimFetch {
  const dispatcher = agentFor(sim);
  return (input, init = {}) => fetch(new URL(input, sim.url), { ...init, dispatcher });
}

/** One request to the sim: `fetchFromSim(sim, '/api/haproxy/service/status', init)`. */
export function fetchFromSim(
  sim: SimAddress,
  path: string | URL,
  init?: RequestInit,
): Promise<Response> {
  return simFetch(sim)(path, init);
}

/** Closes the sim's connection pool (sim.stop() does it; idempotent). */
export async function closeSimFetch(sim: SimAddress): Promise<void> {
  const agent = agents.get(sim);
  agents.delete(sim);
  await agent?.destroy();
}
