/**
 * Whether the admin is working on a firewall now: a tab shows a page of its GUI, any page (the
 * ACME client's, the dashboard, the HAProxy page). Tab URLs are visible for enabled hosts only.
 */
import { webOriginOf } from '../../shared/origins.ts';

export async function firewallTabOpen(
  tabs: { query(query: object): Promise<readonly { readonly url?: string }[]> },
  origin: string,
): Promise<boolean> {
  const open = await tabs.query({}).catch(() => []);
  return open.some((tab) => webOriginOf(tab.url) === origin);
}
