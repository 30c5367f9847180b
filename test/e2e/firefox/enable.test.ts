/**
 * Enabling a firewall in Firefox, for real: the release build (dist/firefox) runs nothing on a
 * firewall the admin has not enabled; a real click on the options page's "Enable" grants the host
 * (without its port — Firefox ignores match patterns with one) and the content scripts then run on
 * the GUI's non-default port.
 */
import { describe, expect, it } from 'vitest';
import { firefoxSuite } from '../support/firefox-suite.ts';
import {
  applyAndWaitForReload,
  grantedOrigins,
  OPTIONS_PAGE,
  openHaproxyPage,
  pageObserverHooked,
  readPanel,
  registeredMatches,
  screenshot,
  storedCheckOrigins,
  waitForPanelText,
} from './opnsense-page.ts';
import { waitFor } from '../../support/wait.ts';

const suite = firefoxSuite();

describe('enabling a firewall, in Firefox', () => {
  it('runs nothing until the admin clicks "Enable", then works on the non-default port', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const port = new URL(sim.url).port;
    expect(['', '80', '443']).not.toContain(port);

    const page = await suite.openFirewall(sim);
    const options = await suite.firefox.openExtensionPage(OPTIONS_PAGE, '#address');
    expect(await grantedOrigins(options)).toEqual([]);
    expect(await registeredMatches(options)).toEqual({});

    // Not enabled: Apply goes through untouched — no observer, no check, no panel.
    await applyAndWaitForReload(page);
    expect(await pageObserverHooked(page)).toBe(false);
    expect(await storedCheckOrigins(options)).toEqual([]);
    expect(await readPanel(page)).toBeNull();

    await options.bringToFront();
    await options.locator('#address').fill(sim.url);
    await options.locator('form button[type="submit"]').click();
    await options.waitForSelector(`[data-testid="firewall-card"][data-origin="${sim.url}"]`);
    expect(await grantedOrigins(options)).toEqual(['https://fw.test/*']);
    const matches = await waitFor(() => registeredMatches(options), {
      until: (registered) => Object.keys(registered).length === 2,
      what: 'the content scripts to be registered',
      timeoutMs: 15_000,
    });
    const haproxyPages = [
      'https://fw.test/ui/haproxy',
      'https://fw.test/ui/haproxy/*',
      'https://fw.test/ui/haproxy?*',
    ];
    expect(matches).toEqual({ 'hrg-content': haproxyPages, 'hrg-page-observer': haproxyPages });
    await screenshot(options, 'options-enabled');

    // Enabled: a fresh load of the HAProxy page on :<port> gets both scripts.
    await openHaproxyPage(page, sim.url, '#users');
    expect(await pageObserverHooked(page)).toBe(true);
    await sim.addUser('user1');
    await applyAndWaitForReload(page);
    const [pid] = await sim.haproxyPids();
    const confirmation = await waitForPanelText(page, /reload verified: one process, PID \d+/);
    expect(confirmation.role).toBe('status');
    expect(confirmation.text).toContain(String(pid));
    expect(await storedCheckOrigins(options)).toContain(sim.url);
    await options.close();
  });
});
