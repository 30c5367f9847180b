/**
 * Revoking access in Firefox: "Disable" on the options page removes the host permission, the
 * background unregisters both content scripts, and a fresh load of the HAProxy page runs nothing
 * of the extension any more — Apply goes through without a check or a panel.
 */
import { describe, expect, it } from 'vitest';
import { firefoxSuite } from '../support/firefox-suite.ts';
import {
  applyAndWaitForReload,
  grantedOrigins,
  logIn,
  openHaproxyPage,
  pageObserverHooked,
  readPanel,
  registeredMatches,
  storedCheckOrigins,
  waitForPanelText,
} from './opnsense-page.ts';
import { waitFor } from '../../support/wait.ts';

const suite = firefoxSuite();

describe('revoking access, in Firefox', () => {
  it('"Disable" unregisters the content scripts and the HAProxy page gets no panel', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const options = await suite.enableFromOptionsPage(sim.url);
    const page = await suite.newPage();
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);

    // Enabled: the scripts run and a clean Apply is confirmed.
    await openHaproxyPage(page, sim.url, '#users');
    expect(await pageObserverHooked(page)).toBe(true);
    await applyAndWaitForReload(page);
    await waitForPanelText(page, /reload verified: one process, PID \d+/);
    expect(await storedCheckOrigins(options)).toEqual([sim.url]);

    await options.bringToFront();
    const card = `[data-testid="firewall-card"][data-origin="${sim.url}"]`;
    await options.locator(`${card} header button`).click();
    await waitFor(() => registeredMatches(options), {
      until: (matches) => Object.keys(matches).length === 0,
      what: 'the content scripts to be unregistered',
      timeoutMs: 15_000,
    });
    expect(await grantedOrigins(options)).toEqual([]);
    await options.waitForSelector(card, { hidden: true });

    // Revoked: a fresh load runs neither script; Apply starts no check and shows nothing.
    await openHaproxyPage(page, sim.url, '#users');
    expect(await pageObserverHooked(page)).toBe(false);
    expect(await readPanel(page)).toBeNull();
    const checksBefore = (await storedCheckOrigins(options)).length;
    await applyAndWaitForReload(page);
    expect(await pageObserverHooked(page)).toBe(false);
    expect(await readPanel(page)).toBeNull();
    expect(await storedCheckOrigins(options)).toHaveLength(checksBefore);
  });
});
