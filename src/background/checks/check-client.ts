/**
 * The API client a check's calls go through, with the authentication stored for the firewall.
 * The watch never uses the GUI session: each of its calls would keep the admin logged in, so a
 * watch look without an API key fails as a rejected key, which the options page explains.
 */
import type { CheckTrigger } from '../../core/model.ts';
import {
  createOpnsenseClient,
  type FirewallFetch,
  type OpnsenseClient,
} from '../../opnsense/client.ts';
import { OpnsenseError } from '../../opnsense/errors.ts';
import { requestAuthFor } from '../../shared/firewall-auth.ts';
import type { FirewallAuthSetting } from '../../shared/options-storage.ts';

export interface CheckClientDeps {
  /** The authentication stored for a firewall (options, `storage.local`). */
  storedAuth(origin: string): Promise<FirewallAuthSetting | undefined>;
  readonly fetch: FirewallFetch;
}

/**
 * The API client for a firewall; `csrfToken` comes from the page for POSTs in session mode.
 * `trigger` says what the calls are for: the watch's must never use the GUI session.
 */
export type ClientFor = (
  origin: string,
  csrfToken: string | null,
  trigger: CheckTrigger,
) => Promise<OpnsenseClient>;

export function createCheckClients(deps: CheckClientDeps): ClientFor {
  return async function clientFor(origin, csrfToken, trigger) {
    const auth = requestAuthFor(origin, await deps.storedAuth(origin), csrfToken);
    if (trigger === 'watch' && auth.kind !== 'api-key') {
      throw new OpnsenseError({ kind: 'api-key-rejected', endpoint: '', detail: 'no API key' });
    }
    return createOpnsenseClient({ origin, auth, fetch: deps.fetch });
  };
}
