import { describe, expect, it } from 'vitest';
import { tabShowsOrigin } from '../../../../src/background/tabs/tab-delivery.ts';
import { createFakeBrowser } from '../../fake-browser.ts';

const A = 'https://fw-a.lan:8443';

describe('tabShowsOrigin', () => {
  it.each([
    ['the firewall page itself', 'https://fw-a.lan:8443/ui/haproxy#users', true],
    ['another page of the same GUI', 'https://fw-a.lan:8443/ui/core/service', true],
    ['another firewall', 'https://fw-b.lan/ui/haproxy', false],
    ['the same host on another port', 'https://fw-a.lan/ui/haproxy', false],
    ['the same host over http', 'http://fw-a.lan:8443/ui/haproxy', false],
    ['a page without access (no url)', undefined, false],
    ['a browser page', 'chrome://newtab/', false],
  ])('%s: %s', async (_name, url, shows) => {
    const fake = createFakeBrowser();
    fake.setTab(3, url);
    expect(await tabShowsOrigin(fake.browser.tabs, 3, A)).toBe(shows);
  });

  it('is false for a tab that was closed', async () => {
    const fake = createFakeBrowser();
    expect(await tabShowsOrigin(fake.browser.tabs, 99, A)).toBe(false);
  });
});
