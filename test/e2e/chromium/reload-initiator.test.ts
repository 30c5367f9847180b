/**
 * Another website's blind POST to a firewall's restart starts no check (issue 19, item 7), and
 * what Chromium reports as the sender of such a request, next to the firewall's own (the numbers
 * docs/security.md quotes).
 */
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { storedChecks } from '../support/extension-state.ts';
import {
  keptRequests,
  postBlindly,
  RESTART_PATH,
  startKeepingRequests,
  type ReportedRequest,
} from '../support/initiator-probe.ts';

const suite = chromiumSuite();

describe('reload requests another website sends, in Chromium', () => {
  it('names that website as initiator, and the follower starts no check for it', async () => {
    const firewall = await suite.startSim({ users: ['user0'] });
    const website = await suite.startSim({ scheme: 'http', hostname: 'website.test' });
    const tab = await suite.openFirewall(firewall);
    const options = await suite.newPage();
    await options.goto(suite.browser.extensionUrl('src/options/index.html'));
    await options.evaluate(startKeepingRequests);

    const other = await suite.newPage();
    await other.goto(`${website.url}/`);
    const restartUrl = `${firewall.url}${RESTART_PATH}`;
    await other.evaluate(postBlindly, restartUrl);
    await expect.poll(() => options.evaluate(keptRequests)).toHaveLength(2);
    // The firewall's own page sends the same request (without its token: refused by OPNsense,
    // but the browser reports it all the same, and the follower follows it).
    await tab.evaluate((url) => fetch(url, { method: 'POST' }).then(() => undefined), restartUrl);

    await expect.poll(() => options.evaluate(keptRequests)).toHaveLength(3);
    const [blindFetch, blindForm, own] = (await options.evaluate(keptRequests)) as [
      ReportedRequest,
      ReportedRequest,
      ReportedRequest,
    ];
    // Recorded for docs/security.md.
    console.info('Chromium reports', JSON.stringify({ blindFetch, blindForm, own }, null, 1));
    const websiteOrigin = new URL(website.url).origin;
    const firewallOrigin = new URL(firewall.url).origin;
    expect(blindFetch).toMatchObject({ type: 'xmlhttprequest', initiator: websiteOrigin });
    expect(blindForm).toMatchObject({ type: 'sub_frame', initiator: websiteOrigin });
    expect(own).toMatchObject({ type: 'xmlhttprequest', initiator: firewallOrigin });

    // The firewall's own request is followed: its restart check exists once the follower saw it…
    const restartChecks = async () =>
      (await storedChecks(suite.browser.serviceWorker)).filter(
        (check) => check.trigger === 'restart',
      );
    await expect.poll(async () => (await restartChecks()).length).toBeGreaterThan(0);
    // …and it is the only one: the website's requests, seen before it, began none.
    expect((await restartChecks()).map((check) => [check.origin, check.tabId])).toEqual([
      [firewall.url, own.tabId],
    ]);
    const checks = await storedChecks(suite.browser.serviceWorker);
    expect(checks.filter((check) => check.tabId === blindFetch.tabId)).toEqual([]);
  });
});
